/**
 * Reporting completeness and timeliness (上报率、及时率) of a data set for one period: which units
 * are expected to report, which did, which did so by the deadline, and the rates rolled up the
 * hierarchy. Pure: the server supplies the expected units and their submissions.
 *
 * Definitions (as in the national statistical reporting practice and DHIS2's reporting rates):
 * - expected (应报): every unit the data set names as a reporter, at or below the unit asked about;
 * - received (实报): expected units that submitted the report for the period;
 * - on time (及时): received no later than the deadline — the period's last day plus the data
 *   set's due days plus its late allowance, counted in China days;
 * - late (迟报): received after the deadline; missing (缺报): not received and the deadline has
 *   passed; pending (未到期): not received, deadline still ahead (counted as expected, not missing);
 * - completeness rate = received / expected; timeliness rate = on time / expected (percent).
 */
import { parsePeriod } from '../periods/periods';
import { addDays, daysBetween } from '../programmes/dates';

/** Where one expected report stands. */
export type ReportStatus = 'onTime' | 'late' | 'missing' | 'pending';
export const REPORT_STATUSES: readonly ReportStatus[] = ['onTime', 'late', 'missing', 'pending'];

/** Counts and rates over a set of expected reports. */
export interface CompletenessCounts {
  expected: number;
  received: number;
  onTime: number;
  late: number;
  missing: number;
  pending: number;
  /** received / expected in percent (one decimal), null when nothing is expected. */
  completenessRate: number | null;
  /** onTime / expected in percent (one decimal), null when nothing is expected. */
  timelinessRate: number | null;
}

/** The last day a report of this period counts as on time. */
export function reportDeadline(period: string, dueDays: number, lateAllowanceDays = 0): string {
  return addDays(parsePeriod(period).end, dueDays + lateAllowanceDays);
}

/**
 * Where a report stands.
 * @param submittedDay - the China day it was submitted, or null
 * @param deadline - from reportDeadline
 * @param today - the China day now
 */
export function reportStatus(submittedDay: string | null, deadline: string, today: string): ReportStatus {
  if (submittedDay !== null) return submittedDay <= deadline ? 'onTime' : 'late';
  return today > deadline ? 'missing' : 'pending';
}

/** Days past the deadline a report came (or, missing, has been waited for); 0 when on time or pending. */
export function daysLate(submittedDay: string | null, deadline: string, today: string): number {
  const until = submittedDay ?? today;
  return Math.max(0, daysBetween(deadline, until));
}

const rate = (n: number, d: number): number | null => (d === 0 ? null : Math.round((1000 * n) / d) / 10);

/** Counts and rates of a list of statuses. */
export function countStatuses(statuses: readonly ReportStatus[]): CompletenessCounts {
  const c = { onTime: 0, late: 0, missing: 0, pending: 0 };
  for (const s of statuses) c[s]++;
  const expected = statuses.length;
  const received = c.onTime + c.late;
  return {
    expected,
    received,
    ...c,
    completenessRate: rate(received, expected),
    timelinessRate: rate(c.onTime, expected),
  };
}

/** An expected report, placed in the tree by the unit's materialised path (`/…/code/`). */
export interface PlacedStatus {
  path: string;
  status: ReportStatus;
}

/**
 * Roll statuses up to each of the given units: a unit counts every expected report at or below it.
 * Returns counts per unit code, in the order given.
 */
export function rollupStatuses(
  units: readonly { code: string }[],
  reports: readonly PlacedStatus[]
): Map<string, CompletenessCounts> {
  const out = new Map<string, CompletenessCounts>();
  for (const u of units) {
    const marker = `/${u.code}/`;
    out.set(u.code, countStatuses(reports.filter((r) => r.path.includes(marker)).map((r) => r.status)));
  }
  return out;
}

/**
 * Rank rows best first: completeness, then timeliness, then fewer missing; ties keep the given order.
 * Rows with nothing expected go last.
 */
export function rankByCompleteness<T extends { counts: CompletenessCounts }>(rows: readonly T[]): T[] {
  const key = (r: T): [number, number, number] => [
    r.counts.completenessRate ?? -1,
    r.counts.timelinessRate ?? -1,
    -r.counts.missing,
  ];
  return rows
    .map((r, i) => ({ r, i, k: key(r) }))
    .sort((a, b) => b.k[0] - a.k[0] || b.k[1] - a.k[1] || b.k[2] - a.k[2] || a.i - b.i)
    .map((x) => x.r);
}
