/**
 * API shapes of two-way referral (server module `referrals`): up-referral (community → hospital)
 * and down-referral (hospital → community, with the discharge plan), each a request moving
 * sent → accepted → completed, or sent → declined with a reason.
 */
import { z } from 'zod';

export const REFERRAL_DIRECTIONS = ['up', 'down'] as const;
export type ReferralDirection = (typeof REFERRAL_DIRECTIONS)[number];
export const REFERRAL_STATUSES = ['sent', 'accepted', 'declined', 'completed'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/** 出院康复计划: what the community takes over after discharge. */
export const dischargePlanSchema = z.strictObject({
  diagnosis: z.string().trim().min(1).max(500),
  summary: z.string().trim().min(1).max(4000),
  medications: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
  followUp: z.string().trim().min(1).max(2000),
  nextVisitBy: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});
export type DischargePlan = z.infer<typeof dischargePlanSchema>;

/** A new referral. A down-referral must carry the discharge plan. */
export const newReferralSchema = z
  .strictObject({
    residentId: z.number().int().positive().max(2_147_483_647),
    direction: z.enum(REFERRAL_DIRECTIONS),
    from: z.string().min(1).max(64),
    to: z.string().min(1).max(64),
    reason: z.string().trim().min(1).max(2000),
    diagnosis: z.string().trim().min(1).max(500).optional(),
    dischargePlan: dischargePlanSchema.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.direction === 'down' && !v.dischargePlan) {
      ctx.addIssue({
        code: 'custom',
        path: ['dischargePlan'],
        message: '下转须附出院康复计划 / A down-referral needs the discharge plan',
      });
    }
    if (v.from === v.to) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: '转出与转入机构不能相同 / From and to must differ',
      });
    }
  });
export type NewReferral = z.infer<typeof newReferralSchema>;

/** A decision of the receiving facility. */
export const referralDecisionSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('accept') }),
  z.strictObject({ action: z.literal('decline'), reason: z.string().trim().min(1).max(2000) }),
  z.strictObject({ action: z.literal('complete'), outcome: z.string().trim().min(1).max(4000) }),
]);
export type ReferralDecision = z.infer<typeof referralDecisionSchema>;

/** A referral as the worklists and the resident's timeline show it. */
export interface ReferralView {
  id: number;
  residentId: number;
  residentName: string;
  direction: ReferralDirection;
  from: string;
  to: string;
  reason: string;
  diagnosis: string | null;
  dischargePlan: DischargePlan | null;
  status: ReferralStatus;
  declineReason: string | null;
  outcome: string | null;
  sentBy: string;
  sentAt: string;
  acceptedAt: string | null;
  declinedAt: string | null;
  completedAt: string | null;
  synthetic: boolean;
}

/** One entry of a resident's timeline from a referral: at the sending and at the receiving end. */
export interface ReferralTimelineEntry {
  referralId: number;
  at: string;
  facility: string;
  kind:
    'referral-sent' | 'referral-received' | 'referral-accepted' | 'referral-declined' | 'referral-completed';
  summary: { zh: string; en: string };
}
