/**
 * Coverage kept fresh from the dose records. For a child, core's `coverageOf` says, year by year
 * and measure by measure, whether the child counts in the denominator and the numerator; the child
 * then counts at its home unit. The memberships stored in `immunization_memberships` are compared
 * with that, and the difference goes to `data_values` as ±1 deltas (data.applyDeltas) inside the
 * caller's transaction — so the scorecard read after a save already counts it, and a recount from
 * the records always equals the incremental figures (`verifyCoverage`).
 */
import { coverageOf, type GivenDose, type ImmunizationSchedule } from '@weijian/core';
import type { Db } from '../../db/connection';
import { applyDeltas, type CountDelta } from '../data';
import { measureDefs } from './measures';
import * as repo from './repository';
import { scheduleOn } from './schedule';

/** Who acts, and when (the injected clock). */
export interface Principal {
  actor: string;
  at: Date;
}

const key = (m: repo.Membership): string => `${m.element}|${m.orgUnit}|${m.period}`;

/** The years counted for a child: from its birth (not before the schedule) through `asOf`'s year. */
function years(schedule: ImmunizationSchedule, birthDate: string, asOf: string): number[] {
  const first = Math.max(Number(birthDate.slice(0, 4)), Number(schedule.effectiveFrom.slice(0, 4)));
  const catchUpYears = schedule.rules.catchUpBelow.years ?? 18;
  const last = Math.min(Number(asOf.slice(0, 4)), Number(birthDate.slice(0, 4)) + catchUpYears);
  const out: number[] = [];
  for (let y = first; y <= last; y++) out.push(y);
  return out;
}

/** What a child should count in now, computed from its record and doses alone. */
export function expectedMemberships(
  child: repo.ChildRow,
  doses: readonly repo.DoseRow[],
  asOf: string
): repo.Membership[] {
  if (child.status !== 'active') return [];
  const schedule = scheduleOn(asOf);
  const defs = measureDefs(schedule);
  const given: GivenDose[] = doses
    .filter((d) => !d.voided)
    .map((d) => ({ vaccine: d.vaccine, dose: d.dose, date: d.date }));
  const record = { birthDate: child.birthDate, given, managedUntil: child.deathDate };
  const out: repo.Membership[] = [];
  for (const year of years(schedule, child.birthDate, asOf)) {
    const period = { from: `${year}-01-01`, to: `${year}-12-31` };
    for (const def of defs) {
      const r = coverageOf(schedule, def.measure, record, period);
      if (r.denominator) {
        out.push({ element: def.denominator, orgUnit: child.homeUnit, period: String(year) });
      }
      if (r.numerator) out.push({ element: def.numerator, orgUnit: child.homeUnit, period: String(year) });
    }
  }
  return out;
}

/**
 * Bring residents' coverage memberships and the counts in line with their records, inside the
 * caller's transaction (the resident rows are locked first, so concurrent saves for one child
 * queue up). Call after every dose saved or voided, and when the residents module says a
 * child's facts changed or a merge moved doses.
 */
export async function refreshCoverage(
  tx: Db,
  residentIds: readonly number[],
  principal: Principal,
  asOf: string
): Promise<void> {
  const ids = [...new Set(residentIds)].sort((a, b) => a - b);
  if (ids.length === 0) return;
  const children = await repo.findChildren(tx, ids, true);
  const doses = await repo.dosesOf(tx, ids, false);
  const stored = await repo.membershipsOf(tx, ids);
  const deltas: CountDelta[] = [];
  for (const child of children) {
    const want = expectedMemberships(
      child,
      doses.filter((d) => d.residentId === child.id),
      asOf
    );
    const had = stored.get(child.id) ?? [];
    const wantKeys = new Set(want.map(key));
    const hadKeys = new Set(had.map(key));
    const changed = [
      ...want.filter((m) => !hadKeys.has(key(m))).map((m) => ({ ...m, delta: 1 })),
      ...had.filter((m) => !wantKeys.has(key(m))).map((m) => ({ ...m, delta: -1 })),
    ];
    if (changed.length === 0) continue;
    for (const c of changed) deltas.push({ ...c, synthetic: child.synthetic });
    await repo.replaceMemberships(tx, child.id, want);
  }
  await applyDeltas(tx, principal, deltas);
}

/** What `verifyCoverage` found. */
export interface CoverageVerification {
  residents: number;
  memberships: number;
  /** Residents whose stored memberships differ from a recount. */
  membershipMismatches: number[];
  /** Cells whose stored value differs from the recount. */
  countMismatches: { cell: string; stored: number; recount: number }[];
  ok: boolean;
}

/**
 * Recount every child's coverage from the records and compare with the stored memberships and
 * with the values in `data_values`: the incremental figures must equal the recount exactly.
 * `population` is every resident with doses or memberships plus the children of `alsoIds`.
 */
export async function verifyCoverage(
  db: Db,
  asOf: string,
  alsoIds: readonly number[] = []
): Promise<CoverageVerification> {
  const ids = [...new Set([...(await repo.residentsWithImmunizationData(db)), ...alsoIds])].sort(
    (a, b) => a - b
  );
  const children = await repo.findChildren(db, ids);
  const doses = await repo.dosesOf(db, ids, false);
  const stored = await repo.membershipsOf(db, ids);
  const recount = new Map<string, number>();
  const membershipMismatches: number[] = [];
  let memberships = 0;
  for (const child of children) {
    const want = expectedMemberships(
      child,
      doses.filter((d) => d.residentId === child.id),
      asOf
    );
    memberships += want.length;
    for (const m of want) recount.set(key(m), (recount.get(key(m)) ?? 0) + 1);
    const a = want.map(key).sort().join(',');
    const b = (stored.get(child.id) ?? []).map(key).sort().join(',');
    if (a !== b) membershipMismatches.push(child.id);
  }
  const elements = measureDefs(scheduleOn(asOf)).flatMap((d) => [d.denominator, d.numerator]);
  const values = await repo.storedCounts(db, elements);
  const countMismatches: CoverageVerification['countMismatches'] = [];
  for (const cell of new Set([...values.keys(), ...recount.keys()])) {
    const s = values.get(cell) ?? 0;
    const r = recount.get(cell) ?? 0;
    if (s !== r) countMismatches.push({ cell, stored: s, recount: r });
  }
  return {
    residents: children.length,
    memberships,
    membershipMismatches,
    countMismatches,
    ok: membershipMismatches.length === 0 && countMismatches.length === 0,
  };
}
