/** SQL for data values and their audit trail. Set-based via unnest. */
import { sql, type Kysely } from 'kysely';
import type { FormValue, ValueHistoryEntry } from '@weijian/core';
import type { DB } from '../../../db/types';
import { valueKey, type Slice, type ValueKey } from '../keys';

export interface ValueRow extends ValueKey {
  periodStart: string;
  value: number;
  source: string;
  comment: string | null;
  followup: boolean;
  synthetic: boolean;
}

const keyArrays = (keys: readonly ValueKey[]) => ({
  e: keys.map((k) => k.element),
  o: keys.map((k) => k.orgUnit),
  p: keys.map((k) => k.period),
  d: keys.map((k) => k.disagg),
});

/** Current values for a set of keys (unlocked: what a dry run compares with). */
export async function existingValues(
  db: Kysely<DB>,
  keys: readonly ValueKey[]
): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map();
  const { e, o, p, d } = keyArrays(keys);
  const rows = await sql<{
    element: string;
    org_unit: string;
    period: string;
    disagg: string;
    value: number;
  }>`
    SELECT v.element, v.org_unit, v.period, v.disagg, v.value
    FROM data_values v
    JOIN unnest(${e}::text[], ${o}::text[], ${p}::text[], ${d}::text[]) AS k(element, org_unit, period, disagg)
      ON v.element = k.element AND v.org_unit = k.org_unit AND v.period = k.period AND v.disagg = k.disagg`.execute(
    db
  );
  return new Map(
    rows.rows.map((r) => [
      valueKey({ element: r.element, orgUnit: r.org_unit, period: r.period, disagg: r.disagg }),
      r.value,
    ])
  );
}

/** A stored value as a write finds it: its number and whether it is synthetic. */
export interface StoredValue {
  value: number;
  synthetic: boolean;
}

/**
 * Current values of a set of keys, each row locked until the transaction ends (in key order, so
 * two writers lock alike): what a write replaces is then exactly what its audit row says.
 */
export async function lockExisting(
  db: Kysely<DB>,
  keys: readonly ValueKey[]
): Promise<Map<string, StoredValue>> {
  if (keys.length === 0) return new Map();
  const { e, o, p, d } = keyArrays(keys);
  const rows = await sql<{
    element: string;
    org_unit: string;
    period: string;
    disagg: string;
    value: number;
    synthetic: boolean;
  }>`
    SELECT v.element, v.org_unit, v.period, v.disagg, v.value, v.synthetic
    FROM data_values v
    JOIN unnest(${e}::text[], ${o}::text[], ${p}::text[], ${d}::text[]) AS k(element, org_unit, period, disagg)
      ON v.element = k.element AND v.org_unit = k.org_unit AND v.period = k.period AND v.disagg = k.disagg
    ORDER BY v.element, v.org_unit, v.period, v.disagg
    FOR UPDATE OF v`.execute(db);
  return new Map(
    rows.rows.map((r) => [
      valueKey({ element: r.element, orgUnit: r.org_unit, period: r.period, disagg: r.disagg }),
      { value: r.value, synthetic: r.synthetic },
    ])
  );
}

const valueColumns = (rows: readonly ValueRow[]) => sql`unnest(
      ${rows.map((r) => r.element)}::text[], ${rows.map((r) => r.orgUnit)}::text[], ${rows.map((r) => r.period)}::text[],
      ${rows.map((r) => r.periodStart)}::date[], ${rows.map((r) => r.disagg)}::text[], ${rows.map((r) => r.value)}::float8[],
      ${rows.map((r) => r.source)}::text[], ${rows.map((r) => r.comment)}::text[], ${rows.map((r) => r.followup)}::bool[],
      ${rows.map((r) => r.synthetic)}::bool[]
    ) AS k(element, org_unit, period, period_start, disagg, value, source, comment, followup, synthetic)`;

/**
 * Insert values not stored yet; a key someone else stored meanwhile is skipped (after waiting for
 * that writer to finish) and left to the caller, who locks and updates it instead.
 * @returns the keys inserted
 */
export async function insertNewValues(
  db: Kysely<DB>,
  rows: readonly ValueRow[],
  storedBy: string,
  at: Date
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const r = await sql<{ element: string; org_unit: string; period: string; disagg: string }>`
    INSERT INTO data_values (element, org_unit, period, period_start, disagg, value, source, comment, followup, synthetic, stored_by, stored_at)
    SELECT k.*, ${storedBy}, ${at}::timestamptz FROM ${valueColumns(rows)}
    ORDER BY k.element, k.org_unit, k.period, k.disagg
    ON CONFLICT (element, org_unit, period, disagg) DO NOTHING
    RETURNING element, org_unit, period, disagg`.execute(db);
  return new Set(
    r.rows.map((x) =>
      valueKey({ element: x.element, orgUnit: x.org_unit, period: x.period, disagg: x.disagg })
    )
  );
}

/** Update values whose rows the caller holds locked. */
export async function updateValues(
  db: Kysely<DB>,
  rows: readonly ValueRow[],
  storedBy: string,
  at: Date
): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    UPDATE data_values v SET value = k.value, source = k.source, comment = k.comment, followup = k.followup,
      synthetic = k.synthetic, stored_by = ${storedBy}, stored_at = ${at}::timestamptz
    FROM ${valueColumns(rows)}
    WHERE v.element = k.element AND v.org_unit = k.org_unit AND v.period = k.period AND v.disagg = k.disagg`.execute(
    db
  );
}

/** Delete values. */
export async function deleteValues(db: Kysely<DB>, keys: readonly ValueKey[]): Promise<void> {
  if (keys.length === 0) return;
  const { e, o, p, d } = keyArrays(keys);
  await sql`
    DELETE FROM data_values v USING unnest(${e}::text[], ${o}::text[], ${p}::text[], ${d}::text[]) AS k(element, org_unit, period, disagg)
    WHERE v.element = k.element AND v.org_unit = k.org_unit AND v.period = k.period AND v.disagg = k.disagg`.execute(
    db
  );
}

export interface AuditRow extends ValueKey {
  oldValue: number | null;
  newValue: number | null;
  action: 'create' | 'update' | 'delete';
}

/** Record value changes (old value, new value, who). */
export async function insertValueAudit(
  db: Kysely<DB>,
  rows: readonly AuditRow[],
  actor: string,
  at: Date
): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    INSERT INTO data_value_audit (element, org_unit, period, disagg, old_value, new_value, action, actor, at)
    SELECT k.*, ${actor}, ${at}::timestamptz FROM unnest(
      ${rows.map((r) => r.element)}::text[], ${rows.map((r) => r.orgUnit)}::text[], ${rows.map((r) => r.period)}::text[],
      ${rows.map((r) => r.disagg)}::text[], ${rows.map((r) => r.oldValue)}::float8[], ${rows.map((r) => r.newValue)}::float8[],
      ${rows.map((r) => r.action)}::text[]
    ) AS k(element, org_unit, period, disagg, old_value, new_value, action)`.execute(db);
}

/** The audit trail of one value, newest first. */
export async function valueHistory(db: Kysely<DB>, k: ValueKey): Promise<ValueHistoryEntry[]> {
  const rows = await db
    .selectFrom('data_value_audit')
    .select(['old_value', 'new_value', 'action', 'actor', 'at'])
    .where('element', '=', k.element)
    .where('org_unit', '=', k.orgUnit)
    .where('period', '=', k.period)
    .where('disagg', '=', k.disagg)
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({
    oldValue: r.old_value,
    newValue: r.new_value,
    action: r.action,
    actor: r.actor,
    at: new Date(r.at).toISOString(),
  }));
}

/** The (element, period) slices that have values of units whose path starts with `path`. */
export async function slicesBelow(
  db: Kysely<DB>,
  path: string
): Promise<{ element: string; period: string }[]> {
  const r = await sql<{ element: string; period: string }>`
    SELECT DISTINCT v.element, v.period FROM data_values v JOIN org_units u ON u.code = v.org_unit
    WHERE u.path LIKE ${`${path}%`}`.execute(db);
  return r.rows;
}

/** Refresh the planner's statistics of data_values (a long import grows it far past them). */
export async function analyzeValues(db: Kysely<DB>): Promise<void> {
  await sql`ANALYZE data_values`.execute(db);
}

/** The values of one unit and period for the entry form (no disaggregation). */
export async function formValues(
  db: Kysely<DB>,
  q: { orgUnit: string; period: string; elements: readonly string[] }
): Promise<FormValue[]> {
  const rows = await db
    .selectFrom('data_values')
    .select(['element', 'value', 'comment', 'followup', 'stored_by', 'stored_at', 'source'])
    .where('org_unit', '=', q.orgUnit)
    .where('period', '=', q.period)
    .where('disagg', '=', '')
    .where('element', 'in', [...q.elements])
    .execute();
  return rows.map((r) => ({
    element: r.element,
    value: r.value,
    comment: r.comment,
    followup: r.followup,
    storedBy: r.stored_by,
    storedAt: new Date(r.stored_at).toISOString(),
    source: r.source,
  }));
}

/** Values of units within a scope, summed per unit, period and element (for the rules). */
export async function sumsInScope(
  db: Kysely<DB>,
  scope: string,
  periods: readonly string[]
): Promise<{ orgUnit: string; period: string; element: string; value: number }[]> {
  const rows = await sql<{ org_unit: string; period: string; element: string; value: number }>`
    SELECT v.org_unit, v.period, v.element, sum(v.value) AS value
    FROM data_values v JOIN org_units u ON u.code = v.org_unit
    WHERE u.path LIKE ${`%/${scope}/%`} AND v.period = ANY(${[...periods]}::text[])
    GROUP BY v.org_unit, v.period, v.element`.execute(db);
  return rows.rows.map((r) => ({
    orgUnit: r.org_unit,
    period: r.period,
    element: r.element,
    value: r.value,
  }));
}

/**
 * Monthly values of units within a scope from one period to another, summed per element, unit and
 * period and ordered so that each unit's series comes in time order (for the outlier review).
 */
export async function monthlySeries(
  db: Kysely<DB>,
  q: { scope: string; elements: readonly string[]; from: string; to: string }
): Promise<{ element: string; orgUnit: string; period: string; value: number }[]> {
  const rows = await sql<{ element: string; org_unit: string; period: string; value: number }>`
    SELECT v.element, v.org_unit, v.period, sum(v.value) AS value
    FROM data_values v JOIN org_units u ON u.code = v.org_unit
    WHERE u.path LIKE ${`%/${q.scope}/%`} AND v.element = ANY(${[...q.elements]}::text[])
      AND v.period >= ${q.from} AND v.period <= ${q.to}
    GROUP BY v.element, v.org_unit, v.period
    ORDER BY v.element, v.org_unit, v.period`.execute(db);
  return rows.rows.map((r) => ({
    element: r.element,
    orgUnit: r.org_unit,
    period: r.period,
    value: r.value,
  }));
}

/** Slices of the synthetic (demo) values. */
export async function syntheticSlices(db: Kysely<DB>): Promise<Slice[]> {
  const r = await sql<Slice>`SELECT DISTINCT element, period FROM data_values WHERE synthetic`.execute(db);
  return r.rows;
}

/** Delete the synthetic values; returns how many. */
export async function deleteSyntheticValues(db: Kysely<DB>): Promise<number> {
  const r = await db.deleteFrom('data_values').where('synthetic', '=', true).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Delete every value, validation result and approval of synthetic units. */
export async function deleteDataOfSyntheticUnits(db: Kysely<DB>): Promise<void> {
  await sql`DELETE FROM data_values v USING org_units u WHERE u.code = v.org_unit AND u.synthetic`.execute(
    db
  );
  await sql`DELETE FROM validation_results r USING org_units u WHERE u.code = r.org_unit AND u.synthetic`.execute(
    db
  );
  await sql`DELETE FROM approvals a USING org_units u WHERE u.code = a.org_unit AND u.synthetic`.execute(db);
}

/** Delete the roll-ups kept for synthetic units. */
export async function deleteAggregatesOfSyntheticUnits(db: Kysely<DB>): Promise<void> {
  await sql`DELETE FROM agg_values a USING org_units u WHERE u.code = a.org_unit AND u.synthetic`.execute(db);
}
