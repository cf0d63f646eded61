/**
 * Evaluating a plan for a year: for every row, the actual value (stated by the plan for that
 * year, or computed by the indicator engine from collected data), the value expected on the
 * schedule, the progress and the status, with the method and the reason. Binding rows that are
 * behind or deteriorating come first. Where a review table's written status contradicts the
 * numbers, the row says so and why.
 */
import {
  AppError,
  STATUS_NAMES,
  agrees,
  betterDirection,
  roundTo,
  statedDecimals,
  evaluateRow,
  parseObserved,
  parseTarget,
  readWrittenStatus,
  type Catalogue,
  type PlanRow,
  type RowStatus,
} from '@weijian/core';
import type { Db } from '../../db/connection';
import { queryAnalytics } from '../analytics';
import { findOrgUnit } from '../orgunits';
import { planFile, planRegionInScope } from '../plans';
import { projectsView, rowOwners } from '../projects';

export type { RowResult, PlanEvaluation } from '@weijian/core';
import type { RowResult, PlanEvaluation } from '@weijian/core';

const LEAD: RowStatus[] = ['behind', 'deteriorating'];

function forecastOf(f: {
  targetYear: number;
  forecast: number | null;
  year: number;
  synthetic: boolean;
}): { year: number; value: number; madeFrom: number; synthetic: boolean } | null {
  return f.forecast !== null
    ? { year: f.targetYear, value: f.forecast, madeFrom: f.year, synthetic: f.synthetic }
    : null;
}

function ownLevel(regionLevel: string): string {
  return regionLevel === 'city' ? 'city' : regionLevel === 'province' ? 'province' : 'district';
}

/**
 * The target a year is judged against: of the plan's own level (else any level), the first
 * target due in or after that year, else the last one. Healthy-China-style rows carry 2022 and
 * 2030 targets; 2021 is judged against 2022, 2025 against 2030.
 */
function targetFor(
  targets: PlanRow['targets'],
  level: string,
  year: number
): PlanRow['targets'][number] | null {
  const own = targets.filter((t) => t.level === level);
  const pool = [...(own.length > 0 ? own : targets)].sort((a, b) => a.year - b.year);
  return pool.find((t) => t.year >= year) ?? pool.at(-1) ?? null;
}

/** A value the plan itself states for a year (review actual, baseline, history). */
function statedValue(row: PlanRow, year: number): number | null {
  const cells = [row.actual, row.baseline, ...(row.history ?? [])].filter(
    (c): c is { year: number; raw: string } => c !== undefined && c !== null && c.year === year
  );
  for (const c of cells) {
    const v = parseObserved(c.raw).value;
    if (v !== null) return v;
  }
  return null;
}

/** The org unit of a plan's region (it exists: a plan is stored only for a known region). */
export async function regionOf(db: Db, code: string): Promise<{ level: string; parentCode: string | null }> {
  const unit = await findOrgUnit(db, code);
  if (!unit) {
    throw new AppError('NOT_FOUND', {
      zh: `规划所属地区不存在：${code}`,
      en: `Unknown region org unit: ${code}`,
    });
  }
  return unit;
}

/**
 * Evaluate every row of a plan for a year.
 * @throws AppError NOT_FOUND for a plan outside the scope
 */
export async function evaluatePlan(
  db: Db,
  catalogue: Catalogue,
  scope: string,
  planId: string,
  year: number
): Promise<PlanEvaluation> {
  await planRegionInScope(db, planId, scope);
  const plan = await planFile(db, planId);
  const level = ownLevel((await regionOf(db, plan.region)).level);
  const indicators = new Map(catalogue.indicators.map((i) => [i.code, i]));
  const codes = [
    ...new Set(plan.rows.map((r) => r.indicator).filter((c): c is string => c !== null && indicators.has(c))),
  ];
  // The engine's values for the year and for the base year (a baseline the plan does not state).
  const computed = codes.length
    ? await queryAnalytics(db, catalogue, scope, {
        dx: codes,
        pe: [...new Set([String(year), String(plan.baseYear)])],
        ou: [plan.region],
        includeNumDen: false,
      })
    : { rows: [] };
  const engine = new Map(computed.rows.filter((r) => r.pe === String(year)).map((r) => [r.dx, r]));
  const engineBase = new Map(
    computed.rows.filter((r) => r.pe === String(plan.baseYear)).map((r) => [r.dx, r])
  );
  const owners = await rowOwners(db, planId);
  const bedForecast = plan.rows.some((r) => r.indicator === 'BEDS_PER_1000')
    ? (await projectsView(db, catalogue, scope, planId)).bedForecast
    : null;
  const rows: RowResult[] = plan.rows.map((row) => {
    const indicator = row.indicator ? indicators.get(row.indicator) : undefined;
    // Compare and show at the precision the plan writes the row in, and never coarser than the
    // catalogue's: rounding noise from the engine must not decide a status.
    const decimals = Math.max(statedDecimals(row), indicator?.decimals ?? 0);
    const own = targetFor(row.targets, level, year);
    const baselineValue = row.baseline ? parseObserved(row.baseline.raw).value : null;
    const dataBase = row.indicator ? (engineBase.get(row.indicator) ?? null) : null;
    const baseline =
      row.baseline && baselineValue !== null
        ? { year: row.baseline.year, value: baselineValue, source: 'plan' as const }
        : dataBase?.value !== null && dataBase?.value !== undefined
          ? { year: plan.baseYear, value: roundTo(dataBase.value, decimals), source: 'data' as const }
          : null;
    const stated = statedValue(row, year);
    const fromData = row.indicator ? (engine.get(row.indicator) ?? null) : null;
    const computedValue = fromData?.value ?? null;
    const actual = stated ?? (computedValue === null ? null : roundTo(computedValue, decimals));
    const history: Record<number, number> = {};
    for (const h of row.history ?? []) {
      const v = parseObserved(h.raw).value;
      if (v !== null) history[h.year] = v;
    }
    const written = readWrittenStatus(row.statusAsWritten);
    const method = row.scheduleMethod ?? plan.scheduleMethod;
    const evaluation = own
      ? evaluateRow({
          target: parseTarget(own.raw),
          targetYear: own.year,
          baseline,
          actual,
          year,
          direction: row.direction ?? (indicator ? betterDirection(indicator) : null),
          method,
          history,
          withdrawn: written.status === 'withdrawn',
          decimals,
        })
      : {
          status: 'not_evaluable' as const,
          expected: null,
          progress: null,
          method,
          threshold: 0.95,
          reason: { zh: '该行没有目标值，仅作监测', en: 'The row has no target; it is monitored only' },
        };
    const discrepancy =
      written.status !== null && !agrees(evaluation.status, written.status)
        ? {
            zh: `原文记为“${row.statusAsWritten ?? ''}”，但按数据应为“${STATUS_NAMES[evaluation.status].zh}”：${evaluation.reason.zh}`,
            en: `Written as "${row.statusAsWritten ?? ''}", but the numbers say ${STATUS_NAMES[evaluation.status].en.toLowerCase()}: ${evaluation.reason.en}`,
          }
        : null;
    return {
      key: row.key,
      name: row.name,
      category: row.category ?? null,
      indicator: row.indicator,
      unit: row.unit ?? null,
      attribute: row.attribute,
      target: own ? { raw: own.raw, year: own.year, level: own.level } : null,
      baseline,
      ...evaluation,
      statusName: STATUS_NAMES[evaluation.status],
      actual,
      actualSource:
        stated !== null ? 'plan' : fromData?.value !== null && fromData?.value !== undefined ? 'data' : null,
      // Synthetic when a figure the row shows came from demo data: the current value or a
      // baseline taken from data.
      synthetic:
        (stated === null && (fromData?.synthetic ?? false)) ||
        (baseline?.source === 'data' && (dataBase?.synthetic ?? false)),
      decimals,
      statusAsWritten: row.statusAsWritten ?? null,
      discrepancy,
      owners: owners.get(row.key) ?? [],
      ...(bedForecast?.rowKey === row.key ? { forecast: forecastOf(bedForecast) } : {}),
    };
  });
  const leads = (r: RowResult): number => (r.attribute === 'binding' && LEAD.includes(r.status) ? 0 : 1);
  rows.sort((a, b) => leads(a) - leads(b));
  const counts = Object.fromEntries(Object.keys(STATUS_NAMES).map((s) => [s, 0])) as Record<
    RowStatus,
    number
  >;
  for (const r of rows) counts[r.status]++;
  return {
    plan: {
      id: plan.id,
      title: plan.title,
      region: plan.region,
      period: plan.period,
      baseYear: plan.baseYear,
    },
    year,
    counts,
    rows,
  };
}
