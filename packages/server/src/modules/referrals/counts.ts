/**
 * Referral counts kept fresh: each referral counts as sent at its sending facility and received
 * at the receiving one in the month it was sent (China time), and — when accepted or completed
 * within the rule's hours — in the on-time counts of the receiving facility. A status change
 * recomputes the referral's memberships and applies the difference as ±1 deltas in the same
 * transaction; `verifyReferralCounts` recounts everything and compares.
 */
import type { Db } from '../../db/connection';
import { applyDeltas, type CountDelta } from '../data';
import * as repo from './repository';
import { referralRules } from './rules';

/** Every element this module keeps. */
export const REFERRAL_ELEMENTS = ['UP', 'DOWN'].flatMap((d) =>
  ['SENT', 'RECEIVED', 'ACCEPTED_ONTIME', 'COMPLETED_ONTIME'].map((k) => `REF_${d}_${k}`)
);

const HOUR = 3600_000;
const key = (m: repo.Membership): string => `${m.element}|${m.orgUnit}|${m.period}`;

/** The month (YYYYMM) of an instant in China time. */
function chinaMonth(at: Date): string {
  return new Date(at.getTime() + 8 * HOUR).toISOString().slice(0, 7).replace('-', '');
}

/** What a referral counts in, from its own record and the rules alone. */
export function expectedMemberships(r: repo.ReferralRow): repo.Membership[] {
  const rules = referralRules()[r.direction];
  const d = r.direction.toUpperCase();
  const sent = new Date(r.sentAt);
  const period = chinaMonth(sent);
  const out: repo.Membership[] = [
    { element: `REF_${d}_SENT`, orgUnit: r.fromUnit, period },
    { element: `REF_${d}_RECEIVED`, orgUnit: r.toUnit, period },
  ];
  const within = (at: Date | null, hours: number): boolean =>
    at !== null && new Date(at).getTime() - sent.getTime() <= hours * HOUR;
  if (within(r.acceptedAt, rules.acceptWithinHours)) {
    out.push({ element: `REF_${d}_ACCEPTED_ONTIME`, orgUnit: r.toUnit, period });
  }
  if (r.status === 'completed' && within(r.completedAt, rules.completeWithinHours)) {
    out.push({ element: `REF_${d}_COMPLETED_ONTIME`, orgUnit: r.toUnit, period });
  }
  return out;
}

/** Bring referrals' memberships and the counts in line with their records (caller's transaction). */
export async function refreshReferralCounts(
  tx: Db,
  ids: readonly number[],
  principal: { actor: string; at: Date }
): Promise<void> {
  const rows = await repo.referralsById(tx, ids);
  const stored = await repo.membershipsOf(tx, ids);
  const deltas: CountDelta[] = [];
  for (const r of rows) {
    const want = expectedMemberships(r);
    const had = stored.get(r.id) ?? [];
    const w = new Set(want.map(key));
    const h = new Set(had.map(key));
    const changed = [
      ...want.filter((m) => !h.has(key(m))).map((m) => ({ ...m, delta: 1 })),
      ...had.filter((m) => !w.has(key(m))).map((m) => ({ ...m, delta: -1 })),
    ];
    if (changed.length === 0) continue;
    for (const c of changed) deltas.push({ ...c, synthetic: r.synthetic });
    await repo.replaceMemberships(tx, r.id, want);
  }
  await applyDeltas(tx, principal, deltas);
}

/** Recount every referral and compare with the stored memberships and values. */
export async function verifyReferralCounts(db: Db): Promise<{
  referrals: number;
  mismatches: { cell: string; stored: number; recount: number }[];
  ok: boolean;
}> {
  const ids = await repo.allReferralIds(db);
  const rows = await repo.referralsById(db, ids);
  const recount = new Map<string, number>();
  for (const r of rows) {
    for (const m of expectedMemberships(r)) recount.set(key(m), (recount.get(key(m)) ?? 0) + 1);
  }
  const stored = await repo.storedCounts(db, REFERRAL_ELEMENTS);
  const mismatches: { cell: string; stored: number; recount: number }[] = [];
  for (const cell of new Set([...stored.keys(), ...recount.keys()])) {
    const s = stored.get(cell) ?? 0;
    const c = recount.get(cell) ?? 0;
    if (s !== c) mismatches.push({ cell, stored: s, recount: c });
  }
  return { referrals: rows.length, mismatches, ok: mismatches.length === 0 };
}
