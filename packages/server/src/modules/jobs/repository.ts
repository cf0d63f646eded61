/** SQL for jobs: one row per long piece of work, updated as it goes. */
import type { Kysely } from 'kysely';
import {
  bilingualSchema,
  jobErrorSchema,
  jobResultSchema,
  type Bilingual,
  type JobStatus,
  type JobView,
} from '@weijian/core';
import type { DB } from '../../db/types';
import { parseColumn, parseJsonText } from '../../db/json-column';

/** A job as stored, its JSON columns checked. */
export interface JobRecord {
  id: number;
  kind: string;
  status: JobStatus;
  phase: Bilingual | null;
  done: number;
  total: number | null;
  result: JobView['result'];
  error: JobView['error'];
  userId: number | null;
  startedAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

export async function insertJob(
  db: Kysely<DB>,
  job: { kind: string; createdBy: string; userId: number | null; scope: string | null; at: Date }
): Promise<number> {
  const row = await db
    .insertInto('jobs')
    .values({
      kind: job.kind,
      status: 'running',
      created_by: job.createdBy,
      user_id: job.userId,
      scope: job.scope,
      started_at: job.at,
      updated_at: job.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateProgress(
  db: Kysely<DB>,
  id: number,
  p: { done: number; total: number | null; phase: string | null; at: Date }
): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ done: p.done, total: p.total, phase: p.phase, updated_at: p.at })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

export async function finishJob(
  db: Kysely<DB>,
  id: number,
  end:
    | { status: 'succeeded'; result: Record<string, unknown>; at: Date }
    | { status: 'failed'; error: Record<string, unknown>; at: Date }
): Promise<void> {
  await db
    .updateTable('jobs')
    .set({
      status: end.status,
      ...(end.status === 'succeeded'
        ? { result: JSON.stringify(end.result) }
        : { error: JSON.stringify(end.error) }),
      updated_at: end.at,
      finished_at: end.at,
    })
    .where('id', '=', id)
    .execute();
}

export async function findJob(db: Kysely<DB>, id: number): Promise<JobRecord | undefined> {
  const row = await db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const ref = (column: string) => ({ table: 'jobs', column, row: row.id });
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    phase: row.phase ? parseJsonText(bilingualSchema, row.phase, ref('phase')) : null,
    done: row.done,
    total: row.total,
    result: row.result === null ? null : parseColumn(jobResultSchema, row.result, ref('result')),
    error: row.error === null ? null : parseColumn(jobErrorSchema, row.error, ref('error')),
    userId: row.user_id,
    startedAt: new Date(row.started_at),
    updatedAt: new Date(row.updated_at),
    finishedAt: row.finished_at ? new Date(row.finished_at) : null,
  };
}
