/**
 * What the indicator engine and the explanation of a figure read: the rolled-up values the data
 * module keeps exact at every write, and the stored values behind one of them.
 */
import type { Db } from '../../db/connection';
import * as repo from './repository/aggregates';
import * as rollup from './repository/rollup';

export type { AggregateRow } from './repository/aggregates';

/** Rolled-up values of elements × units × native periods, in one query. */
export function aggregateRows(
  db: Db,
  elements: readonly string[],
  units: readonly string[],
  periods: readonly string[]
): Promise<repo.AggregateRow[]> {
  return repo.aggregateRows(db, elements, units, periods);
}

/**
 * How a unit's value of an element in some periods was made: from its own reported values, from
 * its children's, or not at all (nothing stored).
 */
export async function aggregationRule(
  db: Db,
  element: string,
  orgUnit: string,
  periods: readonly string[]
): Promise<'own' | 'children' | 'none'> {
  const own = await repo.ownFlags(db, element, orgUnit, periods);
  return own.length === 0 ? 'none' : own.some(Boolean) ? 'own' : 'children';
}

/** The children (in the tree as of `start`) that make up a unit's value, largest first, at most 20. */
export function childContributions(
  db: Db,
  q: { element: string; parent: string; start: string; periods: readonly string[] }
): Promise<{ code: string; name: string; value: number }[]> {
  return repo.childContributions(db, q);
}

/** Where the stored values of an element at or below a unit came from: source, count, synthetic. */
export function valueSources(
  db: Db,
  q: { element: string; below: string; periods: readonly string[] }
): Promise<{ source: string; count: number; synthetic: boolean }[]> {
  return repo.valueSources(db, q);
}

/**
 * Recount every roll-up from the stored values and compare with agg_values (benchmarks and
 * checks after concurrent load): `differences` is 0 when the incremental figures are exact.
 */
export function recountDifferences(db: Db): Promise<{ rows: number; differences: number }> {
  return rollup.recountDifferences(db);
}
