/**
 * What the outcomes teach: for each disease or syndrome and for each method, how many signals,
 * how many were judged, the share that were real (outbreak) — the positive predictive value the
 * CIDARS reports put at 1–1.5 % — and how fast they were answered; plus signals per monitored
 * unit per week over the last eight weeks, for the alert budget.
 */
import { type Kysely, sql } from 'kysely';
import { dayIso, isoDay } from '@weijian/core';
import type { DB } from '../../db/types';

interface Tally {
  signals: number;
  judged: number;
  real: number;
  falseAlarms: number;
  responseHours: number[];
}

function summary(t: Tally) {
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
export async function signalStats(db: Kysely<DB>, scope: string, date: string) {
  const rows = await db
    .selectFrom('signals as s')
    .innerJoin('org_units as o', 'o.code', 's.unit_code')
    .leftJoin(
      db
        .selectFrom('signal_events')
        .select(['signal_id', sql<Date>`min(at)`.as('first_at')])
        .groupBy('signal_id')
        .as('e'),
      'e.signal_id',
      's.id'
    )
    .select([
      's.topic',
      's.algorithm',
      's.outcome',
      sql<string>`s.signal_date::text`.as('signal_date'),
      's.created_at',
      'e.first_at',
    ])
    .where('o.path', 'like', `%/${scope}/%`)
    .where('s.signal_date', '<=', date)
    .execute();
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
      if (r.first_at) {
        t.responseHours.push((new Date(r.first_at).getTime() - new Date(r.created_at).getTime()) / 3_600_000);
      }
      map.set(k, t);
    }
  }
  const since = dayIso(isoDay(date) - 55);
  const recent = rows.filter((r) => r.signal_date >= since).length;
  const units = await monitoredUnits(db, scope);
  return {
    date,
    byTopic: Object.fromEntries([...byTopic].map(([k, t]) => [k, summary(t)])),
    byMethod: Object.fromEntries([...byMethod].map(([k, t]) => [k, summary(t)])),
    monitoredUnits: units,
    signalsPerUnitWeek: units ? Math.round((recent / units / 8) * 1000) / 1000 : null,
  };
}

/** Units with a case series or a sentinel site in scope. */
async function monitoredUnits(db: Kysely<DB>, scope: string): Promise<number> {
  const r = await sql<{ n: number }>`
    select count(distinct u)::int as n from (
      select c.residence_unit as u from case_reports c join org_units o on o.code = c.residence_unit
        where o.path like ${`%/${scope}/%`}
      union
      select o.parent_code as u from syndromic_counts s join org_units o on o.code = s.site_unit
        where o.path like ${`%/${scope}/%`}
    ) units`.execute(db);
  return r.rows[0]?.n ?? 0;
}
