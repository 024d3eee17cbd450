import { z } from 'zod';
import { optional, required } from '../shared/form-fields.js';

/** The segment's own fields from the AdminJS form; its content is edited on the canvas. */
export const segmentInputSchema = z.object({
  name: required(z.string().trim().min(1, '이름을 입력하세요').max(100, '이름은 100자 이하입니다'), '이름을 입력하세요'),
  description: optional(z.string().trim().max(500, '설명은 500자 이하입니다')),
});
