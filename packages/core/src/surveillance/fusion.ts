/**
 * Multi-point trigger (多点触发): signals from the thousands of series checked each day are first
 * thinned by the Benjamini–Hochberg false-discovery rule, then fused — alarms in the same syndrome
 * group from independent streams (case reports, fever clinics, pharmacies, schools …) or from
 * neighbouring units within a few days become one escalated signal that lists its evidence.
 */
import type { AlgorithmName, DetectionPoint } from './types';
import { isoDay } from './types';

/** Independent data streams a signal can rest on. */
export const STREAMS = [
  'cases',
  'fever_clinic',
  'chc_respiratory',
  'chc_diarrhoea',
  'pharmacy',
  'school',
] as const;
export type Stream = (typeof STREAMS)[number];

/** One series' result at the date checked. */
export interface SeriesResult {
  unit: string;
  stream: Stream;
  /** Disease code or syndrome the series counts. */
  topic: string;
  /** Syndrome group shared across streams (respiratory, diarrhoea, rash …). */
  group: string;
  algorithm: AlgorithmName;
  point: DetectionPoint;
}

/** A fused signal and its evidence. */
export interface FusedSignal {
  unit: string;
  group: string;
  date: string;
  level: 'single' | 'spatial' | 'corroborated';
  escalated: boolean;
  evidence: (SeriesResult & { qValue: number | null })[];
}

/** Benjamini–Hochberg adjusted p-values (q-values); nulls stay null and are not counted. */
export function benjaminiHochberg(pValues: readonly (number | null)[]): (number | null)[] {
  const tested = pValues.flatMap((p, i) => (p === null || Number.isNaN(p) ? [] : [{ p, i }]));
  tested.sort((a, b) => b.p - a.p);
  const m = tested.length;
  const out: (number | null)[] = pValues.map(() => null);
  let running = 1;
  tested.forEach(({ p, i }, r) => {
    running = Math.min(running, (p * m) / (m - r));
    out[i] = running;
  });
  return out;
}

/** Options of the fusion step. */
export interface FusionOptions {
  /** False-discovery rate across all series tested (default 0.05). */
  fdr?: number;
  /** Units adjacent to each unit (both directions are used). */
  neighbours?: ReadonlyMap<string, readonly string[]>;
  /** Alarms this many days apart or closer corroborate each other (default 7). */
  windowDays?: number;
}

/**
 * Keeps the alarms that survive the FDR rule (single-case alarms always do; methods without a
 * p-value pass on their own threshold) and fuses them into signals.
 */
export function fuseSignals(results: readonly SeriesResult[], opts: FusionOptions = {}): FusedSignal[] {
  const fdr = opts.fdr ?? 0.05;
  const windowDays = opts.windowDays ?? 7;
  const q = benjaminiHochberg(results.map((r) => (r.algorithm === 'single-case' ? null : r.point.pValue)));
  const kept = results
    .map((r, i) => ({ ...r, qValue: q[i] ?? null }))
    .filter((r) => r.point.alarm && (r.algorithm === 'single-case' || r.qValue === null || r.qValue <= fdr));
  const near = (a: string, b: string) =>
    a === b ||
    (opts.neighbours?.get(a)?.includes(b) ?? false) ||
    (opts.neighbours?.get(b)?.includes(a) ?? false);
  // Union–find over alarms that corroborate each other.
  const parent = kept.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i] ?? i] ?? i;
    return i;
  };
  for (let i = 0; i < kept.length; i++) {
    for (let j = i + 1; j < kept.length; j++) {
      const a = kept[i];
      const b = kept[j];
      if (!a || !b || a.group !== b.group || !near(a.unit, b.unit)) continue;
      if (Math.abs(isoDay(a.point.date) - isoDay(b.point.date)) <= windowDays) parent[find(i)] = find(j);
    }
  }
  const clusters = new Map<number, typeof kept>();
  kept.forEach((r, i) => {
    const root = find(i);
    clusters.set(root, [...(clusters.get(root) ?? []), r]);
  });
  return [...clusters.values()].map((evidence) => {
    const streams = new Set(evidence.map((e) => e.stream));
    const units = new Set(evidence.map((e) => e.unit));
    const level = streams.size > 1 ? 'corroborated' : units.size > 1 ? 'spatial' : 'single';
    const strongest =
      [...evidence].sort((a, b) => (a.point.pValue ?? 0) - (b.point.pValue ?? 0))[0] ?? evidence[0];
    const date =
      evidence
        .map((e) => e.point.date)
        .sort()
        .at(-1) ?? '';
    return {
      unit: strongest?.unit ?? '',
      group: strongest?.group ?? '',
      date,
      level,
      escalated: level !== 'single' || evidence.some((e) => e.algorithm === 'single-case'),
      evidence,
    };
  });
}

/**
 * Expected signals per unit per week when nothing is happening: each series contributes its
 * per-evaluation false-alarm probability times its evaluations per week. With the FDR rule the
 * real figure is at most this; it is the number a bureau budgets its duty staff against.
 */
export function expectedSignalsPerUnitWeek(
  series: readonly { unit: string; alpha: number; perWeek: number }[]
): number {
  const units = new Set(series.map((s) => s.unit)).size;
  if (units === 0) return 0;
  return series.reduce((s, r) => s + r.alpha * r.perWeek, 0) / units;
}
