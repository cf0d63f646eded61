/**
 * Long work as jobs. A job runs beside the request that started it and writes its progress (done
 * of total, the phase) to the database at most every half second, so any node, the command line
 * and the web app can follow it and estimate the time left. The work itself is a function given
 * a progress callback; the same function runs without a job (the command line on the database
 * directly) with a callback that prints instead.
 */
import {
  AppError,
  estimateRemaining,
  isAppError,
  jobViewSchema,
  type Bilingual,
  type JobView,
} from '@weijian/core';
import type { Db } from '../../db/connection';
import type { Actor } from '../audit';
import * as repo from './repository';

/** What a piece of work says about itself as it goes. */
export interface Progress {
  done: number;
  total?: number | null;
  phase?: Bilingual;
}

/** The callback long work calls; cheap to call often. */
export type ProgressReporter = (p: Progress) => void;

/** A reporter that ignores what it hears, for callers that do not follow progress. */
export const IGNORE_PROGRESS: ProgressReporter = () => undefined;

const WRITE_EVERY_MS = 500;

/**
 * Start a job and return its id at once; the work goes on after the call returns.
 * @param now - the clock (injected, as everywhere in the server)
 * @returns the job id and a promise that settles when the work ends (never rejects)
 */
export async function startJob(
  db: Db,
  now: () => Date,
  actor: Actor & { scope: string | null },
  kind: string,
  work: (report: ProgressReporter) => Promise<Record<string, unknown>>
): Promise<{ id: number; finished: Promise<void> }> {
  const id = await repo.insertJob(db, {
    kind,
    createdBy: actor.name,
    userId: actor.userId,
    scope: actor.scope,
    at: now(),
  });
  let latest: Progress = { done: 0 };
  let lastWrite = 0;
  let writing: Promise<void> = Promise.resolve();
  const flush = (): Promise<void> => {
    const p = latest;
    writing = writing
      .then(() =>
        repo.updateProgress(db, id, {
          done: p.done,
          total: p.total ?? null,
          phase: p.phase ? JSON.stringify(p.phase) : null,
          at: now(),
        })
      )
      .catch(() => undefined);
    return writing;
  };
  const report: ProgressReporter = (p) => {
    latest = { ...latest, ...p };
    const t = Date.now();
    if (t - lastWrite >= WRITE_EVERY_MS) {
      lastWrite = t;
      void flush();
    }
  };
  const finished = (async () => {
    try {
      const result = await work(report);
      await flush();
      await repo.finishJob(db, id, { status: 'succeeded', result, at: now() });
    } catch (e) {
      await writing;
      const error = isAppError(e)
        ? e.toJSON()
        : new AppError('INTERNAL', { zh: '任务出错', en: 'The job failed' }).toJSON();
      await repo.finishJob(db, id, { status: 'failed', error, at: now() }).catch(() => undefined);
    }
  })();
  return { id, finished };
}

/**
 * A job as its owner (or an admin) sees it, with the share done and the time left.
 * @throws AppError NOT_FOUND for an unknown job or one of another user
 */
export async function getJob(
  db: Db,
  viewer: { userId: number | null; isAdmin: boolean },
  id: number
): Promise<JobView> {
  const row = await repo.findJob(db, id);
  if (!row || (!viewer.isAdmin && row.userId !== viewer.userId)) {
    throw new AppError('NOT_FOUND', { zh: `任务不存在：${id}`, en: `No such job: ${id}` });
  }
  return toView(row);
}

function toView(row: repo.JobRecord): JobView {
  const started = row.startedAt;
  const updated = row.updatedAt;
  const { fraction, remainingSeconds } = estimateRemaining({
    done: row.done,
    total: row.total,
    elapsedMs: updated.getTime() - started.getTime(),
  });
  const running = row.status === 'running';
  return jobViewSchema.parse({
    id: row.id,
    kind: row.kind,
    status: row.status,
    phase: row.phase,
    done: row.done,
    total: row.total,
    fraction: running ? fraction : row.status === 'succeeded' ? 1 : fraction,
    remainingSeconds: running ? remainingSeconds : 0,
    result: row.result,
    error: row.error,
    startedAt: started.toISOString(),
    updatedAt: updated.toISOString(),
    finishedAt: row.finishedAt ? row.finishedAt.toISOString() : null,
  });
}
