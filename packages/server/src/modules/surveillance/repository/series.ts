/** SQL for the counts detection works on: cases per residence unit, disease and day; sentinel counts per site and day. */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/types';

/**
 * Active cases of residents of units in scope, per residence unit, disease code and day of
 * diagnosis (Beijing time) between two days; `only` narrows to one unit and some disease codes.
 */
export async function caseCounts(
  db: Kysely<DB>,
  q: { scope: string; first: string; last: string; only?: { unit: string; diseases: readonly string[] } }
): Promise<{ unit: string; disease: string; day: string; n: number }[]> {
  const only = q.only;
  return db
    .selectFrom('case_reports as c')
    .innerJoin('org_units as h', 'h.code', 'c.residence_unit')
    .select([
      'c.residence_unit as unit',
      'c.disease_code as disease',
      sql<string>`(c.diagnosed_at at time zone 'Asia/Shanghai')::date::text`.as('day'),
      sql<number>`count(*)::int`.as('n'),
    ])
    .where('h.path', 'like', `%/${q.scope}/%`)
    .where('c.status', '=', 'active')
    .$if(only !== undefined, (b) =>
      b
        .where('c.residence_unit', '=', only?.unit ?? '')
        .where('c.disease_code', 'in', [...(only?.diseases ?? [])])
    )
    .where(
      sql<boolean>`(c.diagnosed_at at time zone 'Asia/Shanghai')::date between ${q.first}::date and ${q.last}::date`
    )
    .groupBy(['c.residence_unit', 'c.disease_code', sql`3`])
    .execute();
}

/** Daily sentinel counts of sites in scope between two days, with each site's parent unit. */
export async function syndromicCounts(
  db: Kysely<DB>,
  q: { scope: string; first: string; last: string; only?: { site: string; syndrome: string } }
): Promise<{ site: string; parent: string | null; syndrome: string; day: string; count: number }[]> {
  const only = q.only;
  return db
    .selectFrom('syndromic_counts as s')
    .innerJoin('org_units as o', 'o.code', 's.site_unit')
    .select([
      's.site_unit as site',
      'o.parent_code as parent',
      's.syndrome',
      sql<string>`s.day::text`.as('day'),
      's.count',
    ])
    .where('o.path', 'like', `%/${q.scope}/%`)
    .$if(only !== undefined, (b) =>
      b.where('s.site_unit', '=', only?.site ?? '').where('s.syndrome', '=', only?.syndrome ?? '')
    )
    .where('s.day', '>=', q.first)
    .where('s.day', '<=', q.last)
    .execute();
}
