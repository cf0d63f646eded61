/** SQL for report submissions (上报): a data set × unit × period, who submitted it and when. */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types';

/** The key of one report. */
export interface ReportKey {
  dataSet: string;
  orgUnit: string;
  period: string;
}

/** A stored submission. */
export interface Submission extends ReportKey {
  submittedBy: string;
  submittedAt: Date;
}

const toSubmission = (r: {
  data_set: string;
  org_unit: string;
  period: string;
  submitted_by: string;
  submitted_at: Date;
}): Submission => ({
  dataSet: r.data_set,
  orgUnit: r.org_unit,
  period: r.period,
  submittedBy: r.submitted_by,
  submittedAt: new Date(r.submitted_at),
});

const COLUMNS = ['data_set', 'org_unit', 'period', 'submitted_by', 'submitted_at'] as const;

/** Record a submission; false when the report was submitted already (the first one stands). */
export async function insertSubmission(db: Kysely<DB>, s: Submission): Promise<boolean> {
  const r = await db
    .insertInto('report_submissions')
    .values({
      data_set: s.dataSet,
      org_unit: s.orgUnit,
      period: s.period,
      submitted_by: s.submittedBy,
      submitted_at: s.submittedAt,
    })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** One submission, if any. */
export async function findSubmission(db: Kysely<DB>, key: ReportKey): Promise<Submission | undefined> {
  const row = await db
    .selectFrom('report_submissions')
    .select(COLUMNS)
    .where('data_set', '=', key.dataSet)
    .where('org_unit', '=', key.orgUnit)
    .where('period', '=', key.period)
    .executeTakeFirst();
  return row ? toSubmission(row) : undefined;
}

/** Remove a submission; the removed row, or undefined when there was none. */
export async function deleteSubmission(db: Kysely<DB>, key: ReportKey): Promise<Submission | undefined> {
  const row = await db
    .deleteFrom('report_submissions')
    .where('data_set', '=', key.dataSet)
    .where('org_unit', '=', key.orgUnit)
    .where('period', '=', key.period)
    .returning(COLUMNS)
    .executeTakeFirst();
  return row ? toSubmission(row) : undefined;
}

/** Submissions of a data set in these periods by these units. */
export async function submissionsOf(
  db: Kysely<DB>,
  q: { dataSet: string; periods: readonly string[]; units: readonly string[] }
): Promise<Submission[]> {
  if (q.periods.length === 0 || q.units.length === 0) return [];
  const rows = await db
    .selectFrom('report_submissions')
    .select(COLUMNS)
    .where('data_set', '=', q.dataSet)
    .where('period', 'in', [...q.periods])
    .where('org_unit', 'in', [...q.units])
    .execute();
  return rows.map(toSubmission);
}
