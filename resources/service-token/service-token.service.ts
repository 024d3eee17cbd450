import type { DataSource } from 'typeorm';
import { writeAudit } from '../audit/audit-writer.js';
import { currentActor, type Actor } from '../../engine/context/request-context.js';
import { duplicateKeyOf } from '../shared/write-result.js';
import { apiProblem, type ApiProblem } from '../journey/journey-api-problems.js';
import { issueToken, parseBearer, scopeOf, secretMatches } from './service-token.rules.js';

export type TokenOutcome<T> = ({ ok: true } & T) | { ok: false; status: 400 | 401 | 404 | 409; problems: ApiProblem[] };

/** A token as the console lists it: never its secret or hash. */
export interface ServiceTokenView {
  id: number;
  name: string;
  prefix: string;
  journeyIds: number[];
  createdBy: string | null;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** The token a machine call authenticated with (its id, name and scope). */
export interface CallingToken {
  id: number;
  name: string;
  prefix: string;
  journeyIds: number[];
}

/** Who a machine call is in the audit log: the token, never its secret. */
export const tokenActor = (who: { id?: number; prefix?: string } | null, ip: string | null): Actor => ({
  id: null,
  email: who?.id ? `service-token:${who.id}:${who.prefix}` : who?.prefix ? `service-token:?:${who.prefix}` : 'service-token:?',
  role: 'service',
  ip,
});

/**
 * Service tokens: issued and revoked by an administrator in the console
 * (audited), presented by bank systems on the machine API. Issuing returns
 * the plain token once; only its prefix and the SHA-256 of its secret are
 * stored (service-token.rules.ts says why a fast hash is right here).
 */
export class ServiceTokenService {
  constructor(private readonly ds: DataSource) {}

  async list(): Promise<ServiceTokenView[]> {
    const rows: Array<{
      id: number;
      name: string;
      token_prefix: string;
      journey_ids: unknown;
      created_by: string | null;
      created_at: Date;
      revoked_at: Date | null;
      last_used_at: Date | null;
    }> = await this.ds.query(
      `SELECT t.id, t.name, t.token_prefix, t.journey_ids, s.email AS created_by, t.created_at, t.revoked_at, t.last_used_at
         FROM service_token t LEFT JOIN staff s ON s.id = t.created_by ORDER BY t.id DESC`,
    );
    return rows.map((r) => ({
      id: Number(r.id),
      name: r.name,
      prefix: r.token_prefix,
      journeyIds: scopeOf(r.journey_ids),
      createdBy: r.created_by,
      createdAt: iso(r.created_at)!,
      revokedAt: iso(r.revoked_at),
      lastUsedAt: iso(r.last_used_at),
    }));
  }

  /** Issues a token for the journeys named (they must exist); the plain token is in this answer only. */
  async create(body: Record<string, unknown>, now: Date): Promise<TokenOutcome<{ id: number; name: string; prefix: string; journeyIds: number[]; token: string }>> {
    const problems: ApiProblem[] = [];
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    if (name.length < 1 || name.length > 100) problems.push(apiProblem('tokenNameInvalid', undefined, { path: 'name' }));
    const ids = body.journeyIds;
    const valid = Array.isArray(ids) && ids.length >= 1 && ids.length <= 100 && ids.every((n) => Number.isInteger(n) && n > 0);
    if (!valid) problems.push(apiProblem('journeyIdsInvalid', undefined, { path: 'journeyIds' }));
    if (problems.length) return { ok: false, status: 400, problems };
    const journeyIds = [...new Set(ids as number[])].sort((a, b) => a - b);
    const known: Array<{ id: number }> = await this.ds.query('SELECT id FROM journey WHERE id IN (?)', [journeyIds]);
    const missing = journeyIds.filter((id) => !known.some((k) => Number(k.id) === id));
    if (missing.length) return { ok: false, status: 400, problems: [apiProblem('unknownJourneys', { ids: missing.join(', ') }, { path: 'journeyIds' })] };
    const actor = currentActor();
    // A prefix collision (1 in 4 billion per pair) is retried with a fresh token.
    for (let attempt = 1; ; attempt++) {
      const t = issueToken();
      try {
        const id = await this.ds.transaction(async (tx) => {
          const r = await tx.query('INSERT INTO service_token (name, token_prefix, token_hash, journey_ids, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
            name,
            t.prefix,
            t.hash,
            JSON.stringify(journeyIds),
            actor.id,
            now,
          ]);
          const tokenId = Number(r.insertId);
          await writeAudit(
            tx,
            { action: 'serviceToken.create', resource: 'ServiceToken', recordId: tokenId, detail: `${name}; prefix ${t.prefix}; journeys ${journeyIds.join(',')}` },
            now,
          );
          return tokenId;
        });
        return { ok: true, id, name, prefix: t.prefix, journeyIds, token: t.plain };
      } catch (err) {
        if (duplicateKeyOf(err) !== 'uq_service_token_prefix' || attempt >= 3) throw err;
      }
    }
  }

  async revoke(id: number, now: Date): Promise<TokenOutcome<{ id: number; revokedAt: string }>> {
    return this.ds.transaction(async (tx): Promise<TokenOutcome<{ id: number; revokedAt: string }>> => {
      const [row]: Array<{ name: string; token_prefix: string; revoked_at: Date | null }> = await tx.query(
        'SELECT name, token_prefix, revoked_at FROM service_token WHERE id = ? FOR UPDATE',
        [id],
      );
      if (!row) return { ok: false, status: 404, problems: [apiProblem('tokenNotFound', { id })] };
      if (row.revoked_at) return { ok: false, status: 409, problems: [apiProblem('alreadyRevoked')] };
      await tx.query('UPDATE service_token SET revoked_at = ? WHERE id = ?', [now, id]);
      await writeAudit(tx, { action: 'serviceToken.revoke', resource: 'ServiceToken', recordId: id, detail: `${row.name}; prefix ${row.token_prefix}` }, now);
      return { ok: true, id, revokedAt: now.toISOString() };
    });
  }

  /**
   * The token an Authorization header presents: found by its prefix, its
   * secret compared with the stored hash in constant time. An unknown prefix
   * is compared against a dummy hash, so both refusals take the same path.
   */
  async authenticate(header: string | undefined): Promise<{ ok: true; token: CallingToken } | { ok: false; status: 401; problem: ApiProblem; prefix?: string; tokenId?: number }> {
    const bearer = parseBearer(header);
    if (!bearer.ok) return { ok: false, status: 401, problem: apiProblem(bearer.code) };
    const [row]: Array<{ id: number; name: string; token_hash: string; journey_ids: unknown; revoked_at: Date | null }> = await this.ds.query(
      'SELECT id, name, token_hash, journey_ids, revoked_at FROM service_token WHERE token_prefix = ?',
      [bearer.prefix],
    );
    const matches = secretMatches(bearer.secret, row?.token_hash ?? '');
    if (!row || !matches) return { ok: false, status: 401, problem: apiProblem('tokenInvalid'), prefix: bearer.prefix };
    if (row.revoked_at) return { ok: false, status: 401, problem: apiProblem('tokenRevoked'), prefix: bearer.prefix, tokenId: Number(row.id) };
    return { ok: true, token: { id: Number(row.id), name: row.name, prefix: bearer.prefix, journeyIds: scopeOf(row.journey_ids) } };
  }

  async touch(id: number, now: Date): Promise<void> {
    await this.ds.query('UPDATE service_token SET last_used_at = ? WHERE id = ?', [now, id]);
  }
}

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());
