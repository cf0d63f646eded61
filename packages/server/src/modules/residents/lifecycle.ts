/**
 * What other modules hear about a resident's life in the index. The residents module owns the
 * person (identity, death, home unit, merges); other modules own what hangs on the person
 * (contracts, enrolments, service events, immunizations) and the counts kept from it. They
 * register a listener instead of being imported by the residents module, so that the residents
 * module depends on nobody and a merge, a death or a move reaches every count in the same
 * transaction.
 */
import type { Db } from '../../db/connection';

/** Who is acting and when (the injected clock's time). */
export interface LifecyclePrincipal {
  actor: string;
  at: Date;
}

/** A module that keeps something per resident. Every method runs inside the caller's transaction. */
export interface ResidentListener {
  /** A short name, for error messages and the merge snapshot's keys. */
  name: string;
  /**
   * Facts about these residents changed (birth date, sex, death date or its correction, home
   * unit, status): recompute whatever is derived from them.
   */
  residentsChanged(tx: Db, residentIds: readonly number[], principal: LifecyclePrincipal): Promise<void>;
  /**
   * `mergedId` is being merged into `survivorId`: move what this module holds for `mergedId` to
   * `survivorId`, recompute, and return a JSON-serialisable snapshot that `unmerged` can undo.
   */
  merged(tx: Db, survivorId: number, mergedId: number, principal: LifecyclePrincipal): Promise<unknown>;
  /** Undo a merge with the snapshot `merged` returned, and recompute both residents. */
  unmerged(
    tx: Db,
    survivorId: number,
    mergedId: number,
    snapshot: unknown,
    principal: LifecyclePrincipal
  ): Promise<void>;
}

const listeners: ResidentListener[] = [];

/**
 * Register a listener once (at start-up, in `modules/wiring.ts`). Registering the same name again
 * replaces the earlier one, so test files that build several apps do not double-count.
 */
export function onResidentLifecycle(listener: ResidentListener): void {
  const i = listeners.findIndex((l) => l.name === listener.name);
  if (i >= 0) listeners[i] = listener;
  else listeners.push(listener);
}

/** The registered listeners, in registration order. */
export function residentListeners(): readonly ResidentListener[] {
  return listeners;
}
