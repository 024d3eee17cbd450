import type { DataSource } from 'typeorm';
import { explainCheck, explainConsents, outcomeText, reasonText } from './message-explain.js';

export const messageStatuses = ['QUEUED', 'HELD', 'SENDING', 'SENT', 'DELIVERED', 'FAILED', 'SUPPRESSED'] as const;
export const messageChannels = ['sms', 'email', 'push'] as const;
export const messagePageSize = 50;
export const maxMessagePage = 200;

export interface MessageFilter {
  status?: (typeof messageStatuses)[number];
  channel?: (typeof messageChannels)[number];
  journeyId?: number;
  customerId?: number;
  page: number;
}

type Row = Record<string, unknown>;

const json = (v: unknown): unknown => {
  if (typeof v !== 'string') return v ?? null;
  try {
    return JSON.parse(v);
  } catch {
    return null;
  }
};

/**
 * One page of messages, newest first (by id, the order they were requested
 * in), `messagePageSize` per page and at most `maxMessagePage` pages deep:
 * bounded whatever the filter. Names are the stored ones; the API masks them.
 */
export async function listMessages(ds: DataSource, f: MessageFilter) {
  const where: string[] = [];
  const args: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    where.push(clause);
    args.push(value);
  };
  if (f.status) add('m.status = ?', f.status);
  if (f.channel) add('m.channel = ?', f.channel);
  if (f.journeyId !== undefined) add('m.journey_id = ?', f.journeyId);
  if (f.customerId !== undefined) add('m.customer_id = ?', f.customerId);
  const rows: Row[] = await ds.query(
    `SELECT m.id, m.channel, m.status, m.status_reason statusReason, m.requested_at requestedAt, m.sent_at sentAt, m.delivered_at deliveredAt,
            m.hold_until holdUntil, m.customer_id customerId, c.customer_no customerNo, c.name, m.journey_id journeyId, j.name journeyName,
            m.template_id templateId, t.name templateName
       FROM message m LEFT JOIN customer c ON c.id = m.customer_id LEFT JOIN journey j ON j.id = m.journey_id
       LEFT JOIN message_template t ON t.id = COALESCE(m.template_revision_id, m.template_id)
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY m.id DESC LIMIT ? OFFSET ?`,
    [...args, messagePageSize + 1, (f.page - 1) * messagePageSize],
  );
  const more = rows.length > messagePageSize;
  return {
    messages: rows.slice(0, messagePageSize).map((r): Row => ({ ...r, id: Number(r.id), statusReasonText: reasonText(r.statusReason as string | null) })),
    page: f.page,
    nextPage: more && f.page < maxMessagePage ? f.page + 1 : null,
  };
}

/** Everything that explains one message, or null when there is no such message. */
export async function messageDetail(ds: DataSource, id: number) {
  const [m]: Row[] = await ds.query(
    `SELECT m.id, m.channel, m.status, m.status_reason statusReason, m.hold_until holdUntil, m.recipient_masked recipientMasked,
            m.provider_message_id providerMessageId, m.gateway_response gatewayResponse, m.render_meta renderMeta, m.attempt_count attemptCount,
            m.requested_at requestedAt, m.enqueued_at enqueuedAt, m.sent_at sentAt, m.delivered_at deliveredAt, m.opened_at openedAt,
            m.clicked_at clickedAt, m.converted_at convertedAt, m.updated_at updatedAt,
            m.customer_id customerId, c.customer_no customerNo, c.name, c.anonymised_at anonymisedAt,
            m.journey_id journeyId, j.name journeyName, m.version_id versionId, v.version journeyVersion, v.published_at versionPublishedAt,
            m.node_id nodeId, m.instance_id instanceId, i.entry_kind entryKind, i.entry_key entryKey, i.entered_at enteredAt, i.ended_at endedAt,
            i.end_reason endReason, i.converted instanceConverted,
            m.template_id templateId, m.template_revision_id templateRevisionId
       FROM message m LEFT JOIN customer c ON c.id = m.customer_id LEFT JOIN journey j ON j.id = m.journey_id
       LEFT JOIN journey_version v ON v.id = m.version_id LEFT JOIN journey_instance i ON i.id = m.instance_id
      WHERE m.id = ?`,
    [id],
  );
  if (!m) return null;
  const templateIds = [...new Set([m.templateId, m.templateRevisionId].filter((x) => x !== null && x !== undefined).map(Number))];
  const [templates, decisions, recommendations, clicks, node] = await Promise.all([
    templateIds.length
      ? (ds.query(
          `SELECT id, name, channel, kind, status, revision, review_number reviewNumber, valid_from validFrom, valid_until validUntil, approved_at approvedAt
             FROM message_template WHERE id IN (${templateIds.map(() => '?').join(',')})`,
          templateIds,
        ) as Promise<Row[]>)
      : Promise.resolve([] as Row[]),
    ds.query(
      `SELECT id, decided_at decidedAt, outcome, reason, hold_until holdUntil, rule_version ruleVersion, checks, consents
         FROM message_decision WHERE message_id = ? ORDER BY id LIMIT 100`,
      [id],
    ) as Promise<Row[]>,
    ds.query(
      `SELECT r.id, r.product_id productId, p.name productName, r.product_type productType, r.risk_grade riskGrade, r.suitability_applies suitabilityApplies,
              r.propensity, r.propensity_assessed_at propensityAssessedAt, r.rule_version ruleVersion, r.decided_at decidedAt, r.retain_until retainUntil
         FROM recommendation_record r LEFT JOIN product p ON p.id = r.product_id WHERE r.message_id = ? ORDER BY r.id LIMIT 50`,
      [id],
    ) as Promise<Row[]>,
    ds.query(`SELECT link_id linkId, clicked_at clickedAt FROM message_click WHERE message_id = ? ORDER BY clicked_at, id LIMIT 100`, [id]) as Promise<Row[]>,
    m.versionId && m.nodeId ? (ds.query('SELECT definition FROM journey_version WHERE id = ?', [m.versionId]) as Promise<Row[]>) : Promise.resolve([] as Row[]),
  ]);
  const nodes = (json(node[0]?.definition) as { nodes?: Array<{ id?: unknown; type?: unknown; label?: unknown }> } | null)?.nodes;
  const block = Array.isArray(nodes) ? nodes.find((n) => n && n.id === m.nodeId) : undefined;
  const template = (tid: unknown) => templates.find((t) => tid !== null && tid !== undefined && Number(t.id) === Number(tid)) ?? null;
  const {
    templateId,
    templateRevisionId,
    journeyId,
    journeyName,
    versionId,
    journeyVersion,
    versionPublishedAt,
    nodeId,
    instanceId,
    entryKind,
    entryKey,
    enteredAt,
    endedAt,
    endReason,
    instanceConverted,
    ...rest
  } = m;
  const out: Row = {
    ...rest,
    id: Number(m.id),
    renderMeta: json(m.renderMeta),
    statusReasonText: reasonText(m.statusReason as string | null),
    journey: journeyId
      ? {
          id: Number(journeyId),
          name: journeyName ?? null,
          versionId: versionId === null ? null : Number(versionId),
          version: journeyVersion ?? null,
          publishedAt: versionPublishedAt ?? null,
          node: nodeId ? { id: nodeId, label: typeof block?.label === 'string' ? block.label : null, type: typeof block?.type === 'string' ? block.type : null } : null,
        }
      : null,
    instance: instanceId
      ? {
          id: String(instanceId),
          entryKind: entryKind ?? null,
          entryKey: entryKey ?? null,
          enteredAt: enteredAt ?? null,
          endedAt: endedAt ?? null,
          endReason: endReason ?? null,
          converted: Number(instanceConverted ?? 0) === 1,
        }
      : null,
    template: template(templateId),
    templateRevision: templateRevisionId !== null && templateRevisionId !== undefined ? template(templateRevisionId) : null,
    decisions: decisions.map((d) => {
      const checks = json(d.checks);
      return {
        id: Number(d.id),
        decidedAt: d.decidedAt,
        outcome: d.outcome,
        outcomeText: outcomeText(String(d.outcome)),
        reason: d.reason ?? null,
        reasonText: reasonText(d.reason as string | null),
        holdUntil: d.holdUntil ?? null,
        ruleVersion: d.ruleVersion,
        checks: Array.isArray(checks) ? checks.slice(0, 50).map(explainCheck) : [],
        consents: explainConsents(json(d.consents)),
      };
    }),
    recommendations: recommendations.map((r) => ({ ...r, id: Number(r.id), suitabilityApplies: Number(r.suitabilityApplies) === 1 })),
    clicks,
  };
  return out;
}
