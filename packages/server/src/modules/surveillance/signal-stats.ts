/**
 * What the outcomes teach: for each disease or syndrome and for each method, how many signals,
 * how many were judged, the share that were real (outbreak) — the positive predictive value the
 * CIDARS reports put at 1–1.5 % — and how fast they were answered; plus signals per monitored
 * unit per week over the last eight weeks, for the alert budget.
 */
import { dayIso, isoDay, type OutcomeSummary, type SignalStats } from '@weijian/core';
import type { Db } from '../../db/connection';
import { monitoredUnits, signalOutcomes } from './repository/signals';

interface Tally {
  signals: number;
  judged: number;
  real: number;
  falseAlarms: number;
  responseHours: number[];
}

function summary(t: Tally): OutcomeSummary {
  const sorted = [...t.responseHours].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median =
    sorted.length === 0
      ? null
      : sorted.length % 2
        ? (sorted[Math.floor(mid)] ?? null)
        : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return {
    signals: t.signals,
    judged: t.judged,
    real: t.real,
    falseAlarms: t.falseAlarms,
    ppv: t.judged ? Math.round((t.real / t.judged) * 1000) / 1000 : null,
    responded: t.responseHours.length,
    medianResponseHours: median === null ? null : Math.round(median * 100) / 100,
  };
}

/** Outcome statistics of the signals in scope up to `date`. */
export async function signalStats(db: Db, scope: string, date: string): Promise<SignalStats> {
  const rows = await signalOutcomes(db, scope, date);
  const byTopic = new Map<string, Tally>();
  const byMethod = new Map<string, Tally>();
  const empty = (): Tally => ({ signals: 0, judged: 0, real: 0, falseAlarms: 0, responseHours: [] });
  for (const r of rows) {
    for (const [map, k] of [
      [byTopic, r.topic],
      [byMethod, r.algorithm],
    ] as const) {
      const t = map.get(k) ?? empty();
      t.signals++;
      if (r.outcome) t.judged++;
      if (r.outcome === 'outbreak') t.real++;
      if (r.outcome === 'false_alarm') t.falseAlarms++;
      if (r.firstAt) t.responseHours.push((r.firstAt.getTime() - r.createdAt.getTime()) / 3_600_000);
      map.set(k, t);
    }
  }
  const since = dayIso(isoDay(date) - 55);
  const recent = rows.filter((r) => r.signalDate >= since).length;
  const units = await monitoredUnits(db, scope);
  return {
    date,
    byTopic: Object.fromEntries([...byTopic].map(([k, t]) => [k, summary(t)])),
    byMethod: Object.fromEntries([...byMethod].map(([k, t]) => [k, summary(t)])),
    monitoredUnits: units,
    signalsPerUnitWeek: units ? Math.round((recent / units / 8) * 1000) / 1000 : null,
  };
}
