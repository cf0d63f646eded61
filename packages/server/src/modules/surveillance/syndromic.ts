/** Daily syndromic counts from sentinel sites: checked against the caller's scope, then upserted. */
import { AppError, type ErrorIssue, type SyndromicCountInput } from '@weijian/core';
import type { Db } from '../../db/connection';
import { actedAt, type Actor, writeAudit } from '../audit';
import { unitPaths } from '../orgunits';
import { upsertCountRows } from './repository/syndromic';

/** Problems with the sites of a batch (unknown or outside the scope), each with its row. */
export async function checkCounts(
  db: Db,
  scope: string,
  counts: readonly (SyndromicCountInput & { line?: number })[]
): Promise<ErrorIssue[]> {
  const sites = [...new Set(counts.map((c) => c.site))];
  const found = await unitPaths(db, sites);
  const ok = new Set([...found].filter(([, path]) => path.includes(`/${scope}/`)).map(([code]) => code));
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
  tx: Db,
  actor: Actor,
  counts: readonly SyndromicCountInput[],
  synthetic = false
): Promise<number> {
  // A batch may name the same site, syndrome and day twice; the last one wins, as in the file.
  const unique = [...new Map(counts.map((c) => [`${c.site}|${c.syndrome}|${c.date}`, c])).values()];
  await upsertCountRows(tx, unique, { name: actor.name, at: actedAt(actor), synthetic });
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
  db: Db,
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
