/**
 * What the referrals module offers: sending and deciding referrals, worklists, a resident's
 * referrals with timeline entries, the counts' refresh and verification, and the lifecycle listener.
 */
export { sendReferral, decideReferral, referralWorklist, residentReferrals } from './service';
export { refreshReferralCounts, verifyReferralCounts, REFERRAL_ELEMENTS } from './counts';
export { referralRules, type ReferralRules } from './rules';
export { referralListener } from './listener';
export { referralRoutes } from './routes';
