/**
 * The emergency rules against hand-worked expectations from the national plan's criteria and the
 * reporting regulations (see the YAML headers), read from the shipped catalogue files.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  deadlinesFileSchema,
  equipmentStandardSchema,
  gradingFileSchema,
  reserveCatalogueSchema,
} from './catalogue';
import { epidemicCurve } from './curve';
import { countdowns } from './deadlines';
import { equipmentCheck } from './equipment';
import { suggestGrade } from './grading';
import { allocateFefo, daysOfSupply, lotState, normFor } from './reserve';

// Read through Vite's glob so the pure core package needs no file-system access.
const FILES = import.meta.glob('../../../../catalogue/emergencies/*.yaml', {
  query: '?raw',
  import: 'default',
  eager: true,
});
const read = (f: string): unknown => {
  const text = FILES[`../../../../catalogue/emergencies/${f}`];
  if (typeof text !== 'string') throw new Error(`missing catalogue file ${f}`);
  return parse(text);
};
const criteria = gradingFileSchema.parse(read('grading.yaml')).criteria;
const deadlines = deadlinesFileSchema.parse(read('deadlines.yaml')).deadlines;
const equipment = equipmentStandardSchema.parse(read('team-equipment.yaml'));
const reserve = reserveCatalogueSchema.parse(read('reserve.yaml'));

describe('grading by the criteria as data', () => {
  it('has criteria of all four grades with unique codes', () => {
    expect(new Set(criteria.map((c) => c.grade))).toEqual(new Set(['I', 'II', 'III', 'IV']));
    expect(new Set(criteria.map((c) => c.code)).size).toBe(criteria.length);
  });
  it('cholera: 9 a week is IV, 10–29 is III, 30 is II (plan 1.3)', () => {
    const g = (casesWeek: number) =>
      suggestGrade(criteria, {
        kind: 'infectious',
        disease: 'cholera',
        diseaseClass: 'A',
        facts: { casesWeek },
      }).grade;
    expect([g(1), g(9), g(10), g(29), g(30)]).toEqual(['IV', 'IV', 'III', 'III', 'II']);
  });
  it('cholera in two counties is III even with few cases', () => {
    const s = suggestGrade(criteria, {
      kind: 'infectious',
      disease: 'cholera',
      facts: { casesWeek: 3, counties: 2 },
    });
    expect(s.grade).toBe('III');
    expect(s.met.map((c) => c.code)).toEqual(['III-cholera-10', 'IV-cholera-under-10']);
  });
  it('food poisoning: 30–99 without deaths IV; 101 III; 101 with a death II; 10 deaths II', () => {
    const g = (poisoned: number, deaths: number) =>
      suggestGrade(criteria, { kind: 'food_poisoning', facts: { poisoned, deaths } }).grade;
    expect([g(29, 0), g(30, 0), g(99, 0), g(100, 0), g(101, 0), g(40, 1), g(101, 1), g(20, 10)]).toEqual([
      null,
      'IV',
      'IV',
      null,
      'III',
      'III',
      'II',
      'II',
    ]);
  });
  it('a class B disease over twice the five-year mean in one county is III; in two counties with excess 2 it is II', () => {
    const base = { kind: 'infectious' as const, disease: 'dysentery', diseaseClass: 'B' as const };
    expect(suggestGrade(criteria, { ...base, facts: { excess: 0.9 } }).grade).toBe(null);
    expect(suggestGrade(criteria, { ...base, facts: { excess: 1 } }).grade).toBe('III');
    expect(suggestGrade(criteria, { ...base, facts: { excess: 2, counties: 1 } }).grade).toBe('III');
    expect(suggestGrade(criteria, { ...base, facts: { excess: 2, counties: 2 } }).grade).toBe('II');
  });
  it('occupational poisoning: 50 people or 5 deaths is II, 4 deaths III', () => {
    const g = (poisoned: number, deaths: number) =>
      suggestGrade(criteria, { kind: 'occupational_poisoning', facts: { poisoned, deaths } }).grade;
    expect([g(5, 0), g(12, 0), g(50, 0), g(3, 4), g(3, 5)]).toEqual(['IV', 'III', 'II', 'III', 'II']);
  });
  it('disease criteria do not apply to a poisoning event', () => {
    expect(
      suggestGrade(criteria, { kind: 'food_poisoning', disease: 'cholera', facts: { casesWeek: 40 } }).grade
    ).toBe(null);
  });
});

describe('deadlines as countdowns', () => {
  const t = (s: string) => new Date(s);
  it('direct report within 2 hours: met at 1h59, late at 2h01, running with time left, missed', () => {
    const discovered = [t('2026-06-01T08:00:00Z')];
    const at = (reported: string | null, now: string) =>
      countdowns(deadlines, { discovered, ...(reported ? { reported: [t(reported)] } : {}) }, t(now)).find(
        (c) => c.code === 'direct_report'
      );
    expect(at('2026-06-01T09:59:00Z', '2026-06-01T12:00:00Z')?.state).toBe('met');
    expect(at('2026-06-01T10:01:00Z', '2026-06-01T12:00:00Z')?.state).toBe('met_late');
    const running = at(null, '2026-06-01T09:30:00Z');
    expect(running?.state).toBe('running');
    expect(running?.remainingMs).toBe(30 * 60_000);
    expect(running?.dueAt).toBe('2026-06-01T10:00:00.000Z');
    const missed = at(null, '2026-06-01T10:15:00Z');
    expect(missed?.state).toBe('missed');
    expect(missed?.remainingMs).toBe(-15 * 60_000);
  });
  it('field investigation counts 12 hours from the report, not from discovery', () => {
    const c = countdowns(
      deadlines,
      { discovered: [t('2026-06-01T00:00:00Z')], reported: [t('2026-06-01T01:00:00Z')] },
      t('2026-06-01T12:30:00Z')
    ).find((x) => x.code === 'field_investigation');
    expect(c?.dueAt).toBe('2026-06-01T13:00:00.000Z');
    expect(c?.remainingMs).toBe(30 * 60_000);
  });
  it('situation reports recur every 24 hours from the last one while responding', () => {
    const steps = {
      discovered: [t('2026-06-01T00:00:00Z')],
      responding: [t('2026-06-02T00:00:00Z')],
      sitrep: [t('2026-06-02T20:00:00Z')],
    };
    const c = countdowns(deadlines, steps, t('2026-06-03T19:00:00Z')).find(
      (x) => x.code === 'situation_report'
    );
    expect(c?.dueAt).toBe('2026-06-03T20:00:00.000Z');
    expect(c?.state).toBe('running');
    const late = countdowns(deadlines, steps, t('2026-06-03T21:00:00Z')).find(
      (x) => x.code === 'situation_report'
    );
    expect(late?.state).toBe('missed');
  });
  it('a deadline whose start has not happened is pending', () => {
    const c = countdowns(deadlines, { discovered: [t('2026-06-01T00:00:00Z')] }, t('2026-06-01T01:00:00Z'));
    expect(c.find((x) => x.code === 'closing_summary')?.state).toBe('pending');
  });
});

describe('equipment against the standard', () => {
  it('an infectious-disease team of 10: per-member and per-team items, compliance = items in full / items', () => {
    const held = new Map([
      ['carry_kit', 10],
      ['ppe_level3', 40],
      ['n95', 200],
      ['sampling_kit', 2],
      ['transport_box', 1],
      ['rapid_test', 1],
      ['radio', 4],
    ]);
    const r = equipmentCheck(equipment, 'infectious', 10, held);
    const line = (i: string) => r.lines.find((l) => l.item === i);
    expect(line('ppe_level3')).toMatchObject({ required: 50, held: 40, shortfall: 10 });
    expect(line('n95')).toMatchObject({ required: 200, shortfall: 0 });
    expect(line('satphone')).toMatchObject({ required: 1, held: 0, shortfall: 1 });
    // 8 items required; ppe_level3, transport_box and satphone short → 5/8.
    expect(r.compliance).toBe(5 / 8);
  });
});

describe('the reserve', () => {
  const n95 = reserve.items.find((i) => i.code === 'n95') ?? reserve.items[0];
  if (!n95) throw new Error('no items');
  it('norm per 10 000 residents for a district, per bed for a facility, none without a basis', () => {
    expect(normFor(n95, { level: 'district', population: 1_553_225 })).toBe(15_533); // ceil(100 × 155.3225)
    expect(normFor(n95, { level: 'facility', beds: 120 })).toBe(3600);
    expect(normFor(n95, { level: 'facility', beds: null })).toBe(null);
  });
  it('lot states around the rotation window (180 days for respirators)', () => {
    expect(lotState(n95, '2026-05-31', '2026-06-01')).toBe('expired');
    expect(lotState(n95, '2026-11-28', '2026-06-01')).toBe('rotate'); // 180 days left
    expect(lotState(n95, '2026-11-29', '2026-06-01')).toBe('ok'); // 181 days left
  });
  it('issues draw earliest expiry first, skip expired lots, and refuse when short', () => {
    const lots = [
      { id: 1, quantity: 100, expiresOn: '2027-01-01' },
      { id: 2, quantity: 50, expiresOn: '2026-07-01' },
      { id: 3, quantity: 500, expiresOn: '2026-05-01' },
      { id: 4, quantity: 20, expiresOn: null },
    ];
    expect(allocateFefo(lots, 120, '2026-06-01')).toEqual([
      { id: 2, quantity: 50 },
      { id: 1, quantity: 70 },
    ]);
    expect(allocateFefo(lots, 171, '2026-06-01')).toBe(null);
  });
  it('days of supply at the issue rate', () => {
    expect(daysOfSupply(300, 40)).toBe(7.5);
    expect(daysOfSupply(300, 0)).toBe(null);
  });
});

describe('epidemic curve', () => {
  it('counts by onset day with empty days filled', () => {
    expect(epidemicCurve(['2026-05-03', '2026-05-01', '2026-05-03'])).toEqual([
      { date: '2026-05-01', count: 1 },
      { date: '2026-05-02', count: 0 },
      { date: '2026-05-03', count: 2 },
    ]);
  });
});
