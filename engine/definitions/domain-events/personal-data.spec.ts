import { z } from 'zod';
import { domainEventSchemas } from './domain-event.schema.js';

/**
 * The personal data rule (envelope.ts): no event carries names, birth
 * dates, contact details, free text or message content. Enforced here on the
 * schemas themselves: every key of every schema in the catalogue, at any
 * depth, is checked, and every object is strict, so no key exists that this
 * scan has not seen.
 */

/** Words that never appear in a key (keys split at camelCase humps). */
const forbiddenWords = new Set([
  'birth',
  'birthday',
  'age',
  'gender',
  'mobile',
  'phone',
  'tel',
  'email',
  'mail',
  'address',
  'addr',
  'zip',
  'postal',
  'resident',
  'rrn',
  'ssn',
  'passport',
  'contact',
  'url',
  'ip',
  'password',
  'secret',
  'cipher',
  'ciphertext',
  'enc',
  'hash',
  'masked',
  'account',
]);
/** Words of free text typed by people (it may hold anything); allowed only for a closed list of codes (an enum or literal). */
const freeTextWords = new Set(['note', 'notes', 'memo', 'comment', 'reason', 'text', 'body', 'content', 'subject', 'description']);
/** A key ending in `name` is a person's name unless listed here as something else's label. */
const allowedNameKeys = new Set(['segmentName']);

const words = (key: string) =>
  key
    .split(/(?=[A-Z])|[_\-\s]+/)
    .map((w) => w.toLowerCase())
    .filter(Boolean);

function forbiddenKey(key: string, closedList: boolean): string | null {
  const ws = words(key);
  const bad = ws.find((w) => forbiddenWords.has(w) || (!closedList && freeTextWords.has(w)));
  if (bad) return `contains '${bad}'`;
  if (ws.at(-1) === 'name' && !allowedNameKeys.has(key)) return 'is a name';
  return null;
}

const wrappers = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

/** An enum or literal (under optional and the like): a code from a list in code, never typed text. */
function isClosedList(schema: z.ZodType): boolean {
  let def = (schema as unknown as { _zod: { def: Record<string, any> } })._zod.def;
  while (wrappers.has(def.type)) def = def.innerType._zod.def;
  return def.type === 'enum' || def.type === 'literal';
}

type Found = { path: string; problem: string };

/** Walks a zod 4 schema; reports forbidden keys and non-strict objects. An unknown schema kind fails the walk, so nothing is skipped silently. */
function scan(schema: z.ZodType, path: string, found: Found[], seen = new Set<unknown>()): Found[] {
  if (seen.has(schema)) return found;
  seen.add(schema);
  const def = (schema as unknown as { _zod: { def: Record<string, any> } })._zod.def;
  switch (def.type) {
    case 'object': {
      if (def.catchall?._zod?.def?.type !== 'never') found.push({ path: path || '(root)', problem: 'object is not strict (unknown keys would pass)' });
      for (const [key, child] of Object.entries(def.shape as Record<string, z.ZodType>)) {
        const problem = forbiddenKey(key, isClosedList(child));
        if (problem) found.push({ path: path ? `${path}.${key}` : key, problem });
        scan(child, path ? `${path}.${key}` : key, found, seen);
      }
      return found;
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return scan(def.innerType, path, found, seen);
    case 'array':
      return scan(def.element, `${path}[]`, found, seen);
    case 'union':
      for (const option of def.options) scan(option, path, found, seen);
      return found;
    case 'intersection':
      scan(def.left, path, found, seen);
      return scan(def.right, path, found, seen);
    case 'pipe':
      scan(def.in, path, found, seen);
      return scan(def.out, path, found, seen);
    case 'record':
      found.push({ path, problem: 'a record has free keys: name each key instead' });
      return found;
    case 'string':
    case 'number':
    case 'int':
    case 'boolean':
    case 'literal':
    case 'enum':
    case 'bigint':
    case 'date':
    case 'never':
    case 'transform':
      return found;
    default:
      throw new Error(`the personal-data scan does not know schema kind '${def.type}' at ${path}: teach it`);
  }
}

test('no key of any domain event names personal data, and every object in them is strict', () => {
  const found = domainEventSchemas.flatMap((s) => scan(s, '', []).map((f) => ({ type: s.shape.type.value, ...f })));
  expect(found).toEqual([]);
});

test("the scan would catch a forbidden key deep inside a payload, a person's name, and a loose object", () => {
  const spoiled = z.strictObject({
    payload: z.strictObject({
      segmentName: z.string(),
      holders: z.array(z.strictObject({ customerName: z.string(), birthDate: z.string().optional(), mobileNo: z.string().nullable() })),
      extra: z.object({ id: z.number() }),
      tags: z.union([z.strictObject({ emailHash: z.string() }), z.string()]),
      reason: z.string().optional(),
      closeReason: z.enum(['matured', 'cancelled']),
    }),
  });
  expect(
    scan(spoiled, '', [])
      .map((f) => f.path)
      .sort(),
  ).toEqual(['payload.extra', 'payload.holders[].birthDate', 'payload.holders[].customerName', 'payload.holders[].mobileNo', 'payload.reason', 'payload.tags.emailHash']);
  expect(() => scan(z.map(z.string(), z.string()), 'x', [])).toThrow(/does not know schema kind 'map'/);
});
