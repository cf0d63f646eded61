/**
 * Signals as the epidemiologist works them: the board (escalated first, newest first), one signal
 * with its evidence and the expected-versus-observed curve of each stream redrawn from the data,
 * the triage workflow with every step timed and audited, and what the outcomes teach: response
 * times, the share of signals that were real per disease and per method, signals per unit-week.
 */
import { type Kysely, sql } from 'kysely';
import {
  ALGORITHMS,
  type AlgorithmName,
  AppError,
  chooseMethod,
  detect,
  SIGNAL_TRANSITIONS,
  type SignalStatusName,
  type SignalTransition,
} from '@weijian/core';
import type { DB } from '../../db/types';
import { actedAt, type Actor, writeAudit } from '../audit';
import { alertsOnEveryCase, type DiseaseVersion, listDiseaseVersions, versionAt } from './diseases';
import { caseSeries, type SeriesKey, syndromicSeries } from './series';

const signalColumns = [
  's.id',
  's.unit_code',
  'o.name as unit_name',
  's.syndrome_group',
  's.topic',
  sql<string>`s.signal_date::text`.as('signal_date'),
  's.level',
  's.escalated',
  's.algorithm',
  's.observed',
  's.expected',
  's.upperbound',
  's.p_value',
  's.q_value',
  's.status',
  's.outcome',
  's.synthetic',
  's.created_at',
  's.updated_at',
] as const;

/** The board: signals in scope, open ones first, escalated first, newest first. */
export async function listSignals(
  db: Kysely<DB>,
  scope: string,
  q: { status?: string | undefined; limit?: number | undefined }
) {
  let query = db
    .selectFrom('signals as s')
    .innerJoin('org_units as o', 'o.code', 's.unit_code')
    .select([...signalColumns, 's.evidence'])
    .where('o.path', 'like', `%/${scope}/%`)
    .orderBy(sql`case when s.status in ('discarded', 'closed') then 1 else 0 end`)
    .orderBy('s.escalated', 'desc')
    .orderBy('s.signal_date', 'desc')
    .orderBy('s.id', 'desc')
    .limit(q.limit ?? 500);
  if (q.status) query = query.where('s.status', '=', q.status as SignalStatusName);
  return query.execute();
}

async function signalInScope(db: Kysely<DB>, scope: string, id: number) {
  const row = await db
    .selectFrom('signals as s')
    .innerJoin('org_units as o', 'o.code', 's.unit_code')
    .select([...signalColumns, 's.evidence'])
    .where('s.id', '=', id)
    .where('o.path', 'like', `%/${scope}/%`)
    .executeTakeFirst();
  if (!row) {
    throw new AppError('NOT_FOUND', {
      zh: `预警信号不存在或不在您的范围内：${id}`,
      en: `No such signal in your scope: ${id}`,
    });
  }
  return row;
}

interface EvidenceRow {
  stream: string;
  unit: string;
  topic: string;
  algorithm: string;
  date: string;
  series?: SeriesKey;
  /** The controls the run used, so the curve is redrawn with the same method and settings. */
  params?: Record<string, unknown>;
  reason?: { zh: string; en: string };
}

/** Redraws one evidence stream: recent points with expected, upper bound, alarm, and the baseline dates. */
async function evidenceCurve(
  db: Kysely<DB>,
  scope: string,
  versions: readonly DiseaseVersion[],
  e: EvidenceRow
) {
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
export async function getSignal(db: Kysely<DB>, scope: string, id: number) {
  const signal = await signalInScope(db, scope, id);
  const evidence = signal.evidence as EvidenceRow[];
  const versions = await listDiseaseVersions(db);
  const curves = await Promise.all(evidence.map((e) => evidenceCurve(db, scope, versions, e)));
  const events = await db
    .selectFrom('signal_events')
    .select(['from_status', 'to_status', 'outcome', 'note', 'actor', 'at'])
    .where('signal_id', '=', id)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return { signal, evidence: evidence.map((e, i) => ({ ...e, curve: curves[i] ?? null })), events };
}

/** One triage step; refused when the workflow does not allow it. */
export async function transitionSignal(
  db: Kysely<DB>,
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
    await tx
      .updateTable('signals')
      .set({ status: step.to, ...(outcome ? { outcome } : {}), updated_at: actedAt(actor) })
      .where('id', '=', id)
      .execute();
    await tx
      .insertInto('signal_events')
      .values({
        signal_id: id,
        from_status: from,
        to_status: step.to,
        outcome,
        note: step.note ?? null,
        actor: actor.name,
        at: actedAt(actor),
      })
      .execute();
    await writeAudit(tx, actor, {
      action: 'transition',
      entity: 'signal',
      entityId: String(id),
      details: { from, to: step.to, outcome },
    });
  });
}
