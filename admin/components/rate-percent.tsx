import React, { useState } from 'react';
import { PropertyLabel, useTranslation, type BasePropertyProps } from 'adminjs';
import { FormGroup, FormMessage, Input, Text, ValueGroup } from '@adminjs/design-system';
import { formatRateBp, percentToBp } from './formatting.js';

/**
 * A rate stored as basis points (`rate_bp`), entered and shown in percent:
 * list and show print "3.50%"; the form takes "3.5" and sends 350, exactly
 * (string arithmetic, percentToBp). The label is the property's ("금리(%)").
 */
const RatePercent: React.FC<BasePropertyProps> = ({ property, record, onChange, where }) => {
  const { i18n, translateMessage } = useTranslation();
  const lang = i18n.language;
  const bp = record?.params?.[property.path] as string | number | undefined;
  const shown = bp === undefined || bp === null || bp === '' ? '' : (Number(bp) / 100).toFixed(2);
  const [text, setText] = useState(shown);
  if (where === 'list') return <span>{formatRateBp(bp, lang)}</span>;
  if (where === 'show') return <ValueGroup label={property.label} value={formatRateBp(bp, lang)} />;
  const parsed = text.trim() === '' ? null : percentToBp(text);
  const invalid = text.trim() !== '' && parsed === null;
  const error = record?.errors?.[property.path];
  return (
    <FormGroup error={Boolean(error) || invalid}>
      <PropertyLabel property={property} />
      <Input
        id={property.path}
        name={`${property.path}Percent`}
        inputMode="decimal"
        value={text}
        aria-invalid={invalid || Boolean(error)}
        aria-describedby={`${property.path}-hint`}
        onChange={(e: React.ChangeEvent<HTMLInputElement>) => {
          setText(e.target.value);
          const next = e.target.value.trim() === '' ? null : percentToBp(e.target.value);
          // An unreadable percent sends nothing, so the server asks for the rate.
          onChange?.(property.path, next === null ? '' : String(next));
        }}
      />
      <Text id={`${property.path}-hint`} variant="sm" mt="sm">
        {invalid ? translateMessage('rp_invalid') : translateMessage('rp_hint', undefined, { bp: parsed ?? '-' })}
      </Text>
      <FormMessage>{error?.message}</FormMessage>
    </FormGroup>
  );
};

export default RatePercent;
