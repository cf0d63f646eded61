/** SQL for data values, their audit trail, approvals and validation results. Set-based via unnest. */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types';

export interface ValueKey {
  element: string;
  orgUnit: string;
  period: string;
  disagg: string;
}

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

/** Current values for a set of keys. */
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

/** Stable string key of a value key. */
export function valueKey(k: ValueKey): string {
  return `${k.element}\u0000${k.orgUnit}\u0000${k.period}\u0000${k.disagg}`;
}

/** Insert or update values. */
export async function upsertValues(
  db: Kysely<DB>,
  rows: readonly ValueRow[],
  storedBy: string,
  at: Date
): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    INSERT INTO data_values (element, org_unit, period, period_start, disagg, value, source, comment, followup, synthetic, stored_by, stored_at)
    SELECT k.*, ${storedBy}, ${at}::timestamptz FROM unnest(
      ${rows.map((r) => r.element)}::text[], ${rows.map((r) => r.orgUnit)}::text[], ${rows.map((r) => r.period)}::text[],
      ${rows.map((r) => r.periodStart)}::date[], ${rows.map((r) => r.disagg)}::text[], ${rows.map((r) => r.value)}::float8[],
      ${rows.map((r) => r.source)}::text[], ${rows.map((r) => r.comment)}::text[], ${rows.map((r) => r.followup)}::bool[],
      ${rows.map((r) => r.synthetic)}::bool[]
    ) AS k(element, org_unit, period, period_start, disagg, value, source, comment, followup, synthetic)
    ON CONFLICT (element, org_unit, period, disagg) DO UPDATE SET
      value = excluded.value, source = excluded.source, comment = excluded.comment, followup = excluded.followup,
      synthetic = excluded.synthetic, stored_by = excluded.stored_by, stored_at = excluded.stored_at`.execute(
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

/** Approvals that lock any of these elements in these periods: data set, approving unit, period. */
export async function approvalsFor(db: Kysely<DB>, elements: readonly string[], periods: readonly string[]) {
  if (elements.length === 0) return [];
  return db
    .selectFrom('approvals')
    .innerJoin('data_set_elements', 'data_set_elements.data_set', 'approvals.data_set')
    .select(['approvals.data_set', 'approvals.org_unit', 'approvals.period', 'data_set_elements.element'])
    .where('data_set_elements.element', 'in', [...new Set(elements)])
    .where('approvals.period', 'in', [...new Set(periods)])
    .execute();
}

/** Paths of org units by code (unknown codes are absent). */
export async function orgUnitPaths(db: Kysely<DB>, codes: readonly string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .selectFrom('org_units')
    .select(['code', 'path'])
    .where('code', 'in', [...new Set(codes)])
    .execute();
  return new Map(rows.map((r) => [r.code, r.path]));
}

/** The audit trail of one value, newest first. */
export async function valueHistory(db: Kysely<DB>, k: ValueKey) {
  return db
    .selectFrom('data_value_audit')
    .select(['old_value', 'new_value', 'action', 'actor', 'at'])
    .where('element', '=', k.element)
    .where('org_unit', '=', k.orgUnit)
    .where('period', '=', k.period)
    .where('disagg', '=', k.disagg)
    .orderBy('id', 'desc')
    .execute();
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
