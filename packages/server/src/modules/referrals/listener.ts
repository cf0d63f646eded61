/**
 * The residents' lifecycle as referrals hear it: a merge moves the merged record's referrals to
 * the survivor (snapshot: their ids), an unmerge moves exactly those back. The counts are per
 * facility and month, not per person, so they do not change.
 */
import { z } from 'zod';
import type { ResidentListener } from '../residents';
import * as repo from './repository';

const snapshotSchema = z.object({ referrals: z.array(z.number().int()) });

/** The referrals module's lifecycle listener (registered in modules/wiring.ts). */
export const referralListener: ResidentListener = {
  name: 'referrals',
  async residentsChanged() {
    // Nothing derived from a resident's facts: counts are by facility and the month sent.
  },
  async merged(tx, survivorId, mergedId) {
    return { referrals: await repo.moveReferrals(tx, mergedId, survivorId) };
  },
  async unmerged(tx, survivorId, mergedId, snapshot) {
    const { referrals } = snapshotSchema.parse(snapshot ?? { referrals: [] });
    await repo.moveReferrals(tx, survivorId, mergedId, referrals);
  },
};
