/**
 * One row across the years of its plan: baseline, the actual value each year, the value expected
 * on the schedule, and the target — the data behind the indicator page's chart.
 */
import { AppError, type Catalogue } from '@weijian/core';
import type { Db } from '../../db/connection';
import { planHeader } from '../plans';
import { evaluatePlan, type RowResult } from './service';

export type { RowTrend } from '@weijian/core';
import type { RowTrend } from '@weijian/core';

export async function rowTrend(
  db: Db,
  catalogue: Catalogue,
  scope: string,
  planId: string,
  key: string
): Promise<RowTrend> {
  const header = await planHeader(db, planId);
  if (!header) {
    throw new AppError('NOT_FOUND', { zh: `规划不存在：${planId}`, en: `No such plan: ${planId}` });
  }
  const points: RowTrend['points'] = [];
  let last: RowResult | undefined;
  for (let y = header.baseYear; y <= header.periodEnd; y++) {
    const e = await evaluatePlan(db, catalogue, scope, planId, y);
    const r = e.rows.find((x) => x.key === key);
    if (!r) throw new AppError('NOT_FOUND', { zh: `指标行不存在：${key}`, en: `No such row: ${key}` });
    last = r;
    points.push({
      year: y,
      actual: r.actual,
      expected: r.expected,
      status: r.status,
      source: r.actualSource,
      synthetic: r.synthetic,
    });
  }
  return { row: last as RowResult, points };
}
