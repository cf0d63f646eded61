/**
 * Signals as the epidemiologist works them: the board (escalated first, newest first), one signal
 * with its evidence and the expected-versus-observed curve of each stream redrawn from the data,
 * the triage workflow with every step timed and audited, and what the outcomes teach: response
 * times, the share of signals that were real per disease and per method, signals per unit-week.
 */
import {
  ALGORITHMS,
  type AlgorithmName,
  AppError,
  chooseMethod,
  detect,
  SIGNAL_TRANSITIONS,
  type EvidenceCurve,
  type SignalDetail,
  type SignalEvidence,
  type SignalRow,
  type SignalStatusName,
  type SignalTransition,
} from '@weijian/core';
import type { Db } from '../../db/connection';
import { actedAt, type Actor, writeAudit } from '../audit';
import { alertsOnEveryCase, type DiseaseVersion, listDiseaseVersions, versionAt } from './diseases';
import * as repo from './repository/signals';
import { caseSeries, syndromicSeries } from './series';

/** The board: signals in scope, open ones first, escalated first, newest first. */
export function listSignals(
  db: Db,
  scope: string,
  q: { status?: SignalStatusName | undefined; limit?: number | undefined }
): Promise<SignalRow[]> {
  return repo.listSignalRows(db, scope, q);
}

async function signalInScope(db: Db, scope: string, id: number): Promise<SignalRow> {
  const row = await repo.signalInScope(db, scope, id);
  if (!row) {
    throw new AppError('NOT_FOUND', {
      zh: `预警信号不存在或不在您的范围内：${id}`,
      en: `No such signal in your scope: ${id}`,
    });
  }
  return row;
}

/** Redraws one evidence stream: recent points with expected, upper bound, alarm, and the baseline dates. */
async function evidenceCurve(
  db: Db,
  scope: string,
  versions: readonly DiseaseVersion[],
  e: SignalEvidence
): Promise<EvidenceCurve | null> {
  const key = e.series;
  if (!key) return null;
  let series;
  let classA = false;
  if (key.kind === 'cases') {
    const s = (await caseSeries(db, scope, e.date, versions, key)).get(`${key.unit}|${key.disease}`);
    const v = versionAt(versions, key.disease, e.date);
    classA = v ? alertsOnEveryCase(v) : false;
    series = key.daily ? s?.daily : s?.weekly;
  } else series = (await syndromicSeries(db, scope, e.date, key)).get(`${key.site}|${key.syndrome}`)?.series;
  if (!series) return null;
  const chosen = chooseMethod(series, { classA, alpha: 0.01 });
  const algorithm = (ALGORITHMS as readonly string[]).includes(e.algorithm)
    ? (e.algorithm as AlgorithmName)
    : chosen.algorithm;
  if (!algorithm) return null;
  const choice = { algorithm, params: e.params ?? chosen.params, reason: e.reason ?? chosen.reason };
  // Bounds for the recent points; the whole history is returned so the baseline can be seen in it.
  const recent = series.freq === 52 ? 52 : 90;
  const evaluated = new Map(
    detect(choice.algorithm, series, { ...choice.params, range: recent }).map((p) => [p.index, p])
  );
  const last = [...evaluated.values()].at(-1);
  const weekTotals = choice.algorithm === 'mpm' && series.freq === 365;
  return {
    algorithm: choice.algorithm,
    reason: choice.reason,
    freq: series.freq,
    points: series.dates.map((date, i) => {
      const p = evaluated.get(i);
      return {
        date,
        // What the method compares: the moving percentile looks at 7-day totals of daily series.
        observed: p?.observed ?? (weekTotals ? windowSum(series.observed, i, 7) : (series.observed[i] ?? 0)),
        expected: p?.expected ?? null,
        upperbound: p?.upperbound ?? null,
        alarm: p?.alarm ?? false,
      };
    }),
    baselineDates: (last?.baseline ?? []).map((i) => series.dates[i] ?? ''),
    baselineObserved: (last?.baseline ?? []).map((i) => series.observed[i] ?? 0),
  };
}

function windowSum(values: readonly number[], end: number, length: number): number {
  let sum = 0;
  for (let i = Math.max(0, end - length + 1); i <= end; i++) sum += values[i] ?? 0;
  return sum;
}

/** One signal with its evidence curves and its workflow history. */
export async function getSignal(db: Db, scope: string, id: number): Promise<SignalDetail> {
  const signal = await signalInScope(db, scope, id);
  const evidence = signal.evidence;
  const versions = await listDiseaseVersions(db);
  const curves = await Promise.all(evidence.map((e) => evidenceCurve(db, scope, versions, e)));
  const events = await repo.signalEvents(db, id);
  return { signal, evidence: evidence.map((e, i) => ({ ...e, curve: curves[i] ?? null })), events };
}

/** One triage step; refused when the workflow does not allow it. */
export async function transitionSignal(
  db: Db,
  actor: Actor,
  scope: string,
  id: number,
  step: SignalTransition
) {
  const signal = await signalInScope(db, scope, id);
  const from = signal.status;
  if (!SIGNAL_TRANSITIONS[from].includes(step.to)) {
    throw new AppError(
      'CONFLICT',
      {
        zh: `信号当前为「${from}」，不能转为「${step.to}」`,
        en: `A signal in "${from}" cannot move to "${step.to}"`,
      },
      [
        {
          field: 'to',
          value: step.to,
          message: {
            zh: `可选：${SIGNAL_TRANSITIONS[from].join('、') || '无'}`,
            en: `allowed: ${SIGNAL_TRANSITIONS[from].join(', ') || 'none'}`,
          },
        },
      ]
    );
  }
  const outcome = step.outcome ?? (step.to === 'discarded' ? 'false_alarm' : null);
  await db.transaction().execute(async (tx) => {
    await repo.insertTransition(tx, {
      signalId: id,
      from,
      to: step.to,
      outcome,
      note: step.note ?? null,
      actor: actor.name,
      at: actedAt(actor),
    });
    await writeAudit(tx, actor, {
      action: 'transition',
      entity: 'signal',
      entityId: String(id),
      details: { from, to: step.to, outcome },
    });
  });
}
