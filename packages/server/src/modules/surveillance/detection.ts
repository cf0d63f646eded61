/**
 * The daily detection run for a scope: every case and syndromic series gets the method its
 * history allows, alarms pass the false-discovery rule, agreeing alarms are fused, and the result
 * is stored as signals (an alarm that continues an open signal of the last week updates it rather
 * than raising another). One transaction, audited.
 */
import {
  chooseMethod,
  type CountSeries,
  type DetectionRun,
  detect,
  expectedSignalsPerUnitWeek,
  type FusedSignal,
  fuseSignals,
  isoDay,
  dayIso,
  percentileFalseAlarm,
  type SeriesResult,
  SYNDROMES,
  type SignalEvidence,
  type Syndrome,
} from '@weijian/core';
import type { Db } from '../../db/connection';
import { actedAt, type Actor, writeAudit } from '../audit';
import { listOrgUnits } from '../orgunits';
import { alertsOnEveryCase, listDiseaseVersions, versionAt } from './diseases';
import { learnedAlpha } from './learning';
import * as repo from './repository/signals';
import { caseSeries, type SeriesKey, syndromicSeries } from './series';

/** Options of a run. */
export interface DetectionOptions {
  /** False-discovery rate across the series checked (default 0.05). */
  fdr?: number;
  /** Per-series significance of the statistical methods (default 0.01). */
  alpha?: number;
  synthetic?: boolean;
}

type Checked = SeriesResult & {
  key: SeriesKey;
  reason: { zh: string; en: string };
  alpha: number | null;
  params: Record<string, unknown>;
};

function evaluate(series: CountSeries, classA: boolean, alpha: number) {
  const choice = chooseMethod(series, { classA, alpha });
  if (!choice.algorithm) return null;
  const params = classA ? { range: 7 } : choice.params;
  const points = detect(choice.algorithm, series, params);
  const nominal =
    choice.algorithm === 'mpm'
      ? percentileFalseAlarm(
          Number(choice.params.years) * (2 * Number(choice.params.window) + 1),
          Number(choice.params.percentile)
        )
      : classA || choice.algorithm === 'cusum'
        ? null
        : alpha;
  return { choice, params, points, nominal };
}

/** Runs detection for the units within `scope` as of `date` and stores the signals. */
export async function runDetection(
  db: Db,
  actor: Actor,
  scope: string,
  date: string,
  opts: DetectionOptions = {}
): Promise<DetectionRun> {
  const alpha = opts.alpha ?? 0.01;
  const versions = await listDiseaseVersions(db);
  const tuned = await learnedAlpha(db, scope, date, alpha);
  const run = (series: CountSeries, classA: boolean, topic: string) => {
    const t = tuned.get(topic);
    const r = evaluate(series, classA, classA ? alpha : (t?.alpha ?? alpha));
    if (!r || !t || classA) return r;
    const reason = {
      zh: `${r.choice.reason.zh}；${t.reason.zh}`,
      en: `${r.choice.reason.en}; ${t.reason.en}`,
    };
    return { ...r, choice: { ...r.choice, reason } };
  };
  const checked: Checked[] = [];
  for (const s of (await caseSeries(db, scope, date, versions)).values()) {
    const version =
      versionAt(versions, s.disease, date) ?? versions.filter((v) => v.code === s.disease).at(-1);
    if (!version) continue;
    const classA = alertsOnEveryCase(version);
    const r = run(classA ? s.daily : s.weekly, classA, s.disease);
    if (!r) continue;
    for (const point of r.points) {
      checked.push({
        unit: s.unit,
        stream: 'cases',
        topic: s.disease,
        group: version.syndromeGroup,
        algorithm: r.choice.algorithm ?? 'single-case',
        point,
        key: { kind: 'cases', unit: s.unit, disease: s.disease, daily: classA },
        reason: r.choice.reason,
        params: r.params,
        alpha: r.nominal,
      });
    }
  }
  for (const s of (await syndromicSeries(db, scope, date)).values()) {
    const meta = SYNDROMES[s.syndrome as Syndrome] as (typeof SYNDROMES)[Syndrome] | undefined;
    if (!meta) continue;
    const r = run(s.series, false, s.syndrome);
    if (!r) continue;
    for (const point of r.points) {
      checked.push({
        unit: s.parent,
        stream: meta.stream,
        topic: s.syndrome,
        group: meta.group,
        algorithm: r.choice.algorithm ?? 'cusum',
        point,
        key: { kind: 'syndromic', site: s.site, syndrome: s.syndrome },
        reason: r.choice.reason,
        params: r.params,
        alpha: r.nominal,
      });
    }
  }
  const neighbours = await siblingMap(db, scope);
  const fused = fuseSignals(checked, { fdr: opts.fdr ?? 0.05, neighbours });
  const stored = await db
    .transaction()
    .execute((tx) => storeSignals(tx, actor, fused, opts.synthetic ?? false));
  const uniqueSeries = new Map(
    checked.filter((c) => c.alpha !== null).map((c) => [JSON.stringify(c.key), c])
  );
  return {
    date,
    seriesChecked: new Set(checked.map((c) => JSON.stringify(c.key))).size,
    alarms: checked.filter((c) => c.point.alarm).length,
    signals: fused.length,
    tuned: [...tuned.values()],
    created: stored.created,
    updated: stored.updated,
    // Nominal false signals per unit per week if nothing were happening (run daily, 7 looks a week).
    expectedPerUnitWeek: Number(
      expectedSignalsPerUnitWeek(
        [...uniqueSeries.values()].map((c) => ({ unit: c.unit, alpha: c.alpha ?? 0, perWeek: 7 }))
      ).toFixed(3)
    ),
  };
}

/** Units sharing a parent are neighbours (streets of one district, districts of one city). */
async function siblingMap(db: Db, scope: string): Promise<Map<string, string[]>> {
  const units = await listOrgUnits(db, scope);
  const byParent = new Map<string, string[]>();
  for (const u of units) {
    if (u.parentCode) byParent.set(u.parentCode, [...(byParent.get(u.parentCode) ?? []), u.code]);
  }
  return new Map(
    units.map((u) => [u.code, (byParent.get(u.parentCode ?? '') ?? []).filter((c) => c !== u.code)])
  );
}

function evidenceOf(s: FusedSignal): SignalEvidence[] {
  return s.evidence.map((e) => {
    const c = e as typeof e & Partial<Checked>;
    return {
      stream: e.stream,
      unit: e.unit,
      topic: e.topic,
      algorithm: e.algorithm,
      date: e.point.date,
      observed: e.point.observed,
      expected: e.point.expected,
      upperbound: e.point.upperbound,
      score: e.point.score,
      pValue: e.point.pValue,
      qValue: e.qValue,
      series: c.key,
      reason: c.reason,
      params: c.params,
    };
  });
}

async function storeSignals(tx: Db, actor: Actor, fused: FusedSignal[], synthetic: boolean) {
  let created = 0;
  let updated = 0;
  for (const s of fused) {
    // The signal is named after the notifiable disease when case reports are among its evidence
    // (that is what the epidemiologist investigates), otherwise after its strongest stream.
    const lead = [...s.evidence].sort(
      (a, b) =>
        Number(b.stream === 'cases') - Number(a.stream === 'cases') ||
        (a.point.pValue ?? 0) - (b.point.pValue ?? 0)
    )[0];
    if (!lead) continue;
    const values: repo.SignalValues = {
      unitCode: s.unit,
      syndromeGroup: s.group,
      topic: lead.topic,
      signalDate: s.date,
      level: s.level,
      escalated: s.escalated,
      algorithm: lead.algorithm,
      observed: lead.point.observed,
      expected: lead.point.expected,
      upperbound: lead.point.upperbound,
      pValue: lead.point.pValue,
      qValue: lead.qValue,
      evidence: evidenceOf(s),
      synthetic,
    };
    // An open signal for the same unit and topic in the last 7 days continues; closed ones stay closed.
    const open = await repo.openSignal(tx, {
      unitCode: s.unit,
      topic: lead.topic,
      since: dayIso(isoDay(s.date) - 7),
      ...(lead.algorithm === 'single-case' ? { on: s.date } : {}),
    });
    if (open !== undefined) {
      await repo.updateSignal(tx, open, values, actedAt(actor));
      await writeAudit(tx, actor, {
        action: 'update',
        entity: 'signal',
        entityId: String(open),
        details: { date: s.date },
      });
      updated++;
      continue;
    }
    const id = await repo.insertSignal(tx, values, actedAt(actor));
    if (id === undefined) continue;
    await writeAudit(tx, actor, {
      action: 'create',
      entity: 'signal',
      entityId: String(id),
      details: { unit: s.unit, topic: lead.topic, level: s.level },
    });
    created++;
  }
  return { created, updated };
}
