import type { DataSource } from 'typeorm';
import { productTypes } from '../product/product-attributes.js';
import { regions } from '../customer/customer-attributes.js';

export interface SegmentOptions {
  eventTypes: Array<{ type: string; count: number }>;
  products: Array<{ code: string; name: string; type: string }>;
  productTypes: string[];
  regions: string[];
  branches: Array<{ code: string; name: string }>;
  tags: string[];
  segments: Array<{ id: number; name: string; status: string }>;
  staff: Array<{ id: number; name: string }>;
}

const cacheMs = 60_000;

/**
 * The choices of the canvas side panel, from the real data: event types seen
 * (with their count over the last 30 days), products, branches, tags in use,
 * other segments and bankers. Event types and tags scan large tables, so the
 * answer is cached for a minute per process.
 */
export class SegmentOptionsQuery {
  private cached: { at: number; value: Omit<SegmentOptions, 'segments'> } | null = null;

  constructor(private readonly ds: DataSource) {}

  async load(now: Date): Promise<SegmentOptions> {
    if (!this.cached || now.getTime() - this.cached.at > cacheMs) {
      this.cached = { at: now.getTime(), value: await this.loadSlow(now) };
    }
    const segments: Array<{ id: number; name: string; status: string }> = await this.ds.query("SELECT id, name, status FROM segment WHERE status <> 'ARCHIVED' ORDER BY name");
    return { ...this.cached.value, segments: segments.map((s) => ({ id: Number(s.id), name: s.name, status: s.status })) };
  }

  private async loadSlow(now: Date): Promise<Omit<SegmentOptions, 'segments'>> {
    // DISTINCT on the (type, occurred_at, customer_id) index is a loose index scan: cheap even at 10M events.
    const types: Array<{ type: string }> = await this.ds.query('SELECT DISTINCT type FROM behaviour_event ORDER BY type');
    const since = new Date(now.getTime() - 30 * 86_400_000);
    const counts: Array<{ type: string; n: string }> =
      types.length === 0
        ? []
        : await this.ds.query('SELECT type, COUNT(*) AS n FROM behaviour_event WHERE type IN (?) AND occurred_at >= ? GROUP BY type', [types.map((t) => t.type), since]);
    const countOf = new Map(counts.map((c) => [c.type, Number(c.n)]));
    const products: Array<{ code: string; name: string; type: string }> = await this.ds.query('SELECT code, name, type FROM product WHERE deleted_at IS NULL ORDER BY type, name');
    const branches: Array<{ code: string; name: string }> = await this.ds.query('SELECT code, name FROM branch ORDER BY code');
    const tagLists: Array<{ tags: string }> = await this.ds.query("SELECT DISTINCT tags FROM customer WHERE tags <> '' LIMIT 5000");
    const tags = [...new Set(tagLists.flatMap((t) => t.tags.split(',')).filter(Boolean))].sort();
    const staff: Array<{ id: number; display_name: string }> = await this.ds.query("SELECT id, display_name FROM staff WHERE active = 1 AND role = 'banker' ORDER BY display_name");
    return {
      eventTypes: types.map((t) => ({ type: t.type, count: countOf.get(t.type) ?? 0 })),
      products,
      productTypes: [...productTypes],
      regions: [...regions],
      branches,
      tags,
      staff: staff.map((s) => ({ id: Number(s.id), name: s.display_name })),
    };
  }
}
