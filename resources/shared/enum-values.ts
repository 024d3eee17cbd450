/**
 * AdminJS `availableValues` for an enumeration. Labels are the raw values on
 * purpose: AdminJS translates them through the locale files
 * (`resources.<Id>.labels.<property>.<value>`), in Korean or English.
 */
export const enumValues = (values: readonly (string | number)[]) => values.map((v) => ({ value: String(v), label: String(v) }));
