import { z } from 'zod';
import { optional, required } from '../shared/form-fields.js';
import { t } from '../shared/bilingual.js';

const nameRequired = t('이름을 입력하세요', 'Enter a name');

/** The segment's own fields from the AdminJS form; its content is edited on the canvas. Messages in both languages (bilingual.ts). */
export const segmentInputSchema = z.object({
  name: required(z.string().trim().min(1, nameRequired).max(100, t('이름은 100자 이하입니다', 'A name has at most 100 characters')), nameRequired),
  description: optional(z.string().trim().max(500, t('설명은 500자 이하입니다', 'A description has at most 500 characters'))),
});
