import type AdminJS from 'adminjs';
import type { BaseEntity, FindManyOptions } from 'typeorm';
import { Resource } from '@adminjs/typeorm';

/** Beyond this many matching rows a list stops counting (the same cap as the customer list). */
export const listCountCap = 10_000;

type EntityClass = typeof BaseEntity & { find<T>(this: unknown, options?: FindManyOptions<T>): Promise<T[]> };

/**
 * AdminJS counts a list's matches with COUNT(*) over the whole filter before
 * every page: on the big tables (millions of holdings, behaviour events and
 * audit entries) that is seconds per page view. These resources count at
 * most `listCountCap + 1` matching ids instead — the pager then offers up to
 * 1,000 pages, more than anyone pages through; filters narrow the rest.
 *
 * The adapter's own `count` builds the TypeORM `where` from AdminJS's filter
 * (its converter is not exported); it is run against a stand-in model whose
 * `count` reads the ids with a LIMIT, so filters mean exactly what they mean
 * in the list.
 */
export function capListCounts(admin: AdminJS, resourceIds: string[], cap = listCountCap): void {
  for (const id of resourceIds) {
    const resource = admin.findResource(id) as unknown as { model: EntityClass; count(filter: unknown): Promise<number> };
    const model = resource.model;
    const cappedModel = {
      count: async (options: FindManyOptions<BaseEntity>) => (await model.find<BaseEntity>({ where: options.where, select: { id: true } as never, take: cap + 1 })).length,
    };
    resource.count = (filter) => (Resource.prototype.count as (f: unknown) => Promise<number>).call(Object.create(resource, { model: { value: cappedModel } }), filter);
  }
}
