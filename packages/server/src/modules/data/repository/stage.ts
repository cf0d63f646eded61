/**
 * SQL of a large write: its checked values land in an unindexed temporary table, then are
 * classified against data_values, inserted, updated, deleted and audited in one statement each,
 * set-wise. The table goes when the transaction ends.
 */
import { sql, type Kysely } from 'kysely';
import type { ChangePreview } from '@weijian/core';
import { copyInto } from '../../../db/copy';
import type { DB } from '../../../db/types';
import type { Slice } from '../keys';

/** A checked value on its way in (null value: delete). */
export interface StagedValue {
  row: number;
  element: string;
  orgUnit: string;
  period: string;
  periodStart: string;
  disagg: string;
  value: number | null;
  comment: string | null;
  followup: boolean;
}

const KEY = (a: string, b: string) =>
  sql.raw(
    `${a}.element = ${b}.element AND ${a}.org_unit = ${b}.org_unit AND ${a}.period = ${b}.period AND ${a}.disagg = ${b}.disagg`
  );

/** Create the (empty) staging table of this transaction. */
export async function createStage(db: Kysely<DB>): Promise<void> {
  await sql`SET LOCAL work_mem = '256MB'`.execute(db);
  await sql`CREATE TEMP TABLE IF NOT EXISTS wj_stage (
    row integer, element text, org_unit text, period text, period_start date, disagg text,
    value double precision, comment text, followup boolean) ON COMMIT DROP`.execute(db);
  await sql`TRUNCATE wj_stage`.execute(db);
}

/** Append checked values to the staging table (COPY: no binding of a parameter per value). */
export async function stageValues(db: Kysely<DB>, values: readonly StagedValue[]): Promise<void> {
  await copyInto(
    db,
    'wj_stage',
    ['row', 'element', 'org_unit', 'period', 'period_start', 'disagg', 'value', 'comment', 'followup'],
    values.map((v) => [
      v.row,
      v.element,
      v.orgUnit,
      v.period,
      v.periodStart,
      v.disagg,
      v.value,
      v.comment,
      v.followup,
    ])
  );
}

/** Rows whose key an earlier row of the same write already has (a key given twice), first rows first. */
export async function repeatedRows(
  db: Kysely<DB>,
  limit: number
): Promise<{ row: number; element: string; count: number }[]> {
  const r = await sql<{ row: number; element: string; count: number }>`
    WITH twice AS (
      SELECT element, org_unit, period, disagg, min(row) AS first FROM wj_stage
      GROUP BY element, org_unit, period, disagg HAVING count(*) > 1
    )
    SELECT s.row, s.element, (SELECT count(*)::int FROM twice) AS count
    FROM wj_stage s JOIN twice t ON ${KEY('s', 't')} WHERE s.row <> t.first ORDER BY s.row LIMIT ${limit}`.execute(
    db
  );
  return r.rows;
}

/**
 * Classify the staged values against what is stored (old value and synthetic flag beside each).
 * With `lock`, the stored rows are locked first, so the old values stay true until commit.
 */
export async function classifyStage(db: Kysely<DB>, lock: boolean): Promise<void> {
  await sql`ANALYZE wj_stage`.execute(db);
  if (lock) {
    await sql`SELECT count(*) FROM (SELECT 1 FROM data_values v JOIN wj_stage s ON ${KEY('v', 's')} FOR UPDATE OF v) x`.execute(
      db
    );
  }
  await sql`DROP TABLE IF EXISTS wj_class`.execute(db);
  await sql`
    CREATE TEMP TABLE wj_class ON COMMIT DROP AS
    SELECT s.*, v.value AS old, v.synthetic AS old_synthetic
    FROM wj_stage s LEFT JOIN data_values v ON ${KEY('v', 's')}`.execute(db);
  await sql`ANALYZE wj_class`.execute(db);
}

const CREATE = sql.raw(`c.old IS NULL AND c.value IS NOT NULL`);
const UPDATE = sql.raw(`c.old IS NOT NULL AND c.value IS NOT NULL AND c.value <> c.old`);
const DELETE = sql.raw(`c.old IS NOT NULL AND c.value IS NULL`);

/** How many values the write creates, updates, deletes and leaves as they are. */
export async function stageCounts(
  db: Kysely<DB>
): Promise<{ created: number; updated: number; deleted: number; unchanged: number }> {
  const r = await sql<{ created: number; updated: number; deleted: number; unchanged: number }>`
    SELECT (count(*) FILTER (WHERE ${CREATE}))::int AS created, (count(*) FILTER (WHERE ${UPDATE}))::int AS updated,
      (count(*) FILTER (WHERE ${DELETE}))::int AS deleted,
      (count(*) FILTER (WHERE NOT (${CREATE}) AND NOT (${UPDATE}) AND NOT (${DELETE})))::int AS unchanged
    FROM wj_class c`.execute(db);
  return r.rows[0] ?? { created: 0, updated: 0, deleted: 0, unchanged: 0 };
}

/** The first changes in file order, for the preview. */
export async function stagePreview(db: Kysely<DB>, limit: number): Promise<ChangePreview[]> {
  const r = await sql<{
    row: number;
    element: string;
    org_unit: string;
    period: string;
    disagg: string;
    old: number | null;
    value: number | null;
    action: 'create' | 'update' | 'delete';
  }>`
    SELECT c.row, c.element, c.org_unit, c.period, c.disagg, c.old, c.value,
      CASE WHEN c.old IS NULL THEN 'create' WHEN c.value IS NULL THEN 'delete' ELSE 'update' END AS action
    FROM wj_class c WHERE (${CREATE}) OR (${UPDATE}) OR (${DELETE}) ORDER BY c.row LIMIT ${limit}`.execute(
    db
  );
  return r.rows.map((x) => ({
    row: x.row,
    element: x.element,
    orgUnit: x.org_unit,
    period: x.period,
    disagg: x.disagg,
    old: x.old,
    new: x.value,
    action: x.action,
  }));
}

/** Insert the new values; returns how many went in (fewer when another writer stored some first). */
export async function insertStaged(
  db: Kysely<DB>,
  w: { source: string; synthetic: boolean; actor: string; at: Date }
): Promise<number> {
  const r = await sql`
    INSERT INTO data_values (element, org_unit, period, period_start, disagg, value, source, comment, followup, synthetic, stored_by, stored_at)
    SELECT c.element, c.org_unit, c.period, c.period_start, c.disagg, c.value, ${w.source}, c.comment, c.followup,
      ${w.synthetic}, ${w.actor}, ${w.at}::timestamptz
    FROM wj_class c WHERE ${CREATE}
    ON CONFLICT (element, org_unit, period, disagg) DO NOTHING`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/**
 * Values another writer stored between the classification and our insert: lock them and take
 * their stored value as the old one, so they are updated (and audited) like any other.
 */
export async function adoptConcurrentInserts(db: Kysely<DB>): Promise<void> {
  await sql`
    WITH taken AS (
      SELECT v.element, v.org_unit, v.period, v.disagg, v.value, v.synthetic
      FROM data_values v JOIN wj_class c ON ${KEY('v', 'c')}
      WHERE ${CREATE} AND v.xmin <> pg_current_xact_id()::xid
      FOR UPDATE OF v
    )
    UPDATE wj_class c SET old = t.value, old_synthetic = t.synthetic FROM taken t WHERE ${KEY('c', 't')}`.execute(
    db
  );
}

/** Update the changed values and delete the emptied ones. */
export async function updateAndDeleteStaged(
  db: Kysely<DB>,
  w: { source: string; synthetic: boolean; actor: string; at: Date }
): Promise<void> {
  await sql`
    UPDATE data_values v SET value = c.value, source = ${w.source}, comment = c.comment, followup = c.followup,
      synthetic = ${w.synthetic}, stored_by = ${w.actor}, stored_at = ${w.at}::timestamptz
    FROM wj_class c WHERE ${UPDATE} AND ${KEY('v', 'c')}`.execute(db);
  await sql`DELETE FROM data_values v USING wj_class c WHERE ${DELETE} AND ${KEY('v', 'c')}`.execute(db);
}

/** One audit row per change. */
export async function auditStaged(db: Kysely<DB>, actor: string, at: Date): Promise<void> {
  await sql`
    INSERT INTO data_value_audit (element, org_unit, period, disagg, old_value, new_value, action, actor, at)
    SELECT c.element, c.org_unit, c.period, c.disagg, c.old, c.value,
      CASE WHEN c.old IS NULL THEN 'create' WHEN c.value IS NULL THEN 'delete' ELSE 'update' END, ${actor}, ${at}::timestamptz
    FROM wj_class c WHERE (${CREATE}) OR (${UPDATE}) OR (${DELETE})`.execute(db);
}

/** The (element, period) slices the write changed. */
export async function stagedSlices(db: Kysely<DB>): Promise<Slice[]> {
  const r = await sql<Slice>`
    SELECT DISTINCT c.element, c.period FROM wj_class c WHERE (${CREATE}) OR (${UPDATE}) OR (${DELETE})`.execute(
    db
  );
  return r.rows;
}
