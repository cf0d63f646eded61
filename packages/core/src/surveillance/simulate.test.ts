import { describe, expect, it } from 'vitest';
import { detect } from './detect';
import { chooseMethod, percentileFalseAlarm } from './choose';
import { benjaminiHochberg, expectedSignalsPerUnitWeek, fuseSignals, type SeriesResult } from './fusion';
import { noufailyScenarios, simulateDaily, simulateWeekly, DAILY_SYNDROMES } from './simulate';
import { ScoreTally } from './score';
import { makeSeries } from './types';
import { mpm } from './mpm';

const fail = (): never => {
  throw new Error('missing fixture');
};

describe('simulation harness', () => {
  it('regenerates the 42 Noufaily scenarios deterministically from a seed', () => {
    const sc = noufailyScenarios();
    expect(sc).toHaveLength(42);
    const scenario3 = sc[3] ?? fail();
    const a = simulateWeekly(scenario3, 7, 5);
    const b = simulateWeekly(scenario3, 7, 5);
    expect(a.observed).toEqual(b.observed);
    expect(a.observed).toHaveLength(624);
    expect(a.state.slice(a.scoredFrom).some(Boolean)).toBe(a.current.size > 0);
    expect(simulateWeekly(scenario3, 8, 5).observed).not.toEqual(a.observed);
  });

  it('a larger outbreak is detected more often, and scores are proportions', () => {
    const sc = noufailyScenarios()
      .filter((s) => s.harmonics === 1)
      .slice(0, 6);
    const pod = (k: number) => {
      const tally = new ScoreTally();
      sc.forEach((s, i) => {
        for (let r = 0; r < 4; r++) {
          const sim = simulateWeekly(s, 100 * i + r + 1, k);
          const pts = detect('earsC1', sim, { alpha: 0.01, range: 49 });
          tally.add(
            sim,
            pts.map((p) => p.alarm)
          );
        }
      });
      return tally.scores();
    };
    const small = pod(1);
    const large = pod(10);
    expect(large.pod).toBeGreaterThan(small.pod);
    for (const v of Object.values(large)) expect(v).toBeGreaterThanOrEqual(0);
    expect(large.specificity + large.fpr).toBeCloseTo(1, 3);
  });

  it('daily variant has day-of-week structure and one scored outbreak', () => {
    const sim = simulateDaily(DAILY_SYNDROMES.sigid17 ?? fail(), 3, 5);
    expect(sim.freq).toBe(365);
    expect(sim.state.slice(0, sim.scoredFrom).some(Boolean)).toBe(false);
    const pts = mpm(sim, { years: 3, range: 343 });
    expect(pts).toHaveLength(343);
  });
});

describe('method choice, FDR and fusion', () => {
  const weekly = (n: number) =>
    makeSeries(
      Array.from({ length: n }, (_, i) => ({
        date: new Date(Date.UTC(2020, 0, 6 + 7 * i)).toISOString().slice(0, 10),
        observed: 3,
      }))
    );

  it('gates methods by history', () => {
    expect(chooseMethod(weekly(300)).algorithm).toBe('farringtonFlexible');
    expect(chooseMethod(weekly(60)).algorithm).toBe('earsC2');
    expect(chooseMethod(weekly(6)).algorithm).toBe('cusum');
    expect(chooseMethod(weekly(3)).algorithm).toBeNull();
    expect(chooseMethod(weekly(300), { classA: true }).algorithm).toBe('single-case');
  });

  it('states the real false-alarm rate of a percentile threshold on few baseline values', () => {
    expect(percentileFalseAlarm(15, 0.99)).toBeCloseTo((15 - 14 * 0.99) / 16, 12);
    expect(percentileFalseAlarm(15, 0.99)).toBeGreaterThan(0.05);
    expect(percentileFalseAlarm(10_000, 0.99)).toBeCloseTo(0.01, 3);
  });

  it('Benjamini–Hochberg matches the textbook example', () => {
    const q = benjaminiHochberg([0.01, 0.04, 0.03, 0.005, null]);
    expect(q[3]).toBeCloseTo(0.02, 10);
    expect(q[0]).toBeCloseTo(0.02, 10);
    expect(q[2]).toBeCloseTo(0.04, 10);
    expect(q[1]).toBeCloseTo(0.04, 10);
    expect(q[4]).toBeNull();
  });

  const point = (date: string, pValue: number, alarm = true) => ({
    index: 0,
    date,
    observed: 9,
    expected: 2,
    upperbound: 6,
    score: 2,
    pValue,
    alarm,
    baseline: [],
  });
  const res = (unit: string, stream: SeriesResult['stream'], date: string, p: number): SeriesResult => ({
    unit,
    stream,
    topic: stream === 'cases' ? 'influenza' : 'ili',
    group: 'respiratory',
    algorithm: 'earsC2',
    point: point(date, p),
  });

  it('fuses streams that agree within the window, keeps others apart, and drops what FDR rejects', () => {
    const quiet = Array.from({ length: 200 }, (_, i) => ({
      ...res(`u${i}`, 'pharmacy', '2026-11-20', 0.9),
      point: point('2026-11-20', 0.9, false),
    }));
    const signals = fuseSignals(
      [
        res('A', 'cases', '2026-11-20', 1e-6),
        res('A', 'pharmacy', '2026-11-18', 1e-5),
        res('B', 'school', '2026-11-20', 1e-6),
        res('C', 'fever_clinic', '2026-11-20', 0.04),
        ...quiet,
      ],
      { neighbours: new Map([['B', ['Z']]]) }
    );
    const a = signals.find((s) => s.unit === 'A');
    expect(a?.level).toBe('corroborated');
    expect(a?.escalated).toBe(true);
    expect(a?.evidence.map((e) => e.stream).sort()).toEqual(['cases', 'pharmacy']);
    expect(signals.find((s) => s.unit === 'B')?.level).toBe('single');
    expect(signals.some((s) => s.unit === 'C')).toBe(false);
  });

  it('joins neighbouring units into a spatial signal', () => {
    const s = fuseSignals([res('A', 'school', '2026-11-20', 1e-6), res('B', 'school', '2026-11-19', 1e-6)], {
      neighbours: new Map([['A', ['B']]]),
    });
    expect(s).toHaveLength(1);
    expect(s[0]?.level).toBe('spatial');
  });

  it('expected signals per unit-week add up per-series false-alarm rates', () => {
    expect(
      expectedSignalsPerUnitWeek([
        { unit: 'A', alpha: 0.01, perWeek: 7 },
        { unit: 'A', alpha: 0.01, perWeek: 1 },
        { unit: 'B', alpha: 0.02, perWeek: 1 },
      ])
    ).toBeCloseTo(0.05, 10);
  });
});

describe('bad input is refused with the row and field', () => {
  it('names the row of an uneven date and the control that is wrong', () => {
    expect(() =>
      makeSeries([
        { date: '2026-01-05', observed: 1 },
        { date: '2026-01-12', observed: 2 },
        { date: '2026-01-20', observed: 1 },
      ])
    ).toThrow(/Row 3/);
    expect(() =>
      makeSeries([
        { date: '2026-01-05', observed: -1 },
        { date: '2026-01-12', observed: 2 },
      ])
    ).toThrow(/Row 1/);
    const s = makeSeries(
      Array.from({ length: 20 }, (_, i) => ({
        date: new Date(Date.UTC(2026, 0, 5 + 7 * i)).toISOString().slice(0, 10),
        observed: i,
      }))
    );
    expect(() => detect('earsC1', s, { bogus: 1 })).toThrow(/Invalid controls/);
    expect(() => detect('farringtonFlexible', s, { alpha: 2 })).toThrow(/Invalid controls/);
  });
});
