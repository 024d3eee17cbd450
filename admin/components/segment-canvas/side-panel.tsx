import React, { useEffect, useRef, useState } from 'react';
import type { SegmentGraphError } from '../../../builder/segment/segment-graph.js';
import { customerFieldNames, customerFields, operatorsByKind, type CustomerFieldName } from '../../../engine/definitions/segment/customer-fields.js';
import { eventTypeName, labelOr, useCanvas, type Translate } from './canvas-context.js';
import { attributeDefaults, type FlowNode } from './flow-graph.js';
import { EventFiltersEditor } from './event-filters-editor.js';
import { MultiCheck, NumberInput, SelectInput, TextInput } from './param-inputs.js';
import type { SegmentOptions } from './segment-api.js';

type Data = Record<string, unknown>;
interface EditorProps {
  data: Data;
  set: (patch: Data) => void;
  replace: (data: Data) => void;
  t: Translate;
  options: SegmentOptions | null;
  disabled: boolean;
  segmentId: number;
  errors: SegmentGraphError[];
  language: 'ko' | 'en';
}

/** Where a block can be connected: the result or a group (never itself or a block inside it). */
export interface ParentChoice {
  id: string;
  label: string;
}

/** Sets keys; an undefined value removes the key, so an emptied box never leaves a stale parameter behind. */
const patched = (data: Data, patch: Data): Data => {
  const next = { ...data, ...patch };
  for (const [k, v] of Object.entries(patch)) if (v === undefined) delete next[k];
  return next;
};

/** Choices for in/notIn and tag operators, from the catalogue (enums) or the bank's data (branches, staff, tags). */
function valueChoices(field: CustomerFieldName, t: Translate, options: SegmentOptions | null) {
  const def = customerFields[field];
  if (def.kind === 'enum') return (def.values ?? []).map((v: string) => ({ value: v, label: labelOr(t, `enum_${field}_${v}`, v) }));
  if (field === 'branch') return (options?.branches ?? []).map((b) => ({ value: b.code, label: `${b.name} (${b.code})` }));
  if (field === 'assignedStaff') return (options?.staff ?? []).map((s) => ({ value: String(s.id), label: s.name }));
  if (def.kind === 'tags') return (options?.tags ?? []).map((v) => ({ value: v, label: v }));
  return [];
}

/** Why a typed tag cannot be added, or null when it can (the definition's own rules: no comma, at most 60 characters). */
const tagProblem = (tag: string, chosen: string[], t: Translate): string | null =>
  tag === '' ? null : tag.includes(',') ? t('tagNoComma') : tag.length > 60 ? t('tagTooLong') : chosen.includes(tag) ? t('tagAlreadyChosen') : null;

/** A tag the bank's data does not have yet (e.g. one a campaign is about to set): typed, then added to the chosen values. */
const TagAdder: React.FC<{ chosen: string[]; t: Translate; disabled: boolean; onAdd: (tag: string) => void }> = ({ chosen, t, disabled, onAdd }) => {
  const [text, setText] = useState('');
  const tag = text.trim();
  const problem = tagProblem(tag, chosen, t);
  const add = () => {
    if (tag === '' || problem) return;
    onAdd(tag);
    setText('');
  };
  if (disabled) return null;
  return (
    <div style={{ marginBottom: 10, fontSize: 13 }}>
      <div style={{ display: 'flex', gap: 4 }}>
        <input
          style={{ flex: 1, padding: '4px 6px', border: '1px solid #d0d7de', borderRadius: 4, fontSize: 13 }}
          data-testid="param-tag-new"
          placeholder={t('tagNewPlaceholder')}
          value={text}
          maxLength={80}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
        />
        <button type="button" data-testid="param-tag-add" disabled={tag === '' || problem !== null} onClick={add}>
          {t('tagAdd')}
        </button>
      </div>
      {problem && (
        <div style={{ color: '#cf222e', fontSize: 12 }} data-testid="param-tag-problem">
          {problem}
        </div>
      )}
    </div>
  );
};

const chosenList = (values: unknown): string[] => (Array.isArray(values) ? values.map(String) : []);

const AttributeEditor: React.FC<EditorProps> = ({ data, set, replace, t, options, disabled }) => {
  const field = (customerFieldNames as string[]).includes(String(data.field)) ? (data.field as CustomerFieldName) : 'region';
  const kind = customerFields[field].kind;
  const op = String(data.op ?? '');
  const common = { disabled };
  return (
    <>
      <SelectInput
        {...common}
        label={t('param_field')}
        testId="param-field"
        value={field}
        choices={customerFieldNames.map((f) => ({ value: f, label: t(`field_${f}`) }))}
        onChange={(v) => v && replace(attributeDefaults(v as CustomerFieldName))}
      />
      <SelectInput
        {...common}
        label={t('param_op')}
        testId="param-op"
        value={op}
        choices={operatorsByKind[kind].map((o: string) => ({ value: o, label: t(`op_${o}`) }))}
        onChange={(v) => v && replace(attributeDefaults(field, v))}
      />
      {(kind === 'enum' || kind === 'code') && (
        <MultiCheck
          {...common}
          label={t('param_values')}
          testId="param-values"
          values={data.values}
          choices={valueChoices(field, t, options)}
          onChange={(v) => set({ values: v })}
        />
      )}
      {kind === 'tags' && (
        <>
          <MultiCheck
            {...common}
            label={t('param_values')}
            testId="param-values"
            values={data.values}
            onChange={(v) => set({ values: v })}
            // Typed tags the data does not hold yet stay listed (checked) beside the known ones.
            choices={[
              ...valueChoices(field, t, options),
              ...chosenList(data.values)
                .filter((v) => !options?.tags.includes(v))
                .map((v) => ({ value: v, label: v })),
            ]}
          />
          <TagAdder chosen={chosenList(data.values)} t={t} disabled={disabled} onAdd={(tag) => set({ values: [...chosenList(data.values), tag] })} />
        </>
      )}
      {kind === 'text' && <TextInput {...common} label={t('param_value')} testId="param-value" value={data.value} onChange={(v) => set({ value: v })} />}
      {kind === 'number' && op === 'between' && (
        <>
          <NumberInput {...common} label={t('param_min')} testId="param-min" value={data.min} onChange={(v) => set({ min: v })} />
          <NumberInput {...common} label={t('param_max')} testId="param-max" value={data.max} onChange={(v) => set({ max: v })} />
        </>
      )}
      {kind === 'number' && op !== 'between' && <NumberInput {...common} label={t('param_value')} testId="param-value" value={data.value} onChange={(v) => set({ value: v })} />}
      {kind === 'boolean' && (
        <SelectInput
          {...common}
          label={t('param_value')}
          testId="param-value"
          value={data.value === undefined ? undefined : String(data.value)}
          choices={[
            { value: 'true', label: t('yes') },
            { value: 'false', label: t('no') },
          ]}
          onChange={(v) => set({ value: v === undefined ? undefined : v === 'true' })}
        />
      )}
      {kind === 'date' && op === 'between' && (
        <>
          <TextInput {...common} type="date" label={t('param_from')} testId="param-from" value={data.from} onChange={(v) => set({ from: v })} />
          <TextInput {...common} type="date" label={t('param_to')} testId="param-to" value={data.to} onChange={(v) => set({ to: v })} />
        </>
      )}
      {kind === 'date' && op === 'withinLastDays' && <NumberInput {...common} label={t('param_days')} testId="param-days" value={data.days} onChange={(v) => set({ days: v })} />}
      {kind === 'date' && (op === 'before' || op === 'after') && (
        <TextInput {...common} type="date" label={t('param_value')} testId="param-value" value={data.value} onChange={(v) => set({ value: v })} />
      )}
    </>
  );
};

const HoldingEditor: React.FC<EditorProps> = ({ data, set, t, options, disabled }) => {
  const products = (options?.products ?? []).filter((p) => !data.productType || p.type === data.productType);
  return (
    <>
      <SelectInput
        disabled={disabled}
        label={t('param_mode')}
        testId="param-mode"
        value={String(data.mode ?? 'holds')}
        choices={['holds', 'notHolds'].map((m) => ({ value: m, label: t(`mode_${m}`) }))}
        onChange={(v) => set({ mode: v })}
      />
      <SelectInput
        disabled={disabled}
        label={t('param_productType')}
        testId="param-productType"
        value={data.productType as string | undefined}
        emptyLabel={t('anyProduct')}
        choices={(options?.productTypes ?? []).map((p) => ({ value: p, label: labelOr(t, `productType_${p}`, p) }))}
        onChange={(v) => set({ productType: v })}
      />
      <SelectInput
        disabled={disabled}
        label={t('param_productCode')}
        testId="param-productCode"
        value={data.productCode as string | undefined}
        emptyLabel={t('anyProduct')}
        choices={products.map((p) => ({ value: p.code, label: `${p.name} (${p.code})` }))}
        onChange={(v) => set({ productCode: v })}
      />
      <NumberInput disabled={disabled} label={t('param_minAmount')} testId="param-minAmount" value={data.minAmount} onChange={(v) => set({ minAmount: v })} />
      <NumberInput disabled={disabled} label={t('param_maxAmount')} testId="param-maxAmount" value={data.maxAmount} onChange={(v) => set({ maxAmount: v })} />
      <NumberInput
        disabled={disabled}
        label={t('param_openedWithinDays')}
        testId="param-openedWithinDays"
        value={data.openedWithinDays}
        onChange={(v) => set({ openedWithinDays: v })}
      />
    </>
  );
};

const EventEditor: React.FC<EditorProps> = ({ data, set, t, options, disabled, errors, language }) => {
  const w = (data.window ?? { kind: 'lastDays', days: 30 }) as Data;
  return (
    <>
      <SelectInput
        disabled={disabled}
        label={t('param_eventType')}
        testId="param-eventType"
        value={data.eventType as string | undefined}
        choices={(options?.eventTypes ?? []).map((e) => ({ value: e.type, label: `${eventTypeName(e.type, language)} (${e.count.toLocaleString('ko-KR')})` }))}
        onChange={(v) => set({ eventType: v })}
      />
      <SelectInput
        disabled={disabled}
        label={t('param_op')}
        testId="param-op"
        value={String(data.op ?? 'atLeast')}
        choices={['atLeast', 'atMost'].map((o) => ({ value: o, label: t(`op_${o}`) }))}
        onChange={(v) => set({ op: v })}
      />
      <NumberInput disabled={disabled} label={t('param_times')} testId="param-times" value={data.times} onChange={(v) => set({ times: v })} />
      <SelectInput
        disabled={disabled}
        label={t('param_window')}
        testId="param-window"
        value={String(w.kind)}
        choices={['lastDays', 'between'].map((k) => ({ value: k, label: t(`window_${k}`) }))}
        onChange={(v) => set({ window: v === 'between' ? { kind: 'between' } : { kind: 'lastDays', days: 30 } })}
      />
      {w.kind === 'between' ? (
        <>
          <TextInput disabled={disabled} type="date" label={t('param_from')} testId="param-from" value={w.from} onChange={(v) => set({ window: patched(w, { from: v }) })} />
          <TextInput disabled={disabled} type="date" label={t('param_to')} testId="param-to" value={w.to} onChange={(v) => set({ window: patched(w, { to: v }) })} />
        </>
      ) : (
        <NumberInput disabled={disabled} label={t('param_days')} testId="param-days" value={w.days} onChange={(v) => set({ window: patched(w, { days: v }) })} />
      )}
      <EventFiltersEditor where={data.where} t={t} disabled={disabled} errors={errors} onChange={(where) => set({ where })} />
    </>
  );
};

const SegmentEditor: React.FC<EditorProps> = ({ data, set, t, options, disabled, segmentId }) => (
  <SelectInput
    disabled={disabled}
    label={t('param_segment')}
    testId="param-segmentId"
    value={data.segmentId === undefined ? undefined : String(data.segmentId)}
    // A segment cannot contain itself; deeper cycles are refused by the server.
    choices={(options?.segments ?? []).filter((s) => s.id !== segmentId).map((s) => ({ value: String(s.id), label: `${s.name} (${s.status})` }))}
    onChange={(v) => set({ segmentId: v === undefined ? undefined : Number(v) })}
  />
);

/**
 * Parameters of the selected block; every change is one undo step. "Connect
 * to" attaches the block to the result or a group without a mouse (the
 * same as drawing the connection). When `focusToken` changes (a block was
 * just added from the palette by keyboard) focus moves here.
 */
export const SidePanel: React.FC<{
  node: FlowNode | undefined;
  segmentId: number;
  onChange: (id: string, data: Data) => void;
  parents: ParentChoice[];
  parentOf: string | undefined;
  onParent: (id: string, parent: string | undefined) => void;
  focusToken: number;
}> = ({ node, segmentId, onChange, parents, parentOf, onParent, focusToken }) => {
  const { t, options, readOnly, errorsByNode, language } = useCanvas();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusToken > 0) heading.current?.focus();
  }, [focusToken]);
  if (!node)
    return (
      <section style={{ width: 260, color: '#57606a', fontSize: 13 }} data-testid="side-panel" aria-label={t('sidePanelTitle')}>
        {t('selectBlock')}
      </section>
    );
  const set = (patch: Data) => onChange(node.id, patched(node.data, patch));
  const replace = (data: Data) => onChange(node.id, data);
  const errors = errorsByNode.get(node.id) ?? [];
  const props: EditorProps = { data: node.data, set, replace, t, options, disabled: readOnly, segmentId, errors, language };
  // A property filter's errors are shown in its own row.
  const general = node.type === 'event' ? errors.filter((e) => !/^where\.\d+(\.|$)/.test(e.path ?? '')) : errors;
  return (
    <section style={{ width: 260 }} data-testid="side-panel" data-node-id={node.id} aria-labelledby="segment-side-panel-title">
      <h2 id="segment-side-panel-title" ref={heading} tabIndex={-1} className="segment-panel-heading" style={{ fontWeight: 700, fontSize: 15, margin: '0 0 8px' }}>
        {t(`block_${node.type}`)}
      </h2>
      {node.type !== 'audience' && (
        <SelectInput
          disabled={readOnly}
          label={t('param_parent')}
          testId="param-parent"
          value={parentOf}
          emptyLabel={t('parentNone')}
          choices={parents.map((p) => ({ value: p.id, label: p.label }))}
          onChange={(v) => onParent(node.id, v)}
        />
      )}
      {node.type === 'attribute' && <AttributeEditor {...props} />}
      {node.type === 'holding' && <HoldingEditor {...props} />}
      {node.type === 'event' && <EventEditor {...props} />}
      {node.type === 'segment' && <SegmentEditor {...props} />}
      {['and', 'or', 'not', 'audience'].includes(String(node.type)) && <div style={{ fontSize: 13, color: '#57606a' }}>{t(`blockHelp_${node.type}`)}</div>}
      {general.map((e, i) => (
        <div key={i} style={{ color: '#cf222e', fontSize: 12, marginTop: 6 }}>
          {e.message}
        </div>
      ))}
    </section>
  );
};
