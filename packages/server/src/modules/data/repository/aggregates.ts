/**
 * Reads of agg_values, the rolled-up table the indicator engine computes from, and of the values
 * behind one figure (for its explanation). Units above facility level have their roll-ups in
 * agg_values (a row with n = 0 is an emptied one); facilities' figures are their stored values.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/types';

/** One rolled-up value of an element, unit and native period. */
export interface AggregateRow {
  element: string;
  orgUnit: string;
  period: string;
  value: number;
  /** Stored values summed into it. */
  n: number;
  /** The unit's own reported value (not the sum of its children). */
  own: boolean;
  /** Synthetic (demo) values among them. */
  syntheticN: number;
}

/** Rolled-up values of elements × units × periods, in one query. */
export async function aggregateRows(
  db: Kysely<DB>,
  elements: readonly string[],
  units: readonly string[],
  periods: readonly string[]
): Promise<AggregateRow[]> {
  // Three ANY lists let the primary key (element, org_unit, period) serve the lookup directly.
  const rows = await sql<{
    element: string;
    org_unit: string;
    period: string;
    value: number;
    n: number;
    own: boolean;
    synthetic_n: number;
  }>`
    SELECT a.element, a.org_unit, a.period, a.value, a.n, a.own, a.synthetic_n
    FROM agg_values a
    WHERE a.element = ANY(${[...elements]}::text[])
      AND a.org_unit = ANY(${[...units]}::text[])
      AND a.period = ANY(${[...periods]}::text[])
      AND a.n > 0
    UNION ALL
    SELECT v.element, v.org_unit, v.period, sum(v.value), count(*)::int, true, (count(*) FILTER (WHERE v.synthetic))::int
    FROM data_values v
    WHERE v.org_unit IN (SELECT code FROM org_units WHERE code = ANY(${[...units]}::text[]) AND coalesce(level_rank, 5) = 5)
      AND v.element = ANY(${[...elements]}::text[])
      AND v.period = ANY(${[...periods]}::text[])
    GROUP BY v.element, v.org_unit, v.period`.execute(db);
  return rows.rows.map((r) => ({
    element: r.element,
    orgUnit: r.org_unit,
    period: r.period,
    value: r.value,
    n: r.n,
    own: r.own,
    syntheticN: r.synthetic_n,
  }));
}

/** Whether a unit's roll-ups of an element in some periods are its own values (one flag per row). */
export async function ownFlags(
  db: Kysely<DB>,
  element: string,
  orgUnit: string,
  periods: readonly string[]
): Promise<boolean[]> {
  const rows = await sql<{ own: boolean }>`
    SELECT a.own FROM agg_values a
    WHERE a.element = ${element} AND a.org_unit = ${orgUnit} AND a.period = ANY(${[...periods]}::text[]) AND a.n > 0
    UNION ALL
    SELECT true FROM data_values v JOIN org_units u ON u.code = v.org_unit AND coalesce(u.level_rank, 5) = 5
    WHERE v.element = ${element} AND v.org_unit = ${orgUnit} AND v.period = ANY(${[...periods]}::text[])`.execute(
    db
  );
  return rows.rows.map((r) => r.own);
}

/** The children (as of `start`) whose roll-ups make up a unit's value, largest first, at most 20. */
export async function childContributions(
  db: Kysely<DB>,
  q: { element: string; parent: string; start: string; periods: readonly string[] }
): Promise<{ code: string; name: string; value: number }[]> {
  const r = await sql<{ code: string; name: string; value: number }>`
    SELECT u.code, u.name, sum(a.value) AS value
    FROM (
      SELECT org_unit, value FROM agg_values
      WHERE element = ${q.element} AND period = ANY(${[...q.periods]}::text[]) AND n > 0
      UNION ALL
      SELECT v.org_unit, v.value FROM data_values v
      JOIN org_units f ON f.code = v.org_unit AND coalesce(f.level_rank, 5) = 5
      WHERE v.element = ${q.element} AND v.period = ANY(${[...q.periods]}::text[])
    ) a
    JOIN org_unit_parents p ON p.code = a.org_unit AND p.parent_code = ${q.parent}
      AND p.valid_from <= ${q.start}::date AND (p.valid_to IS NULL OR p.valid_to > ${q.start}::date)
    JOIN org_units u ON u.code = a.org_unit
    GROUP BY u.code, u.name ORDER BY sum(a.value) DESC LIMIT 20`.execute(db);
  return r.rows;
}

/** Where the stored values of an element below a unit came from: source, count, synthetic. */
export async function valueSources(
  db: Kysely<DB>,
  q: { element: string; below: string; periods: readonly string[] }
): Promise<{ source: string; count: number; synthetic: boolean }[]> {
  const r = await sql<{ source: string; count: number; synthetic: boolean }>`
    SELECT v.source, count(*)::int AS count, v.synthetic
    FROM data_values v JOIN org_units u ON u.code = v.org_unit
    WHERE v.element = ${q.element} AND v.period = ANY(${[...q.periods]}::text[]) AND u.path LIKE ${`%/${q.below}/%`}
    GROUP BY v.source, v.synthetic ORDER BY count(*) DESC`.execute(db);
  return r.rows;
}
