/**
 * Incremental equals recount. A fake aggregate store receives only the ±1 deltas of each change
 * (enrolments, visits, corrections, deletions, transfers, deaths and their correction, moves,
 * pregnancies, record merges), in seeded random order; at checkpoints it must equal a full
 * recount from every resident's facts, and no value may ever go below zero.
 */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random';
import { addDays, addSpan } from './dates';
import { assessAll, assessYear, type Membership, type RuleSetResolver } from './assess';
import { membershipDeltas, residentDeltas, tallyMemberships, type MembershipDelta } from './deltas';
import type { ProgrammeFactsInput, ServiceEvent } from './facts';
import { fixture, programme } from './fixtures/read';

/** A deep copy of plain JSON-like data. */
function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

const htn = programme('hypertension.yaml');
const mat = programme('maternal.yaml');
// Two rule versions over time, so a year's memberships depend on the rule in force for it.
const gd = fixture('hypertension-guangdong-hypothetical.yaml');
const htnResolver: RuleSetResolver = (y) => (y < 2017 ? undefined : y < 2024 ? htn : gd);
const matResolver: RuleSetResolver = () => mat;
const THROUGH = 2025;
const FACILITIES = ['F1', 'F2', 'F3'];

/** The fake aggregate store: (element, org unit, period) → value. */
class FakeStore {
  readonly values = new Map<string, number>();
  apply(deltas: readonly MembershipDelta[]): void {
    for (const d of deltas) {
      const k = `${d.element}|${d.orgUnit}|${d.period}`;
      const v = (this.values.get(k) ?? 0) + d.change;
      if (v < 0) throw new Error(`${k} went below zero`);
      if (v === 0) this.values.delete(k);
      else this.values.set(k, v);
    }
  }
}

/** A recount from scratch; lists are reversed so an order-dependent rule could not agree by luck. */
function recount(people: (ProgrammeFactsInput | null)[], resolve: RuleSetResolver): Map<string, number> {
  const all: Membership[] = people.flatMap((f) =>
    f
      ? assessAll(
          resolve,
          { ...f, events: [...f.events].reverse(), enrolments: [...f.enrolments].reverse() },
          THROUGH
        )
      : []
  );
  return new Map(
    [...tallyMemberships(all).values()].map((t) => [`${t.element}|${t.orgUnit}|${t.period}`, t.change])
  );
}

type Rand = () => number;
const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
const dateIn = (rand: Rand, from: string, to: string): string => {
  const span = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  return addDays(from, Math.floor(rand() * (span + 1)));
};
function shuffle<T>(rand: Rand, xs: T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** One random change to a hypertension patient's facts (a new object; the old one is kept). */
function changeHypertension(rand: Rand, f: ProgrammeFactsInput, n: number): ProgrammeFactsInput {
  const next: ProgrammeFactsInput = clone(f);
  const openSeg = next.enrolments.find((s) => (s.end ?? null) === null);
  const lastEnd =
    next.enrolments
      .map((s) => s.end ?? '')
      .sort()
      .at(-1) ?? '';
  const dead = (next.resident.deathDate ?? null) !== null;
  const op = pick(rand, [
    'enrol',
    'visit',
    'visit',
    'year-of-care',
    'same-day',
    'check',
    'correct',
    'delete',
    'transfer',
    'death',
    'undo-death',
    'move',
  ] as const);
  switch (op) {
    case 'year-of-care': {
      // A diligent year: one face-to-face follow-up a quarter and a check.
      const y = 2021 + Math.floor(rand() * 5);
      for (const q of [0, 1, 2, 3]) {
        const m = String(q * 3 + 1 + Math.floor(rand() * 3)).padStart(2, '0');
        next.events.push({
          id: `y${n}-${q}`,
          type: 'follow-up',
          date: `${y}-${m}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`,
          fields: {
            mode: 'clinic',
            sbp: 120 + Math.floor(rand() * 30),
            dbp: 70 + Math.floor(rand() * 25),
            classification: 'controlled',
          },
        });
      }
      next.events.push({
        id: `yk${n}`,
        type: 'health-check',
        date: `${y}-06-15`,
        fields: { complete: true },
      });
      break;
    }
    case 'enrol': {
      if (openSeg || dead) break;
      const from = lastEnd ? addDays(lastEnd, 1 + Math.floor(rand() * 200)) : '2021-01-01';
      if (from > '2025-12-31') break;
      next.enrolments.push({
        id: `s${n}`,
        start: dateIn(rand, from, '2025-12-31'),
        facility: pick(rand, FACILITIES),
      });
      break;
    }
    case 'visit':
      next.events.push({
        id: `v${n}`,
        type: 'follow-up',
        date: dateIn(rand, '2021-01-01', '2025-12-31'),
        fields: {
          mode: pick(rand, ['clinic', 'home', 'phone']),
          sbp: 110 + Math.floor(rand() * 60),
          dbp: 65 + Math.floor(rand() * 40),
          classification: pick(rand, ['controlled', 'uncontrolled', 'adverse_reaction', 'complication']),
        },
      });
      break;
    case 'same-day': {
      // A second follow-up on the day of another: "the latest" must not depend on list order.
      const e = next.events.find((x) => x.type === 'follow-up');
      if (e) {
        next.events.push({ ...e, id: `d${n}`, fields: { ...e.fields, sbp: 110 + Math.floor(rand() * 60) } });
      }
      break;
    }
    case 'check':
      next.events.push({
        id: `k${n}`,
        type: 'health-check',
        date: dateIn(rand, '2021-01-01', '2025-12-31'),
        fields: { complete: rand() < 0.8 },
      });
      break;
    case 'correct': {
      const e = next.events.length ? pick(rand, next.events) : undefined;
      if (!e) break;
      if (rand() < 0.5) {
        e.fields = { ...e.fields, sbp: 110 + Math.floor(rand() * 60), mode: pick(rand, ['clinic', 'phone']) };
      } else e.date = dateIn(rand, '2021-01-01', '2025-12-31');
      break;
    }
    case 'delete':
      if (next.events.length) next.events.splice(Math.floor(rand() * next.events.length), 1);
      break;
    case 'transfer': {
      if (!openSeg || dead) break;
      const d = dateIn(rand, openSeg.start, '2025-12-30');
      openSeg.end = d;
      openSeg.endReason = 'transferred-out';
      const to = pick(
        rand,
        FACILITIES.filter((x) => x !== openSeg.facility)
      );
      next.enrolments.push({ id: `s${n}`, start: addDays(d, 1), facility: to });
      break;
    }
    case 'death': {
      if (dead) break;
      const d = dateIn(rand, '2021-01-01', '2025-12-31');
      next.resident.deathDate = d;
      // Sometimes the enrolment is closed too; sometimes only the death is recorded.
      if (openSeg && rand() < 0.5 && d >= openSeg.start) {
        openSeg.end = d;
        openSeg.endReason = 'death';
      }
      break;
    }
    case 'undo-death':
      next.resident.deathDate = null;
      break;
    case 'move': {
      if (!openSeg) break;
      openSeg.end = dateIn(rand, openSeg.start, '2025-12-31');
      openSeg.endReason = 'moved-away';
      break;
    }
  }
  next.events = shuffle(rand, next.events);
  next.enrolments = shuffle(rand, next.enrolments);
  return next;
}

/** One random change to a woman's pregnancies. */
function changeMaternal(rand: Rand, f: ProgrammeFactsInput, n: number): ProgrammeFactsInput {
  const next: ProgrammeFactsInput = clone(f);
  const episodes = [...new Set(next.enrolments.map((s) => s.episode ?? s.id))];
  const openSeg = next.enrolments.find((s) => (s.end ?? null) === null);
  const op = pick(rand, [
    'pregnancy',
    'check',
    'check',
    'check',
    'deliver',
    'visit',
    'visit',
    'transfer',
    'close',
    'correct',
    'delete',
  ] as const);
  const ev = (type: string, date: string, fields: ServiceEvent['fields'], episode: string): ServiceEvent => ({
    id: `${type}${n}`,
    type,
    date,
    fields,
    episode,
  });
  switch (op) {
    case 'pregnancy': {
      if (openSeg) break;
      const start = dateIn(rand, '2022-01-01', '2025-10-01');
      const weeks = 6 + Math.floor(rand() * 12);
      const p = `p${n}`;
      next.enrolments.push({ id: `s${n}`, start, facility: pick(rand, FACILITIES), episode: p });
      next.events.push(
        ev('registration', start, { lmp: addSpan(start, { weeks: -weeks }), gestationalWeeks: weeks }, p)
      );
      break;
    }
    case 'check':
    case 'visit':
    case 'deliver': {
      const p = episodes.length ? pick(rand, episodes) : undefined;
      if (!p) break;
      const start = next.enrolments.find((s) => (s.episode ?? s.id) === p)?.start ?? '2022-01-01';
      const delivered = next.events.find((e) => e.type === 'delivery' && e.episode === p);
      if (op === 'check') {
        next.events.push(
          ev('antenatal-check', dateIn(rand, start, addDays(start, 200)), { gestationalWeeks: 20 }, p)
        );
      } else if (op === 'visit') {
        // Mostly around the discharge, so the 28-day rule is met and missed.
        const discharge =
          typeof delivered?.fields.dischargeDate === 'string' ? delivered.fields.dischargeDate : start;
        next.events.push(
          ev('postnatal-visit', addDays(discharge, Math.floor(rand() * 40) - 5), { place: 'home' }, p)
        );
      } else if (!delivered) {
        const date = addDays(start, 150 + Math.floor(rand() * 100));
        next.events.push(
          ev('delivery', date, { dischargeDate: addDays(date, Math.floor(rand() * 5)), liveBirths: 1 }, p)
        );
      }
      break;
    }
    case 'transfer': {
      if (!openSeg) break;
      const d = dateIn(rand, openSeg.start, addDays(openSeg.start, 250));
      openSeg.end = d;
      openSeg.endReason = 'transferred-out';
      next.enrolments.push({
        id: `s${n}`,
        start: addDays(d, 1),
        facility: pick(
          rand,
          FACILITIES.filter((x) => x !== openSeg.facility)
        ),
        ...(openSeg.episode !== undefined ? { episode: openSeg.episode } : {}),
      });
      break;
    }
    case 'close':
      if (openSeg) {
        openSeg.end = addDays(openSeg.start, 200 + Math.floor(rand() * 150));
        openSeg.endReason = 'completed';
      }
      break;
    case 'correct': {
      const e = next.events.length ? pick(rand, next.events) : undefined;
      if (e) e.date = addDays(e.date, Math.floor(rand() * 60) - 30);
      break;
    }
    case 'delete':
      if (next.events.length) next.events.splice(Math.floor(rand() * next.events.length), 1);
      break;
  }
  next.events = shuffle(rand, next.events);
  return next;
}

function simulate(
  seed: number,
  steps: number,
  resolve: RuleSetResolver,
  newPerson: (i: number) => ProgrammeFactsInput,
  change: (rand: Rand, f: ProgrammeFactsInput, n: number) => ProgrammeFactsInput
): { store: FakeStore; people: (ProgrammeFactsInput | null)[]; applied: number } {
  const rand = mulberry32(seed);
  const store = new FakeStore();
  const people: (ProgrammeFactsInput | null)[] = [];
  let applied = 0;
  for (let n = 0; n < steps; n++) {
    const i = Math.floor(rand() * 12);
    const before = people[i] ?? null;
    // A new record, a change, or now and then a merge that removes a duplicate record.
    const after = before === null ? newPerson(i) : rand() < 0.01 ? null : change(rand, before, n);
    const deltas = residentDeltas(resolve, before, after, THROUGH);
    applied += deltas.length;
    store.apply(deltas);
    people[i] = after;
    if (n % 100 === 99) expect(store.values).toEqual(recount(people, resolve));
  }
  return { store, people, applied };
}

describe('incremental deltas equal a full recount', () => {
  it.each([1, 2, 3, 4, 5])('hypertension, seed %i, 600 random changes', (seed) => {
    const { store, people, applied } = simulate(
      seed,
      600,
      htnResolver,
      (i) => ({
        resident: { birthDate: `19${40 + (i % 45)}-0${1 + (i % 9)}-15`, sex: i % 2 ? 'M' : 'F' },
        enrolments: [{ id: `s-${i}`, start: '2021-03-01', facility: FACILITIES[i % 3] as string }],
        events: [],
      }),
      changeHypertension
    );
    expect(store.values).toEqual(recount(people, htnResolver));
    // The run must exercise the aggregates, not compare two empty maps.
    expect(applied).toBeGreaterThan(200);
    expect([...store.values.keys()].some((k) => k.startsWith('HTN_STD_MANAGED'))).toBe(true);
    expect(new Set([...store.values.keys()].map((k) => k.split('|')[1])).size).toBe(3);
  });

  it.each([11, 12, 13])('maternal, seed %i, 600 random changes', (seed) => {
    const { store, people, applied } = simulate(
      seed,
      600,
      matResolver,
      () => ({ resident: { birthDate: '1992-05-20', sex: 'F' }, enrolments: [], events: [] }),
      changeMaternal
    );
    expect(store.values).toEqual(recount(people, matResolver));
    expect(applied).toBeGreaterThan(20);
    expect([...store.values.keys()].some((k) => /^POSTPARTUM_VISITED\|F\d\|20\d{4}$/.test(k))).toBe(true);
  });
});

describe('membershipDeltas', () => {
  it('a transfer moves each membership from the old facility to the new one', () => {
    const base = {
      resident: { birthDate: '1960-01-01', sex: 'M' as const },
      events: [
        ...['2025-02-01', '2025-05-01', '2025-08-01', '2025-11-01'].map((date, i) => ({
          id: `f${i}`,
          type: 'follow-up',
          date,
          fields: { mode: 'clinic', sbp: 130, dbp: 80, classification: 'controlled' },
        })),
        { id: 'k', type: 'health-check', date: '2025-02-01', fields: { complete: true } },
      ],
    };
    const before = { ...base, enrolments: [{ id: 's1', start: '2024-01-01', facility: 'F1' }] };
    const after = {
      ...base,
      enrolments: [
        { id: 's1', start: '2024-01-01', end: '2025-09-30', endReason: 'transferred-out', facility: 'F1' },
        { id: 's2', start: '2025-10-01', facility: 'F2' },
      ],
    };
    expect(residentDeltas(() => htn, before, after, 2025)).toEqual([
      { element: 'HTN_CONTROLLED', orgUnit: 'F1', period: '2025', change: -1 },
      { element: 'HTN_CONTROLLED', orgUnit: 'F2', period: '2025', change: 1 },
      { element: 'HTN_MANAGED', orgUnit: 'F1', period: '2025', change: -1 },
      { element: 'HTN_MANAGED', orgUnit: 'F2', period: '2025', change: 1 },
      { element: 'HTN_STD_MANAGED', orgUnit: 'F1', period: '2025', change: -1 },
      { element: 'HTN_STD_MANAGED', orgUnit: 'F2', period: '2025', change: 1 },
    ]);
    // 2024 stays with F1: it is not touched.
    expect(assessYear(htn, after, 2024).counted).toContainEqual({
      element: 'HTN_MANAGED',
      orgUnit: 'F1',
      period: '2024',
    });
  });

  it('a corrected reading moves one patient out of the controlled count only', () => {
    const m = (element: string): Membership => ({ element, orgUnit: 'F1', period: '2025' });
    expect(membershipDeltas([m('HTN_MANAGED'), m('HTN_CONTROLLED')], [m('HTN_MANAGED')])).toEqual([
      { element: 'HTN_CONTROLLED', orgUnit: 'F1', period: '2025', change: -1 },
    ]);
  });

  it('counts a membership twice when it occurs twice (two deliveries in one month and unit)', () => {
    const m: Membership = { element: 'POSTPARTUM_VISITED', orgUnit: 'F1', period: '202410' };
    expect(membershipDeltas([], [m, m])).toEqual([{ ...m, change: 2 }]);
    expect(membershipDeltas([m, m], [m])).toEqual([{ ...m, change: -1 }]);
  });
});
