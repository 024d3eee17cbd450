import React, { useState } from 'react';
import type { SegmentGraphError } from '../../../builder/segment/segment-graph.js';
import type { Translate } from './canvas-context.js';
import { DecimalInput, SelectInput, TextInput } from './param-inputs.js';

type Filter = Record<string, unknown>;
type ValueType = 'text' | 'number' | 'boolean';

export const maxEventFilters = 5;
export const filterOps = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte'] as const;
const comparesNumbers = (op: unknown) => op === 'gt' || op === 'gte' || op === 'lt' || op === 'lte';

/** What a new filter starts with: the property is the choice left (the compiler says so on the block). */
export const newEventFilter = (): Filter => ({ property: '', op: 'eq', value: '' });

/** The value's type as stored; an emptied number box keeps the type the marketer chose. */
function typeOf(f: Filter, remembered: ValueType | undefined): ValueType {
  if (comparesNumbers(f.op)) return 'number';
  if (typeof f.value === 'number') return 'number';
  if (typeof f.value === 'boolean') return 'boolean';
  if (typeof f.value === 'string') return 'text';
  return remembered ?? 'text';
}

/** The value carried over to another type: kept when it fits, converted when it reads as one, else a default. */
function convert(value: unknown, to: ValueType): unknown {
  if (to === 'number') {
    if (typeof value === 'number') return value;
    const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
    return Number.isFinite(n) ? n : undefined;
  }
  if (to === 'boolean') return typeof value === 'boolean' ? value : value === 'false' ? false : true;
  return value === undefined ? '' : String(value);
}

/** Sets a filter's keys; an undefined value removes the key (the compiler then asks for it). */
const patchedFilter = (f: Filter, patch: Filter): Filter => {
  const next = { ...f, ...patch };
  for (const [k, v] of Object.entries(patch)) if (v === undefined) delete next[k];
  return next;
};

const FilterRow: React.FC<{
  index: number;
  filter: Filter;
  t: Translate;
  disabled: boolean;
  errors: SegmentGraphError[];
  onChange: (f: Filter) => void;
  onRemove: () => void;
}> = ({ index, filter, t, disabled, errors, onChange, onRemove }) => {
  const [remembered, setRemembered] = useState<ValueType | undefined>(undefined);
  const type = typeOf(filter, remembered);
  const id = `where-${index}`;
  const set = (patch: Filter) => onChange(patchedFilter(filter, patch));
  return (
    <div data-testid={id} style={{ border: '1px solid #d0d7de', borderRadius: 4, padding: 6, marginBottom: 6 }}>
      <TextInput
        disabled={disabled}
        label={t('filter_property')}
        testId={`${id}-property`}
        value={filter.property}
        // Empty stays a string so the compiler's message says what a property name looks like.
        onChange={(v) => set({ property: v ?? '' })}
      />
      <SelectInput
        disabled={disabled}
        label={t('param_op')}
        testId={`${id}-op`}
        value={String(filter.op ?? 'eq')}
        choices={filterOps.map((o) => ({ value: o, label: t(`filterOp_${o}`) }))}
        onChange={(op) => {
          if (!op) return;
          set(comparesNumbers(op) ? { op, value: convert(filter.value, 'number') } : { op });
        }}
      />
      {!comparesNumbers(filter.op) && (
        <SelectInput
          disabled={disabled}
          label={t('filter_valueType')}
          testId={`${id}-type`}
          value={type}
          choices={(['text', 'number', 'boolean'] as const).map((k) => ({ value: k, label: t(`valueType_${k}`) }))}
          onChange={(v) => {
            if (!v) return;
            setRemembered(v as ValueType);
            set({ value: convert(filter.value, v as ValueType) });
          }}
        />
      )}
      {type === 'text' && <TextInput disabled={disabled} label={t('param_value')} testId={`${id}-value`} value={filter.value} onChange={(v) => set({ value: v ?? '' })} />}
      {type === 'number' && (
        <DecimalInput
          disabled={disabled}
          label={t('param_value')}
          testId={`${id}-value`}
          value={filter.value}
          onChange={(v) => {
            setRemembered('number');
            set({ value: v });
          }}
        />
      )}
      {type === 'boolean' && (
        <SelectInput
          disabled={disabled}
          label={t('param_value')}
          testId={`${id}-value`}
          value={String(filter.value === true)}
          choices={[
            { value: 'true', label: t('valueTrue') },
            { value: 'false', label: t('valueFalse') },
          ]}
          onChange={(v) => set({ value: v === 'true' })}
        />
      )}
      {errors.map((e, i) => (
        <div key={i} style={{ color: '#cf222e', fontSize: 12 }} data-testid={`${id}-error`}>
          {e.message}
        </div>
      ))}
      {!disabled && (
        <button type="button" data-testid={`${id}-remove`} onClick={onRemove} style={{ fontSize: 12 }}>
          {t('filter_remove')}
        </button>
      )}
    </div>
  );
};

/**
 * The property filters of an event block (`where`): each narrows the events
 * counted to those whose property compares as given. At most five, as the
 * definition allows; each edit is one undo step like any other parameter.
 */
export const EventFiltersEditor: React.FC<{
  where: unknown;
  t: Translate;
  disabled: boolean;
  errors: SegmentGraphError[];
  onChange: (where: Filter[]) => void;
}> = ({ where, t, disabled, errors, onChange }) => {
  const filters = Array.isArray(where) ? (where as Filter[]) : [];
  const errorsOf = (i: number) => errors.filter((e) => e.path === `where.${i}` || e.path?.startsWith(`where.${i}.`));
  return (
    <fieldset data-testid="where-list" data-count={filters.length} style={{ border: '1px solid #d0d7de', borderRadius: 4, padding: 6, marginBottom: 10, fontSize: 13 }}>
      <legend>{t('filter_title')}</legend>
      {filters.length === 0 && <div style={{ color: '#57606a', fontSize: 12, marginBottom: 6 }}>{t('filter_none')}</div>}
      {filters.map((f, i) => (
        <FilterRow
          key={i}
          index={i}
          filter={f}
          t={t}
          disabled={disabled}
          errors={errorsOf(i)}
          onChange={(next) => onChange(filters.map((x, j) => (j === i ? next : x)))}
          onRemove={() => onChange(filters.filter((_, j) => j !== i))}
        />
      ))}
      {!disabled && (
        <button
          type="button"
          data-testid="where-add"
          disabled={filters.length >= maxEventFilters}
          onClick={() => onChange([...filters, newEventFilter()])}
          title={filters.length >= maxEventFilters ? t('filter_max', { count: maxEventFilters }) : undefined}
        >
          {t('filter_add')}
        </button>
      )}
      {filters.length >= maxEventFilters && !disabled && <div style={{ color: '#57606a', fontSize: 12 }}>{t('filter_max', { count: maxEventFilters })}</div>}
    </fieldset>
  );
};
