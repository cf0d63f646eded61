/**
 * Storing a batch of cells so that what each write replaced is known exactly, even while other
 * saves and imports write the same cells: existing rows are locked before they are read, new rows
 * are inserted only where nobody did first (and otherwise locked and updated), so every audit row's
 * old value is the previous row's new value and every roll-up delta is the true change.
 */
import { AppError } from '@weijian/core';
import type { Db } from '../../db/connection';
import { valueKey, type ValueKey } from './keys';
import type { AggDelta } from './repository/rollup';
import {
  deleteValues,
  insertNewValues,
  insertValueAudit,
  lockExisting,
  updateValues,
  type AuditRow,
  type StoredValue,
  type ValueRow,
} from './repository/values';

/** A cell to store: a value, or null to delete it. */
export interface CellWrite extends ValueKey {
  periodStart: string;
  value: number | null;
  source: string;
  comment: string | null;
  followup: boolean;
  synthetic: boolean;
}

/** What storing one cell did. */
export interface CellOutcome<T extends CellWrite> {
  cell: T;
  /** The stored value it replaced, read under the row's lock. */
  old: StoredValue | null;
  /** The value stored (null: none). */
  value: number | null;
  action: AuditRow['action'] | 'unchanged';
}

/** Rounds of "someone inserted it first" before giving up (each round waits for that writer). */
const MAX_ROUNDS = 5;

/**
 * Store cells (no key twice) with their audit rows, and tell each cell's outcome and the change of
 * every unit's own sums for the roll-up. Call inside the write transaction.
 */
export async function storeCells<T extends CellWrite>(
  tx: Db,
  cells: readonly T[],
  actor: string,
  at: Date,
  /** The value to store given the one found (a count kept from records adds to it). */
  resolve: (cell: T, old: StoredValue | null) => number | null = (cell) => cell.value
): Promise<{ outcomes: CellOutcome<T>[]; deltas: AggDelta[] }> {
  const outcomes: CellOutcome<T>[] = [];
  let todo = cells;
  for (let round = 0; todo.length > 0; round++) {
    if (round === MAX_ROUNDS) {
      throw new AppError('CONFLICT', {
        zh: '数据正被他人同时修改，请重试',
        en: 'The values are being changed by someone else at the same time; please try again',
      });
    }
    const existing = await lockExisting(tx, todo);
    const next = new Map(todo.map((c) => [c, resolve(c, existing.get(valueKey(c)) ?? null)]));
    const fresh = todo.filter((c) => next.get(c) !== null && !existing.has(valueKey(c)));
    const inserted = await insertNewValues(
      tx,
      fresh.map((c) => toRow(c, next.get(c) ?? 0)),
      actor,
      at
    );
    const updates: ValueRow[] = [];
    const deletes: T[] = [];
    for (const c of todo) {
      const key = valueKey(c);
      const old = existing.get(key) ?? null;
      const value = next.get(c) ?? null;
      if (!old) {
        if (value === null) outcomes.push({ cell: c, old, value, action: 'unchanged' });
        else if (inserted.has(key)) outcomes.push({ cell: c, old, value, action: 'create' });
        continue;
      }
      if (value === null) deletes.push(c);
      else if (value !== old.value) updates.push(toRow(c, value));
      const action = value === null ? 'delete' : value !== old.value ? 'update' : 'unchanged';
      outcomes.push({ cell: c, old, value, action });
    }
    await updateValues(tx, updates, actor, at);
    await deleteValues(tx, deletes);
    // Keys another writer inserted between our look and our insert: lock and update them next round.
    todo = fresh.filter((c) => !inserted.has(valueKey(c)));
  }
  const changed = outcomes.filter((o) => o.action !== 'unchanged');
  await insertValueAudit(
    tx,
    changed.map((o) => ({
      element: o.cell.element,
      orgUnit: o.cell.orgUnit,
      period: o.cell.period,
      disagg: o.cell.disagg,
      oldValue: o.old?.value ?? null,
      newValue: o.value,
      action: o.action as AuditRow['action'],
    })),
    actor,
    at
  );
  return { outcomes, deltas: ownDeltas(changed) };
}

/** The change of each unit's own sums in each slice (disaggregations add up). */
function ownDeltas(changed: readonly CellOutcome<CellWrite>[]): AggDelta[] {
  const m = new Map<string, AggDelta>();
  for (const { cell, old, value } of changed) {
    const key = `${cell.element}\u0000${cell.orgUnit}\u0000${cell.period}`;
    const d = m.get(key) ?? {
      element: cell.element,
      orgUnit: cell.orgUnit,
      period: cell.period,
      periodStart: cell.periodStart,
      value: 0,
      n: 0,
      syn: 0,
    };
    d.value += (value ?? 0) - (old?.value ?? 0);
    d.n += (value === null ? 0 : 1) - (old ? 1 : 0);
    d.syn += (value !== null && cell.synthetic ? 1 : 0) - (old?.synthetic ? 1 : 0);
    m.set(key, d);
  }
  return [...m.values()];
}

function toRow(c: CellWrite, value: number): ValueRow {
  return {
    element: c.element,
    orgUnit: c.orgUnit,
    period: c.period,
    disagg: c.disagg,
    periodStart: c.periodStart,
    value,
    source: c.source,
    comment: c.comment,
    followup: c.followup,
    synthetic: c.synthetic,
  };
}
