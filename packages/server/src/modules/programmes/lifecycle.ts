/**
 * The programmes module's listener of the residents' lifecycle: a changed person (death, its
 * correction, birth date, sex, home unit) is recomputed; a merge moves enrolments, events and
 * contracts of the merged record to the survivor and recomputes both; an unmerge moves them back.
 */
import type { ResidentListener } from '../residents';
import { recomputeResidents } from './recompute';
import { moveBack, moveHeld, type HeldIds } from './repository';

function heldIds(snapshot: unknown): HeldIds {
  const s = (snapshot ?? {}) as Partial<Record<keyof HeldIds, unknown>>;
  const ids = (v: unknown): number[] =>
    Array.isArray(v) ? v.filter((x): x is number => Number.isInteger(x)) : [];
  return { enrolments: ids(s.enrolments), events: ids(s.events), contracts: ids(s.contracts) };
}

/** Registered in modules/wiring.ts. */
export const programmesListener: ResidentListener = {
  name: 'programmes',
  async residentsChanged(tx, residentIds, principal) {
    await recomputeResidents(tx, residentIds, principal);
  },
  async merged(tx, survivorId, mergedId, principal) {
    const held = await moveHeld(tx, mergedId, survivorId);
    await recomputeResidents(tx, [survivorId, mergedId], principal);
    return held;
  },
  async unmerged(tx, survivorId, mergedId, snapshot, principal) {
    await moveBack(tx, heldIds(snapshot), mergedId);
    await recomputeResidents(tx, [survivorId, mergedId], principal);
  },
};
