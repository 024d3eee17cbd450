import React from 'react';
import { PropertyLabel, type EditPropertyProps } from 'adminjs';
import { FormGroup, FormMessage, Input } from '@adminjs/design-system';

/**
 * Calendar-date field (validity periods, opening dates, birth dates).
 * AdminJS's date picker turns the picked local midnight into UTC and cuts the
 * time, so in Korea (UTC+9) every picked day is saved one day early. A native
 * date input yields the day itself, `YYYY-MM-DD`, whatever the time zone.
 */
const DateEdit: React.FC<EditPropertyProps> = ({ property, record, onChange }) => {
  const value = String(record?.params?.[property.path] ?? '').slice(0, 10);
  const error = record?.errors?.[property.path];
  return (
    <FormGroup error={Boolean(error)}>
      <PropertyLabel property={property} />
      <Input type="date" id={property.path} name={property.path} value={value} onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange?.(property.path, e.target.value)} />
      <FormMessage>{error?.message}</FormMessage>
    </FormGroup>
  );
};

export default DateEdit;
