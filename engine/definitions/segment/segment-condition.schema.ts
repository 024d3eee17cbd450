import { z } from 'zod';
import { productTypes } from '../../../resources/product/product-attributes.js';
import { customIssue, type ProblemParams, type SegmentProblemCode } from './segment-problems.js';
import { customerFields, operatorsByKind, type CustomerField, type CustomerFieldName } from './customer-fields.js';

/**
 * The leaves of a segment definition: one test on the customer, their
 * holdings, their behaviour events or their membership of another segment.
 * Every message names what is wrong in words a marketer understands; the
 * path of each error is added by zod.
 */

const isoDate = z.iso.date('a date as YYYY-MM-DD');
const codeValue = z.string().trim().min(1, 'a value may not be empty').max(60, 'at most 60 characters');

export const attributeConditionSchema = z
  .object({
    type: z.literal('attribute'),
    field: z.enum(Object.keys(customerFields) as [CustomerFieldName, ...CustomerFieldName[]], 'an unknown customer field'),
    op: z.string(),
    /** eq/neq/startsWith/contains (text), eq/gte/lte (number), is (boolean), before/after (date). */
    value: z.union([z.string().trim().min(1).max(100), z.number().int(), z.boolean(), isoDate]).optional(),
    /** in/notIn (enum, code), hasAny/hasAll/hasNone (tags). */
    values: z.array(codeValue).min(1, 'choose at least one value').max(200, 'at most 200 values').optional(),
    /** between (number). */
    min: z.number().int().optional(),
    max: z.number().int().optional(),
    /** between (date). */
    from: isoDate.optional(),
    to: isoDate.optional(),
    /** withinLastDays (date). */
    days: z.number().int().min(1, 'at least 1 day').max(36500).optional(),
  })
  .superRefine((c, ctx) => {
    const field: CustomerField = customerFields[c.field];
    const ops: readonly string[] = operatorsByKind[field.kind];
    const issue = (path: string, code: SegmentProblemCode, params?: ProblemParams) => ctx.addIssue(customIssue([path], code, params));
    if (!ops.includes(c.op)) return issue('op', 'opNotApplicable', { op: c.op, field: c.field, ops: ops.join(', ') });
    const need = (key: 'value' | 'values' | 'min' | 'max' | 'from' | 'to' | 'days', what: string) => {
      if (c[key] === undefined) issue(key, key === 'values' ? 'valuesRequired' : 'valueRequired', { op: c.op, what });
    };
    switch (field.kind) {
      case 'enum':
      case 'code':
      case 'tags':
        need('values', 'a list of values');
        if (field.kind === 'enum' && c.values) {
          const allowed: readonly string[] = field.values ?? [];
          const bad = c.values.filter((v) => !allowed.includes(v));
          if (bad.length) issue('values', 'unknownEnumValues', { values: bad.join(', '), field: c.field });
        }
        if (field.storage === 'int' && c.values?.some((v) => !/^[1-9][0-9]{0,9}$/.test(v))) issue('values', 'idsPositive');
        if (field.kind === 'tags' && c.values?.some((v) => v.includes(','))) issue('values', 'tagComma');
        return;
      case 'text':
        if (typeof c.value !== 'string') issue('value', 'needText', { op: c.op });
        return;
      case 'number':
        if (c.op === 'between') {
          need('min', 'a minimum');
          need('max', 'a maximum');
          if (c.min !== undefined && c.max !== undefined && c.min > c.max) issue('max', 'maxBelowMin');
        } else if (typeof c.value !== 'number') issue('value', 'needWholeNumber', { op: c.op });
        if (c.field === 'age' && [c.value, c.min, c.max].some((v) => typeof v === 'number' && (v < 0 || v > 150))) {
          issue('value', 'ageRange');
        }
        return;
      case 'boolean':
        if (typeof c.value !== 'boolean') issue('value', 'needTrueFalse');
        return;
      case 'date':
        if (c.op === 'between') {
          need('from', 'a first day');
          need('to', 'a last day');
          if (c.from && c.to && c.from > c.to) issue('to', 'lastBeforeFirst');
        } else if (c.op === 'withinLastDays') need('days', 'a number of days');
        else if (typeof c.value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(c.value)) issue('value', 'needDate', { op: c.op });
        return;
      default: {
        const never: never = field.kind;
        throw new Error(`unhandled field kind ${String(never)}`);
      }
    }
  });

export const holdingConditionSchema = z
  .object({
    type: z.literal('holding'),
    /** holds: at least one open holding matches every filter; notHolds: none does. */
    mode: z.enum(['holds', 'notHolds'], 'holds or notHolds'),
    productCode: codeValue.optional(),
    productType: z.enum(productTypes, `one of ${productTypes.join(', ')}`).optional(),
    minAmount: z.number().int().min(0, 'an amount is not negative').optional(),
    maxAmount: z.number().int().min(0, 'an amount is not negative').optional(),
    openedWithinDays: z.number().int().min(1).max(36500).optional(),
    openedFrom: isoDate.optional(),
    openedTo: isoDate.optional(),
  })
  .superRefine((c, ctx) => {
    if (c.minAmount !== undefined && c.maxAmount !== undefined && c.minAmount > c.maxAmount) {
      ctx.addIssue(customIssue(['maxAmount'], 'maxAmountBelowMin'));
    }
    if (c.openedWithinDays !== undefined && (c.openedFrom || c.openedTo)) {
      ctx.addIssue(customIssue(['openedWithinDays'], 'daysOrPeriod'));
    }
    if (c.openedFrom && c.openedTo && c.openedFrom > c.openedTo) {
      ctx.addIssue(customIssue(['openedTo'], 'lastBeforeFirst'));
    }
  });

/** A filter on one property of the event: eq/neq on text, numbers or flags; comparisons on numbers. */
export const eventPropertyFilterSchema = z
  .object({
    property: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'a property name: letters, digits and _, starting with a letter'),
    op: z.enum(['eq', 'neq', 'gt', 'gte', 'lt', 'lte'], 'one of eq, neq, gt, gte, lt, lte'),
    value: z.union([z.string().max(200), z.number().finite(), z.boolean()], 'a value: text, a number or true/false'),
  })
  .superRefine((f, ctx) => {
    if (['gt', 'gte', 'lt', 'lte'].includes(f.op) && typeof f.value !== 'number') {
      ctx.addIssue(customIssue(['value'], 'numericCompare', { op: f.op }));
    }
  });

export const eventWindowSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('lastDays'), days: z.number().int().min(1, 'at least 1 day').max(3650, 'at most 3650 days') }),
    z.object({ kind: z.literal('between'), from: isoDate, to: isoDate }).superRefine((w, ctx) => {
      if (w.from > w.to) ctx.addIssue(customIssue(['to'], 'lastBeforeFirst'));
    }),
  ],
  'a window: the last N days or a period between two dates',
);

export const eventConditionSchema = z.object({
  type: z.literal('event'),
  eventType: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'an event type: letters, digits and _ . : - only'),
  /** atLeast N: N or more matching events in the window; atMost N: N or fewer (0 = never). */
  op: z.enum(['atLeast', 'atMost'], 'atLeast or atMost'),
  times: z.number().int().min(0, 'a count is not negative').max(100_000),
  window: eventWindowSchema,
  where: z.array(eventPropertyFilterSchema).max(5, 'at most 5 property filters').default([]),
});

/** Membership of another segment's current published version (cycles are refused when saved). */
export const segmentMembershipConditionSchema = z.object({
  type: z.literal('segment'),
  segmentId: z.number().int().positive('a segment id'),
});

export type AttributeCondition = z.output<typeof attributeConditionSchema>;
export type HoldingCondition = z.output<typeof holdingConditionSchema>;
export type EventPropertyFilter = z.output<typeof eventPropertyFilterSchema>;
export type EventWindow = z.output<typeof eventWindowSchema>;
export type EventCondition = z.output<typeof eventConditionSchema>;
export type SegmentMembershipCondition = z.output<typeof segmentMembershipConditionSchema>;
export type SegmentCondition = AttributeCondition | HoldingCondition | EventCondition | SegmentMembershipCondition;
