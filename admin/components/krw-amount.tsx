import React from 'react';
import { PropertyLabel, useTranslation, type BasePropertyProps } from 'adminjs';
import { FormGroup, FormMessage, Input, ValueGroup } from '@adminjs/design-system';
import { formatKrw } from './formatting.js';

/**
 * An amount in won, for any resource (`components.KrwAmount` on list, show
 * and edit): "1,000,000원" / "₩1,000,000" in lists and pages; in forms the
 * digits are grouped as they are typed, and the server reads the commas
 * away (krw() in the input schemas). Empty stays empty (no limit).
 */
const group = (raw: string) => {
  const digits = raw.replace(/[^\d]/g, '').replace(/^0+(?=\d)/, '');
  return digits ? BigInt(digits).toLocaleString('en-US') : '';
};

const KrwAmount: React.FC<BasePropertyProps> = ({ property, record, onChange, where }) => {
  const { i18n } = useTranslation();
  const value = record?.params?.[property.path] as string | number | null | undefined;
  if (where === 'list') return <span>{formatKrw(value, i18n.language)}</span>;
  if (where === 'show') return <ValueGroup label={property.label} value={formatKrw(value, i18n.language) || '-'} />;
  const error = record?.errors?.[property.path];
  return (
    <FormGroup error={Boolean(error)}>
      <PropertyLabel property={property} />
      <Input
        id={property.path}
        name={property.path}
        inputMode="numeric"
        value={group(String(value ?? ''))}
        onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange?.(property.path, group(e.target.value))}
      />
      <FormMessage>{error?.message}</FormMessage>
    </FormGroup>
  );
};

export default KrwAmount;
