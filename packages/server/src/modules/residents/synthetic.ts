/** Removing the synthetic (demo) residents, for `weijian demo remove`. */
import type { Db } from '../../db/connection';
import { deleteSyntheticResidents } from './repository/synthetic';

/**
 * Remove every synthetic resident with their identifiers, records, enrolments, events,
 * memberships and contracts, inside the caller's transaction. The counts they fed are synthetic
 * values the data module removes in the same transaction.
 * @returns how many residents were removed
 */
export function removeSyntheticResidents(tx: Db): Promise<number> {
  return deleteSyntheticResidents(tx);
}
