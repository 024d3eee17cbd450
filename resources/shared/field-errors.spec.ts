import { z } from 'zod';
import { fieldErrorsOf } from './field-errors.js';
import { localiseErrors } from './bilingual.js';

const schema = z.object({
  name: z.string(),
  code: z.string().min(3),
  amount: z.number().max(5),
  kind: z.enum(['A', 'B']),
  email: z.email(),
  own: z.string({ error: 'displayNameRequired' }),
  korean: z.string().min(2, '두 글자 이상 입력하세요.'),
});

test("zod's built-in messages come out in Korean and English; a schema's own messages stay; every field is reported", () => {
  const r = schema.safeParse({ code: 'x', amount: 9, kind: 'C', email: 'no', korean: 'a' });
  expect(r.success).toBe(false);
  const errors = fieldErrorsOf(r.error!);
  expect(Object.keys(errors).sort()).toEqual(['amount', 'code', 'email', 'kind', 'korean', 'name', 'own']);
  expect(localiseErrors(errors, 'ko')).toMatchObject({
    name: { message: '필수 입력 항목입니다.' },
    code: { message: '3자 이상 입력하세요.' },
    amount: { message: '5 이하여야 합니다.' },
    kind: { message: '허용된 값 중 하나를 선택하세요.' },
    email: { message: '올바른 이메일 주소를 입력하세요.' },
    own: { message: 'displayNameRequired' },
    korean: { message: '두 글자 이상 입력하세요.' },
  });
  const en = localiseErrors(errors, 'en');
  expect(en).toMatchObject({
    name: { message: 'This field is required.' },
    code: { message: 'Enter at least 3 characters.' },
    amount: { message: 'Must be at most 5.' },
    kind: { message: 'Choose one of the allowed values.' },
    email: { message: 'Enter a valid e-mail address.' },
  });
  for (const e of Object.values(en)) expect(e.message).not.toMatch(/Invalid input|expected|received/);
});
