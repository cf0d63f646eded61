/** Removing the surveillance demo data (part of `weijian demo remove`). */
import type { Db } from '../../db/connection';
import { deleteSyntheticSurveillance } from './repository/removal';

/** Delete synthetic signals, case cards and sentinel counts, and those of synthetic units. Call inside the removal's transaction. */
export function removeSyntheticSurveillance(tx: Db): Promise<void> {
  return deleteSyntheticSurveillance(tx);
}
