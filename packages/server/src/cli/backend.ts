/**
 * What the command line does, behind one interface with two implementations: straight on the
 * database, or through a running server that holds the (single-process) PGlite directory.
 */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { ImportResult, JobView, PlanDetail, PlanSummary } from '@weijian/core';
import { AppError, type ErrorIssue } from '@weijian/core';
import { bootstrap } from '../bootstrap';
import { readConfig } from '../config';
import { openDatabase, type Database } from '../db/connection';
import { LOCAL_CLI_USER, createUser } from '../modules/auth';
import { catalogue } from '../modules/catalogue';
import {
  getPlan,
  importPlanTable,
  listPlans,
  readPlanDirectory,
  type PlanImportInput,
} from '../modules/plans';
import { evaluatePlan, type PlanEvaluation } from '../modules/evaluation';
import { buildReport, renderDocx, renderHtml, renderXlsx, type Lang } from '../modules/reports';
import { lockAddress, readServerLock, type ServerLock } from '../server-lock';
import { generateDemo, generateSurveillanceDemo, removeDemo, type DemoOptions } from '../modules/demo';
import { repoPath } from '../paths';
import { verifyProgrammes, type VerifyReport } from '../modules/programmes';
import type { ProgressLine } from './progress';

export interface UserInput {
  username: string;
  password: string;
  role: string;
  orgUnit: string;
  displayName?: string;
}

export interface Backend {
  readonly via: 'database' | 'server';
  listPlans(): Promise<PlanSummary[]>;
  getPlan(id: string): Promise<PlanDetail>;
  importPlan(input: PlanImportInput): Promise<ImportResult>;
  addUser(input: UserInput): Promise<{ id: number }>;
  evaluate(planId: string, year: number): Promise<PlanEvaluation>;
  report(planId: string, year: number, format: ReportFormat, lang: Lang): Promise<Buffer>;
  generateDemo(
    options: Omit<DemoOptions, 'regions'>,
    onProgress: (p: ProgressLine) => void
  ): Promise<{ units: number; values: number }>;
  removeDemo(): Promise<{ units: number; values: number }>;
  surveillanceDemo(options: { region: string; asOf: string; seed: number }): Promise<SurveillanceDemoResult>;
  /** Recount every programme membership from the records and compare with the stored counts. */
  verifyProgrammes(): Promise<VerifyReport>;
  close(): Promise<void>;
}

export interface SurveillanceDemoResult {
  cases: number;
  counts: number;
  run: { signals: number };
}

const DEMO_ACTOR = { userId: null, name: 'demo' };

export type ReportFormat = 'docx' | 'xlsx' | 'html';

const CLI_ACTOR = { userId: null, name: 'cli' };

class DatabaseBackend implements Backend {
  readonly via = 'database';
  constructor(private readonly database: Database) {}
  listPlans(): Promise<PlanSummary[]> {
    return listPlans(this.database.db, LOCAL_CLI_USER);
  }
  getPlan(id: string): Promise<PlanDetail> {
    return getPlan(this.database.db, catalogue(), LOCAL_CLI_USER, id);
  }
  importPlan(input: PlanImportInput): Promise<ImportResult> {
    return importPlanTable(this.database.db, catalogue(), CLI_ACTOR, null, input);
  }
  async addUser(input: UserInput): Promise<{ id: number }> {
    return { id: await createUser(this.database.db, CLI_ACTOR, { ...input, orgUnitCode: input.orgUnit }) };
  }
  verifyProgrammes(): Promise<VerifyReport> {
    return verifyProgrammes(this.database.db, new Date());
  }
  evaluate(planId: string, year: number): Promise<PlanEvaluation> {
    return evaluatePlan(this.database.db, catalogue(), LOCAL_CLI_USER.orgUnitCode, planId, year);
  }
  async report(planId: string, year: number, format: ReportFormat, lang: Lang): Promise<Buffer> {
    const model = await buildReport(
      this.database.db,
      catalogue(),
      LOCAL_CLI_USER.orgUnitCode,
      planId,
      year,
      lang
    );
    return format === 'html'
      ? Buffer.from(renderHtml(model))
      : format === 'xlsx'
        ? renderXlsx(model)
        : renderDocx(model);
  }
  generateDemo(
    options: Omit<DemoOptions, 'regions'>,
    onProgress: (p: ProgressLine) => void
  ): Promise<{ units: number; values: number }> {
    return generateDemo(
      this.database.db,
      catalogue(),
      readPlanDirectory(repoPath('plans')),
      DEMO_ACTOR,
      options,
      (p) => onProgress({ done: p.done, total: p.total ?? null, phase: p.phase ?? null })
    );
  }
  removeDemo(): Promise<{ units: number; values: number }> {
    return removeDemo(this.database.db, DEMO_ACTOR);
  }
  surveillanceDemo(options: { region: string; asOf: string; seed: number }): Promise<SurveillanceDemoResult> {
    return generateSurveillanceDemo(this.database.db, DEMO_ACTOR, options);
  }
  close(): Promise<void> {
    return this.database.close();
  }
}

/** Turn the server's error response back into the AppError it was. */
async function throwServerError(res: Response): Promise<never> {
  const e = (await res.json()) as {
    code?: AppError['code'];
    message?: { zh: string; en: string };
    issues?: ErrorIssue[];
  };
  throw new AppError(
    e.code ?? 'INTERNAL',
    e.message ?? { zh: '服务器错误', en: 'Server error' },
    e.issues ?? []
  );
}

class ServerBackend implements Backend {
  readonly via = 'server';
  constructor(private readonly lock: ServerLock) {}

  private async call<T>(path: string, init: RequestInit = {}): Promise<T> {
    const res = await fetch(`${lockAddress(this.lock)}${path}`, {
      ...init,
      headers: {
        ...(init.headers as Record<string, string> | undefined),
        authorization: `Bearer ${this.lock.token}`,
      },
    });
    if (!res.ok) await throwServerError(res);
    return (await res.json()) as T;
  }

  listPlans(): Promise<PlanSummary[]> {
    return this.call('/api/plans');
  }
  getPlan(id: string): Promise<PlanDetail> {
    return this.call(`/api/plans/${encodeURIComponent(id)}`);
  }
  importPlan(input: PlanImportInput): Promise<ImportResult> {
    const form = new FormData();
    for (const key of ['id', 'region', 'period', 'title'] as const) form.set(key, input[key]);
    form.set('baseYear', String(input.baseYear));
    form.set('file', new Blob([new Uint8Array(input.buffer)]), input.filename);
    return this.call(`/api/plans/import?dryRun=${String(input.dryRun)}`, { method: 'POST', body: form });
  }
  addUser(input: UserInput): Promise<{ id: number }> {
    return this.call('/api/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
  }
  verifyProgrammes(): Promise<VerifyReport> {
    return this.call('/api/admin/programmes/verify');
  }
  evaluate(planId: string, year: number): Promise<PlanEvaluation> {
    return this.call(`/api/plans/${encodeURIComponent(planId)}/evaluation?year=${year}`);
  }
  async report(planId: string, year: number, format: ReportFormat, lang: Lang): Promise<Buffer> {
    const res = await fetch(
      `${lockAddress(this.lock)}/api/plans/${encodeURIComponent(planId)}/report?year=${year}&format=${format}&lang=${lang}`,
      {
        headers: { authorization: `Bearer ${this.lock.token}` },
      }
    );
    if (!res.ok) await throwServerError(res);
    return Buffer.from(await res.arrayBuffer());
  }
  async generateDemo(
    options: Omit<DemoOptions, 'regions'>,
    onProgress: (p: ProgressLine) => void
  ): Promise<{ units: number; values: number }> {
    const { jobId } = await this.call<{ jobId: number }>('/api/demo/generate', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        seed: options.seed,
        scale: options.scale,
        from: options.fromYear,
        to: options.toYear,
      }),
    });
    const job = await this.follow(jobId, onProgress);
    return job.result as { units: number; values: number };
  }
  removeDemo(): Promise<{ units: number; values: number }> {
    return this.call('/api/demo', { method: 'DELETE' });
  }
  async surveillanceDemo(options: {
    region: string;
    asOf: string;
    seed: number;
  }): Promise<SurveillanceDemoResult> {
    const { jobId } = await this.call<{ jobId: number }>('/api/demo/surveillance', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(options),
    });
    return (await this.follow(jobId, () => undefined)).result as unknown as SurveillanceDemoResult;
  }

  /** Poll a job until it ends; its progress goes to `onProgress`, its error is thrown. */
  private async follow(id: number, onProgress: (p: ProgressLine) => void): Promise<JobView> {
    for (;;) {
      const job = await this.call<JobView>(`/api/jobs/${id}`);
      onProgress({
        done: job.done,
        total: job.total,
        phase: job.phase,
        remainingSeconds: job.remainingSeconds,
      });
      if (job.status === 'succeeded') return job;
      if (job.status === 'failed') {
        throw new AppError(
          (job.error?.code ?? 'INTERNAL') as AppError['code'],
          job.error?.message ?? { zh: '任务失败', en: 'The job failed' },
          (job.error?.issues ?? []) as ErrorIssue[]
        );
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  async close(): Promise<void> {}
}

/** The embedded database's backup from the running server that holds it, written to a file. */
export async function backupThroughServer(lock: ServerLock, file: string, logical = false): Promise<void> {
  const res = await fetch(`${lockAddress(lock)}/api/admin/backup?format=${logical ? 'logical' : 'datadir'}`, {
    headers: { authorization: `Bearer ${lock.token}` },
  });
  if (!res.ok || !res.body) await throwServerError(res);
  await pipeline(
    Readable.fromWeb(res.body as unknown as NodeReadableStream<Uint8Array>),
    createWriteStream(file, { mode: 0o600 })
  );
}

/** Go through a running server when one holds the PGlite directory; otherwise open the database. */
export async function openBackend(): Promise<Backend> {
  const config = readConfig();
  const lock = config.databaseUrl ? null : readServerLock(config.dataDir);
  if (lock) return new ServerBackend(lock);
  const database = await openDatabase(
    config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir }
  );
  await bootstrap(database.db);
  return new DatabaseBackend(database);
}
