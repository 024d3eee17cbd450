import React, { useEffect, useState } from 'react';

/** Plain form controls for the side panel: native elements, so keyboard use and browser tests work without tricks. */

const row: React.CSSProperties = { display: 'flex', flexDirection: 'column', gap: 2, marginBottom: 10, fontSize: 13 };
const control: React.CSSProperties = { padding: '4px 6px', border: '1px solid #d0d7de', borderRadius: 4, fontSize: 13 };
/** A read-only box looks read-only (browsers grey out disabled selects but not text boxes). */
const boxStyle = (disabled: boolean): React.CSSProperties => (disabled ? { ...control, background: '#f6f8fa', color: '#57606a' } : control);

interface Base {
  label: string;
  testId: string;
  disabled: boolean;
}

export const SelectInput: React.FC<
  Base & {
    value: string | undefined;
    choices: Array<{ value: string; label: string }>;
    onChange: (v: string | undefined) => void;
    emptyLabel?: string;
  }
> = ({ label, testId, disabled, value, choices, onChange, emptyLabel }) => {
  const known = value === undefined || value === '' || choices.some((c) => c.value === value);
  return (
    <label style={row}>
      {label}
      <select style={control} data-testid={testId} disabled={disabled} value={value ?? ''} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}>
        {(emptyLabel !== undefined || value === undefined || value === '') && <option value="">{emptyLabel ?? '—'}</option>}
        {!known && <option value={value}>{value}</option>}
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  );
};

export const TextInput: React.FC<Base & { value: unknown; type?: 'text' | 'date'; onChange: (v: string | undefined) => void }> = ({
  label,
  testId,
  disabled,
  value,
  type = 'text',
  onChange,
}) => (
  <label style={row}>
    {label}
    <input
      style={boxStyle(disabled)}
      type={type}
      data-testid={testId}
      disabled={disabled}
      value={typeof value === 'string' ? value : ''}
      onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
    />
  </label>
);

/** A whole number; an empty box means "not set" (the compiler says when it is needed). */
export const NumberInput: React.FC<Base & { value: unknown; onChange: (v: number | undefined) => void }> = ({ label, testId, disabled, value, onChange }) => (
  <label style={row}>
    {label}
    <input
      style={boxStyle(disabled)}
      type="number"
      step={1}
      data-testid={testId}
      disabled={disabled}
      value={typeof value === 'number' ? value : ''}
      onChange={(e) => onChange(e.target.value === '' || Number.isNaN(e.target.valueAsNumber) ? undefined : Math.trunc(e.target.valueAsNumber))}
    />
  </label>
);

export const MultiCheck: React.FC<Base & { values: unknown; choices: Array<{ value: string; label: string }>; onChange: (v: string[] | undefined) => void }> = ({
  label,
  testId,
  disabled,
  values,
  choices,
  onChange,
}) => {
  const chosen = Array.isArray(values) ? values.map(String) : [];
  const toggle = (v: string) => {
    const next = chosen.includes(v) ? chosen.filter((x) => x !== v) : [...chosen, v];
    onChange(next.length ? next : undefined);
  };
  return (
    <fieldset style={{ ...row, border: '1px solid #d0d7de', borderRadius: 4, padding: 6, maxHeight: 220, overflowY: 'auto' }} data-testid={testId}>
      <legend>{label}</legend>
      {choices.map((c) => (
        <label key={c.value} style={{ display: 'flex', gap: 6, alignItems: 'center' }}>
          <input type="checkbox" data-testid={`${testId}-${c.value}`} disabled={disabled} checked={chosen.includes(c.value)} onChange={() => toggle(c.value)} />
          {c.label}
        </label>
      ))}
    </fieldset>
  );
};

/**
 * Any finite number (event properties hold amounts and ratios). The box keeps
 * what is typed ("1.", "-") while the stored value is the number it reads as;
 * text that is not a number stores nothing, and the compiler asks for a value.
 */
export const DecimalInput: React.FC<Base & { value: unknown; onChange: (v: number | undefined) => void }> = ({ label, testId, disabled, value, onChange }) => {
  const shown = typeof value === 'number' ? String(value) : '';
  const [text, setText] = useState(shown);
  const parse = (s: string) => (s.trim() === '' || !Number.isFinite(Number(s)) ? undefined : Number(s));
  // Undo, redo or another block: show the stored value unless the box already reads as it.
  useEffect(() => {
    if (parse(text) !== (typeof value === 'number' ? value : undefined)) setText(shown);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- follows the stored value only; re-running on `text` would fight the typing
  }, [value]);
  return (
    <label style={row}>
      {label}
      <input
        style={boxStyle(disabled)}
        type="text"
        inputMode="decimal"
        data-testid={testId}
        disabled={disabled}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          onChange(parse(e.target.value));
        }}
      />
    </label>
  );
};
