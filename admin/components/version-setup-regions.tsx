import React from 'react';
import { PropertyLabel, useTranslation, type EditPropertyProps } from 'adminjs';
import { Box, CheckBox, FormGroup, FormMessage, Label, Text } from '@adminjs/design-system';

/**
 * 가입 가능 지역: the seventeen 시·도 as checkboxes (keyboard operable, each
 * with its label), saved as comma-separated codes; none = anywhere.
 */
const RegionsEdit: React.FC<EditPropertyProps> = ({ property, record, onChange }) => {
  const { translateLabel, translateMessage } = useTranslation();
  const all = ((property.custom as { regions?: string[] })?.regions ?? []) as string[];
  const chosen = new Set(
    String(record?.params?.[property.path] ?? '')
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean),
  );
  const toggle = (code: string) => {
    const next = new Set(chosen);
    if (next.has(code)) next.delete(code);
    else next.add(code);
    onChange?.(property.path, all.filter((r) => next.has(r)).join(','));
  };
  const error = record?.errors?.[property.path];
  return (
    <FormGroup error={Boolean(error)}>
      <PropertyLabel property={property} />
      <Box as="fieldset" flex flexDirection="row" flexWrap="wrap" style={{ border: 0, padding: 0, margin: 0 }} aria-describedby={`${property.path}-hint`}>
        {all.map((code) => (
          <Box key={code} mr="lg" mb="sm" flex alignItems="center">
            <CheckBox id={`region-${code}`} name={`region-${code}`} checked={chosen.has(code)} onChange={() => toggle(code)} />
            <Label inline htmlFor={`region-${code}`} ml="sm">
              {translateLabel(`region.${code}`)}
            </Label>
          </Box>
        ))}
      </Box>
      <Text id={`${property.path}-hint`} variant="sm">
        {translateMessage('rg_hint')}
      </Text>
      <FormMessage>{error?.message}</FormMessage>
    </FormGroup>
  );
};

export default RegionsEdit;
