/** Shapes of the duplicate review queue, merges and the review of break-the-glass reads. */
import { z } from 'zod';

/** A pair in the review queue, both sides as the caller may see them. */
export interface MatchCandidateView {
  id: number;
  aId: number;
  bId: number;
  score: number;
  reasons: { field: string; level: string; weight: number; zh: string; en: string }[];
  status: 'open' | 'merged' | 'distinct';
  createdAt: string;
}

/** Decide a queued pair: different people, or merge `mergedId` into the other. */
export const matchDecisionSchema = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('distinct') }),
  z.object({
    decision: z.literal('merge'),
    /** Which of the pair disappears into the other. */
    mergedId: z.number().int().positive().max(2_147_483_647),
    reason: z.string().trim().min(1).max(500),
  }),
]);
export type MatchDecisionInput = z.infer<typeof matchDecisionSchema>;

/** `POST /api/residents/:id/merge`: merge `mergedId` into the resident of the path. */
export const residentMergeSchema = z.object({
  mergedId: z.number().int().positive().max(2_147_483_647),
  reason: z.string().trim().min(1).max(500),
});

/** A merge as listed. */
export interface ResidentMergeView {
  id: number;
  survivorId: number;
  mergedId: number;
  reason: string;
  actor: string;
  at: string;
  undoneBy: string | null;
  undoneAt: string | null;
}

/** A read of a person's record, as the review list shows it. */
export interface RecordReadView {
  id: number;
  actor: string;
  residentId: number;
  purpose: string;
  breakGlass: boolean;
  at: string;
  reviewedBy: string | null;
  reviewedAt: string | null;
}

/** `POST /api/record-reads/:id/review`: the reviewer's finding. */
export const recordReadReviewSchema = z.object({
  finding: z.enum(['justified', 'unjustified']),
  note: z.string().trim().max(500).optional(),
});
