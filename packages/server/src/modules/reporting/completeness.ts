/**
 * Completeness and timeliness of a data set (上报率、及时率): the expected reports at or below a
 * unit, each unit's status from its submission and the deadline, the rates rolled up to the units
 * directly below, ranked. The definitions are core's (`completeness/completeness.ts`).
 */
import {
  countStatuses,
  daysLate,
  nativePeriods,
  parsePeriod,
  rankByCompleteness,
  reportDeadline,
  reportStatus,
  rollupStatuses,
  type Catalogue,
  type CompletenessReport,
  type CompletenessTrendPoint,
  type DataSet,
  type ExpectedReport,
} from '@weijian/core';
import type { Db } from '../../db/connection';
import { chinaDay } from '../orgunits';
import { checkPeriod, dataSetOf, reportingTree } from './expected';
import * as repo from './repository';

const STATUS_ORDER = { missing: 0, late: 1, pending: 2, onTime: 3 } as const;

/** The on-time deadline of a data set's period. */
export function deadlineOf(ds: DataSet, period: string): string {
  return reportDeadline(period, ds.dueDays, ds.lateAllowanceDays ?? 0);
}

/**
 * Completeness of one data set × unit × period, as of the clock's day.
 * @throws AppError NOT_FOUND (data set, unit outside scope) / VALIDATION_FAILED (period)
 */
export async function completenessReport(
  db: Db,
  catalogue: Catalogue,
  scope: string,
  q: { dataSet: string; orgUnit: string; period: string },
  now: Date
): Promise<CompletenessReport> {
  const ds = dataSetOf(catalogue, q.dataSet);
  checkPeriod(ds, q.period);
  const period = parsePeriod(q.period).id;
  const tree = await reportingTree(db, ds, q.orgUnit, scope);
  const today = chinaDay(now);
  const deadline = deadlineOf(ds, period);
  const submissions = new Map(
    (
      await repo.submissionsOf(db, {
        dataSet: ds.code,
        periods: [period],
        units: tree.expected.map((u) => u.code),
      })
    ).map((s) => [s.orgUnit, s])
  );
  const reports: (ExpectedReport & { path: string })[] = tree.expected.map((u) => {
    const s = submissions.get(u.code);
    const day = s ? chinaDay(s.submittedAt) : null;
    return {
      orgUnit: u.code,
      name: u.name,
      parentName: u.parentCode ? (tree.names.get(u.parentCode) ?? null) : null,
      status: reportStatus(day, deadline, today),
      submittedAt: s ? s.submittedAt.toISOString() : null,
      submittedBy: s?.submittedBy ?? null,
      daysLate: daysLate(day, deadline, today),
      synthetic: u.synthetic,
      path: u.path,
    };
  });
  const rolled = rollupStatuses(tree.children, reports);
  const rows = tree.children.map((c) => ({
    orgUnit: c.code,
    name: c.name,
    level: c.level,
    counts: rolled.get(c.code) ?? countStatuses([]),
  }));
  const ranked = rankByCompleteness(rows).map((r, i) => ({ ...r, rank: i + 1 }));
  return {
    dataSet: { code: ds.code, name: ds.name, periodType: ds.periodType },
    period,
    orgUnit: { code: tree.root.code, name: tree.root.name, level: tree.root.level },
    deadline,
    dueDays: ds.dueDays,
    lateAllowanceDays: ds.lateAllowanceDays ?? 0,
    asOf: today,
    counts: countStatuses(reports.map((r) => r.status)),
    children: ranked,
    reports: reports
      .sort(
        (a, b) =>
          STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
          b.daysLate - a.daysLate ||
          a.path.localeCompare(b.path)
      )
      .map(({ path: _path, ...r }) => r),
    synthetic: tree.expected.some((u) => u.synthetic),
  };
}

/**
 * The rates of one unit for every period of a year that has begun by the clock's day (months of a
 * monthly data set, quarters of a quarterly one, the year of a yearly one).
 */
export async function completenessByPeriod(
  db: Db,
  catalogue: Catalogue,
  scope: string,
  q: { dataSet: string; orgUnit: string; year: number },
  now: Date
): Promise<CompletenessTrendPoint[]> {
  const ds = dataSetOf(catalogue, q.dataSet);
  const today = chinaDay(now);
  const periods = nativePeriods(parsePeriod(String(q.year)), ds.periodType).filter(
    (p) => parsePeriod(p).start <= today
  );
  const tree = await reportingTree(db, ds, q.orgUnit, scope);
  const subs = await repo.submissionsOf(db, {
    dataSet: ds.code,
    periods,
    units: tree.expected.map((u) => u.code),
  });
  const byKey = new Map(subs.map((s) => [`${s.period}|${s.orgUnit}`, chinaDay(s.submittedAt)]));
  return periods.map((period) => {
    const deadline = deadlineOf(ds, period);
    const statuses = tree.expected.map((u) =>
      reportStatus(byKey.get(`${period}|${u.code}`) ?? null, deadline, today)
    );
    return { period, deadline, counts: countStatuses(statuses) };
  });
}
