import { z } from 'zod';

/** A whole number in [min, max], with messages an operator understands (for config.schema.ts and channels.config.ts). */
export const int = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: `must be a whole number between ${min} and ${max}` })
    .int(`must be a whole number between ${min} and ${max}`)
    .min(min, `must be a whole number between ${min} and ${max}`)
    .max(max, `must be a whole number between ${min} and ${max}`)
    .default(fallback);
