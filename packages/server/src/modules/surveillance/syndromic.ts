/** Daily syndromic counts from sentinel sites: checked against the caller's scope, then upserted. */
import type { Kysely } from 'kysely';
import { AppError, type ErrorIssue, type SyndromicCountInput } from '@weijian/core';
import type { DB } from '../../db/types';
import { actedAt, type Actor, writeAudit } from '../audit';

/** Problems with the sites of a batch (unknown or outside the scope), each with its row. */
export async function checkCounts(
  db: Kysely<DB>,
  scope: string,
  counts: readonly (SyndromicCountInput & { line?: number })[]
): Promise<ErrorIssue[]> {
  const sites = [...new Set(counts.map((c) => c.site))];
  const found = sites.length
    ? await db.selectFrom('org_units').select(['code', 'path']).where('code', 'in', sites).execute()
    : [];
  const ok = new Set(found.filter((u) => u.path.includes(`/${scope}/`)).map((u) => u.code));
  return counts.flatMap((c, i) =>
    ok.has(c.site)
      ? []
      : [
          {
            row: c.line ?? i + 1,
            field: 'site',
            value: c.site,
            message: { zh: '哨点不存在或不在您的范围内', en: 'Unknown sentinel site or outside your scope' },
          },
        ]
  );
}

/** Writes counts (last one wins for a site, syndrome and day) with one audit row for the batch. */
export async function upsertCounts(
  tx: Kysely<DB>,
  actor: Actor,
  counts: readonly SyndromicCountInput[],
  synthetic = false
): Promise<number> {
  // A batch may name the same site, syndrome and day twice; the last one wins, as in the file.
  const unique = [...new Map(counts.map((c) => [`${c.site}|${c.syndrome}|${c.date}`, c])).values()];
  for (let i = 0; i < unique.length; i += 1000) {
    const chunk = unique.slice(i, i + 1000).map((c) => ({
      site_unit: c.site,
      syndrome: c.syndrome,
      day: c.date,
      count: c.count,
      synthetic,
      updated_by: actor.name,
      updated_at: actedAt(actor),
    }));
    await tx
      .insertInto('syndromic_counts')
      .values(chunk)
      .onConflict((oc) =>
        oc.columns(['site_unit', 'syndrome', 'day']).doUpdateSet({
          count: (eb) => eb.ref('excluded.count'),
          updated_by: actor.name,
          updated_at: (eb) => eb.ref('excluded.updated_at'),
        })
      )
      .execute();
  }
  if (counts.length) {
    await writeAudit(tx, actor, {
      action: 'upsert',
      entity: 'syndromic_counts',
      entityId: `${counts.length} rows`,
      details: { sites: [...new Set(counts.map((c) => c.site))].slice(0, 50), rows: counts.length },
    });
  }
  return counts.length;
}

/** Checks a batch from the API and writes it in one transaction, or refuses it whole. */
export async function writeCounts(
  db: Kysely<DB>,
  actor: Actor,
  scope: string,
  counts: readonly SyndromicCountInput[]
): Promise<number> {
  const problems = await checkCounts(db, scope, counts);
  if (problems.length) {
    throw new AppError(
      'VALIDATION_FAILED',
      { zh: '哨点数据有误，未保存任何内容', en: 'Sentinel counts have errors; nothing was saved' },
      problems
    );
  }
  return db.transaction().execute((tx) => upsertCounts(tx, actor, counts));
}
