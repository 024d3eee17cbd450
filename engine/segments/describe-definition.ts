import type { SegmentDefinition, SegmentNode } from '../definitions/segment/segment-definition.schema.js';

/**
 * A one-line text of a definition for the access log (개인정보 접속기록):
 * `and(tags hasAny [t1], region in [SEOUL], birthDate before 1990-01-01)`.
 * Enough to tell afterwards what was asked (and to spot a series of
 * previews closing in on one person); the audit column keeps 255 characters,
 * so the caller puts the outcome first.
 */
export function describeDefinition(definition: SegmentDefinition): string {
  return describeNode(definition.root);
}

function describeNode(n: SegmentNode): string {
  switch (n.type) {
    case 'and':
    case 'or':
      return `${n.type}(${n.children.map(describeNode).join(', ')})`;
    case 'not':
      return `not(${describeNode(n.child)})`;
    case 'attribute': {
      const value =
        n.values !== undefined
          ? `[${n.values.join(',')}]`
          : n.op === 'between'
            ? `${n.min ?? n.from}..${n.max ?? n.to}`
            : n.op === 'withinLastDays'
              ? `${n.days}d`
              : String(n.value);
      return `${n.field} ${n.op} ${value}`;
    }
    case 'holding':
      return `${n.mode} ${n.productCode ?? n.productType ?? 'any'}`;
    case 'event':
      return `event ${n.eventType} ${n.op} ${n.times}`;
    case 'segment':
      return `segment ${n.segmentId}`;
    default:
      return '?';
  }
}
