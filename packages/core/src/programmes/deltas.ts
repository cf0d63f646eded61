/**
 * From assessments to aggregate updates. When a resident's facts change (a visit saved, a reading
 * corrected, a transfer, a death), the server applies, in the same transaction, the ±1 changes
 * per (data element, org unit, period) between the memberships before and after. Because both
 * sides come from the same pure assessment, the running totals always equal a full recount.
 */
import { assessAll, type Membership, type RuleSetResolver } from './assess';
import type { ProgrammeFactsInput } from './facts';

/** A change to one aggregate value. */
export interface MembershipDelta extends Membership {
  change: number;
}

function key(m: Membership): string {
  return JSON.stringify([m.element, m.orgUnit, m.period]);
}

/** Tally memberships by (element, org unit, period): a resident may count twice (two deliveries). */
export function tallyMemberships(memberships: readonly Membership[]): Map<string, MembershipDelta> {
  const out = new Map<string, MembershipDelta>();
  for (const m of memberships) {
    const k = key(m);
    const t = out.get(k);
    if (t) t.change += 1;
    else out.set(k, { element: m.element, orgUnit: m.orgUnit, period: m.period, change: 1 });
  }
  return out;
}

/**
 * The non-zero changes that turn the `before` memberships into the `after` ones, sorted by
 * element, org unit and period. A transfer shows as −1 at the old facility and +1 at the new.
 */
export function membershipDeltas(
  before: readonly Membership[],
  after: readonly Membership[]
): MembershipDelta[] {
  const tally = tallyMemberships(after);
  for (const [k, b] of tallyMemberships(before)) {
    const a = tally.get(k);
    if (a) a.change -= b.change;
    else tally.set(k, { ...b, change: -b.change });
  }
  return [...tally.values()]
    .filter((d) => d.change !== 0)
    .sort((x, y) => cmp(x.element, y.element) || cmp(x.orgUnit, y.orgUnit) || cmp(x.period, y.period));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The aggregate changes one resident's change of facts causes in a programme, through
 * `throughYear` (the current year, passed in). `null` stands for "no facts" (a new resident, or a
 * record removed, e.g. merged into another).
 */
export function residentDeltas(
  resolve: RuleSetResolver,
  before: ProgrammeFactsInput | null,
  after: ProgrammeFactsInput | null,
  throughYear: number
): MembershipDelta[] {
  return membershipDeltas(
    before ? assessAll(resolve, before, throughYear) : [],
    after ? assessAll(resolve, after, throughYear) : []
  );
}
