/** `weijian demo remove`: every synthetic value and unit goes, in one transaction, indicators rolled up again. */
import type { Db } from '../../db/connection';
import { writeAudit, type Actor } from '../audit';
import { disableUsersOfSyntheticUnits } from '../auth';
import { removeSyntheticData } from '../data';
import { removeSyntheticUnits } from '../orgunits';
import { removeSyntheticResidents } from '../residents';
import { removeSyntheticSurveillance } from '../surveillance';

export async function removeDemo(
  db: Db,
  actor: Actor
): Promise<{ values: number; units: number; residents: number }> {
  return db.transaction().execute(async (tx) => {
    // What refers to the synthetic units goes first (residents with their records, surveillance,
    // then data with its roll-up), then the accounts of those units are disabled and the units
    // themselves removed.
    const residents = await removeSyntheticResidents(tx);
    await removeSyntheticSurveillance(tx);
    const values = await removeSyntheticData(tx);
    await disableUsersOfSyntheticUnits(tx);
    const units = await removeSyntheticUnits(tx);
    await writeAudit(tx, actor, {
      action: 'remove',
      entity: 'demo',
      entityId: 'synthetic',
      details: { values, units, residents },
    });
    return { values, units, residents };
  });
}
