/** SQL for daily sentinel counts. */
import type { Kysely } from 'kysely';
import type { SyndromicCountInput } from '@weijian/core';
import type { DB } from '../../../db/types';

/** Write counts 1,000 at a time; for a site, syndrome and day already stored, the new count wins. */
export async function upsertCountRows(
  db: Kysely<DB>,
  counts: readonly SyndromicCountInput[],
  by: { name: string; at: Date; synthetic: boolean }
): Promise<void> {
  for (let i = 0; i < counts.length; i += 1000) {
    const chunk = counts.slice(i, i + 1000).map((c) => ({
      site_unit: c.site,
      syndrome: c.syndrome,
      day: c.date,
      count: c.count,
      synthetic: by.synthetic,
      updated_by: by.name,
      updated_at: by.at,
    }));
    await db
      .insertInto('syndromic_counts')
      .values(chunk)
      .onConflict((oc) =>
        oc.columns(['site_unit', 'syndrome', 'day']).doUpdateSet({
          count: (eb) => eb.ref('excluded.count'),
          updated_by: by.name,
          updated_at: (eb) => eb.ref('excluded.updated_at'),
        })
      )
      .execute();
  }
}
