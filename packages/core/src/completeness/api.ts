/** Shapes of the completeness API (`GET /api/completeness`), shared by server and web. */
import type { CompletenessCounts, ReportStatus } from './completeness';

/** One expected report: a unit that should report the data set for the period. */
export interface ExpectedReport {
  orgUnit: string;
  name: string;
  /** The unit directly above it (name), for the reader to place it. */
  parentName: string | null;
  status: ReportStatus;
  /** ISO instant of the submission, null when not received. */
  submittedAt: string | null;
  submittedBy: string | null;
  /** Days past the deadline (late: when it came; missing: until today). */
  daysLate: number;
  synthetic: boolean;
}

/** A unit below the one asked about, with its roll-up; ranked best first. */
export interface CompletenessRow {
  orgUnit: string;
  name: string;
  level: string;
  /** Its rank among the rows (1 = best), equal counts share no rank: ties keep code order. */
  rank: number;
  counts: CompletenessCounts;
}

/** `GET /api/completeness`: one data set × unit × period. */
export interface CompletenessReport {
  dataSet: { code: string; name: { zh: string; en: string }; periodType: string };
  period: string;
  orgUnit: { code: string; name: string; level: string };
  /** The last day a report counts as on time (China day). */
  deadline: string;
  dueDays: number;
  lateAllowanceDays: number;
  /** The day the figures were computed for (China day of the server's clock). */
  asOf: string;
  counts: CompletenessCounts;
  /** The units directly below, each with everything at or below it, ranked. */
  children: CompletenessRow[];
  /** Every expected report at or below the unit (late, missing and pending first). */
  reports: ExpectedReport[];
  /** Whether any expected unit is synthetic (demo) data: figures built on it are marked so. */
  synthetic: boolean;
}

/** `GET /api/completeness/months`: the rates of one unit for each period of a year. */
export interface CompletenessTrendPoint {
  period: string;
  deadline: string;
  counts: CompletenessCounts;
}

/** A submitted report (`POST /api/submissions`). */
export interface SubmissionView {
  dataSet: string;
  orgUnit: string;
  period: string;
  submittedAt: string;
  submittedBy: string;
  status: ReportStatus;
  deadline: string;
}
