/**
 * The recount: every resident's memberships assessed afresh from the records, compared with the
 * stored memberships, with the registry values in data_values, and with their roll-ups along the
 * org-unit tree. Equal means the incremental figures are exact; any difference is listed.
 */
import type { Db } from '../../db/connection';
import { chinaDay, unitPaths } from '../orgunits';
import { assessResident } from './recompute';
import {
  allMemberships,
  enrolmentsOf,
  eventsOf,
  residentsByIds,
  residentsWithProgrammes,
  valuesOf,
} from './repository';
import { ruleSets } from './rule-sets';

/** One difference between the recount and what is stored. */
export interface VerifyDifference {
  kind: 'membership' | 'value' | 'rollup';
  element: string;
  orgUnit: string;
  period: string;
  residentId?: number;
  programme?: string;
  recount: number;
  stored: number;
}

export interface VerifyReport {
  equal: boolean;
  throughYear: number;
  residents: number;
  memberships: number;
  cells: number;
  rollupCells: number;
  differences: VerifyDifference[];
}

const BATCH = 500;
const cellKey = (e: string, u: string, p: string): string => `${e}\u0000${u}\u0000${p}`;

function splitKey(k: string): [string, string, string] {
  const [e = '', u = '', p = ''] = k.split('\u0000');
  return [e, u, p];
}

/** Recount every programme membership and compare; `now` fixes the current year. */
export async function verifyProgrammes(db: Db, now: Date): Promise<VerifyReport> {
  const year = Number(chinaDay(now).slice(0, 4));
  const ids = await residentsWithProgrammes(db);
  const perResident = new Map<string, number>(); // resident|programme|cell -> n
  const cells = new Map<string, number>();
  let memberships = 0;
  for (let i = 0; i < ids.length; i += BATCH) {
    const batch = ids.slice(i, i + BATCH);
    const residents = await residentsByIds(db, batch);
    const enrolments = await enrolmentsOf(db, batch);
    const events = await eventsOf(db, batch);
    for (const r of residents) {
      const mine = enrolments.filter((e) => e.residentId === r.id);
      const evs = events.filter((e) => e.residentId === r.id);
      for (const p of new Set(mine.map((e) => e.programme))) {
        const counted = assessResident(
          p,
          r,
          mine.filter((e) => e.programme === p),
          evs.filter((e) => e.programme === p),
          year
        );
        for (const m of counted) {
          const k = `${String(r.id)}\u0001${p}\u0001${cellKey(m.element, m.orgUnit, m.period)}`;
          perResident.set(k, (perResident.get(k) ?? 0) + 1);
          const c = cellKey(m.element, m.orgUnit, m.period);
          cells.set(c, (cells.get(c) ?? 0) + 1);
          memberships++;
        }
      }
    }
  }
  const differences: VerifyDifference[] = [];
  const stored = new Map<string, number>();
  for (const m of await allMemberships(db)) {
    stored.set(
      `${String(m.residentId)}\u0001${m.programme}\u0001${cellKey(m.element, m.orgUnit, m.period)}`,
      m.n
    );
  }
  for (const k of new Set([...perResident.keys(), ...stored.keys()])) {
    const a = perResident.get(k) ?? 0;
    const b = stored.get(k) ?? 0;
    if (a === b) continue;
    const [rid = '0', programme = '', cell = ''] = k.split('\u0001');
    const [element, orgUnit, period] = splitKey(cell);
    differences.push({
      kind: 'membership',
      residentId: Number(rid),
      programme,
      element,
      orgUnit,
      period,
      recount: a,
      stored: b,
    });
  }
  const elements = [...new Set(ruleSets().flatMap((rs) => rs.memberships.map((m) => m.element)))].sort();
  const values = await valuesOf(db, elements);
  const storedCells = new Map(values.stored.map((v) => [cellKey(v.element, v.orgUnit, v.period), v.value]));
  for (const k of new Set([...cells.keys(), ...storedCells.keys()])) {
    const a = cells.get(k) ?? 0;
    const b = storedCells.get(k) ?? 0;
    if (a === b) continue;
    const [element, orgUnit, period] = splitKey(k);
    differences.push({ kind: 'value', element, orgUnit, period, recount: a, stored: b });
  }
  // Roll-ups: every ancestor of a counted unit holds the sum of the counts below it.
  const units = [...new Set([...cells.keys()].map((k) => splitKey(k)[1]))];
  const paths = await unitPaths(db, units);
  const expected = new Map<string, number>();
  for (const [k, n] of cells) {
    const [element, orgUnit, period] = splitKey(k);
    const path = paths.get(orgUnit) ?? `/${orgUnit}/`;
    for (const u of path.split('/').filter(Boolean)) {
      const rk = cellKey(element, u, period);
      expected.set(rk, (expected.get(rk) ?? 0) + n);
    }
  }
  const rolled = new Map(values.rolled.map((v) => [cellKey(v.element, v.orgUnit, v.period), v.value]));
  for (const k of new Set([...expected.keys(), ...rolled.keys()])) {
    const a = expected.get(k) ?? 0;
    const b = rolled.get(k) ?? 0;
    if (a === b) continue;
    const [element, orgUnit, period] = splitKey(k);
    differences.push({ kind: 'rollup', element, orgUnit, period, recount: a, stored: b });
  }
  return {
    equal: differences.length === 0,
    throughYear: year,
    residents: ids.length,
    memberships,
    cells: cells.size,
    rollupCells: expected.size,
    differences,
  };
}
