import { labelOr, type Translate } from './canvas-context.js';
import type { SegmentOptions } from './segment-api.js';
import { eventTypeName } from '../../../engine/definitions/event-type-names.js';

type Data = Record<string, unknown>;

const list = (t: Translate, field: string, values: unknown) =>
  Array.isArray(values) && values.length ? values.map((v) => labelOr(t, `enum_${field}_${String(v)}`, String(v))).join(', ') : '?';

const opSymbols: Record<string, string> = { eq: '=', neq: '≠', gt: '>', gte: '≥', lt: '<', lte: '≤' };
const filterValue = (v: unknown, t: Translate) =>
  typeof v === 'boolean' ? t(v ? 'valueTrue' : 'valueFalse') : typeof v === 'string' ? `"${v}"` : typeof v === 'number' ? String(v) : '?';

/** One line on a condition block saying what it tests, so the canvas reads without opening each block. */
export function describeBlock(type: string, d: Data, t: Translate, options: SegmentOptions | null, language: 'ko' | 'en' = 'ko'): string {
  switch (type) {
    case 'attribute': {
      const field = String(d.field ?? '');
      const op = t(`op_${String(d.op ?? '')}`);
      const value =
        d.values !== undefined
          ? list(t, field, d.values)
          : d.op === 'between'
            ? `${String(d.min ?? d.from ?? '?')} ~ ${String(d.max ?? d.to ?? '?')}`
            : d.op === 'withinLastDays'
              ? t('daysCount', { count: Number(d.days ?? 0) })
              : typeof d.value === 'boolean'
                ? t(d.value ? 'yes' : 'no')
                : String(d.value ?? '?');
      return `${t(`field_${field}`)} ${op} ${value}`;
    }
    case 'holding': {
      const what =
        [
          d.productType ? labelOr(t, `productType_${String(d.productType)}`, String(d.productType)) : null,
          d.productCode ? (options?.products.find((p) => p.code === d.productCode)?.name ?? String(d.productCode)) : null,
        ]
          .filter(Boolean)
          .join(' · ') || t('anyProduct');
      return `${t(d.mode === 'notHolds' ? 'mode_notHolds' : 'mode_holds')}: ${what}`;
    }
    case 'event': {
      const w = d.window as { kind?: string; days?: number; from?: string; to?: string } | undefined;
      const window = w?.kind === 'between' ? `${w.from ?? '?'} ~ ${w.to ?? '?'}` : t('lastDays', { count: Number(w?.days ?? 0) });
      const where =
        Array.isArray(d.where) && d.where.length
          ? ` · ${(d.where as Data[]).map((f) => `${String(f.property || '?')} ${opSymbols[String(f.op)] ?? '?'} ${filterValue(f.value, t)}`).join(', ')}`
          : '';
      return `${d.eventType ? eventTypeName(String(d.eventType), language) : '?'} · ${window} · ${t(`eventOp_${String(d.op)}`, { count: Number(d.times ?? 0) })}${where}`;
    }
    case 'segment': {
      const s = options?.segments.find((x) => x.id === d.segmentId);
      return s ? s.name : d.segmentId ? `#${String(d.segmentId)}` : '?';
    }
    default:
      return '';
  }
}
