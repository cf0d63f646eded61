/**
 * The residents' lifecycle as immunization hears it: facts changed → recount the child; a merge
 * moves the merged record's doses to the survivor (snapshot: their ids); an unmerge moves exactly
 * those back. Coverage of both is refreshed in the caller's transaction.
 */
import { z } from 'zod';
import { chinaDay } from '../orgunits';
import type { ResidentListener } from '../residents';
import { refreshCoverage } from './coverage';
import * as repo from './repository';

const snapshotSchema = z.object({ doses: z.array(z.number().int()) });

/** The immunization module's lifecycle listener (registered in modules/wiring.ts). */
export const immunizationListener: ResidentListener = {
  name: 'immunization',
  async residentsChanged(tx, residentIds, principal) {
    await refreshCoverage(tx, residentIds, principal, chinaDay(principal.at));
  },
  async merged(tx, survivorId, mergedId, principal) {
    const doses = await repo.moveDoses(tx, mergedId, survivorId);
    await refreshCoverage(tx, [survivorId, mergedId], principal, chinaDay(principal.at));
    return { doses };
  },
  async unmerged(tx, survivorId, mergedId, snapshot, principal) {
    const { doses } = snapshotSchema.parse(snapshot ?? { doses: [] });
    await repo.moveDoses(tx, survivorId, mergedId, doses);
    await refreshCoverage(tx, [survivorId, mergedId], principal, chinaDay(principal.at));
  },
};
