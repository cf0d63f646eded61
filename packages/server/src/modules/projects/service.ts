/**
 * Responsibilities and key projects. Tasks tie a plan row to a department with a due year and a
 * status, so a lagging indicator shows who owns it. Project progress records status, milestones
 * (事前—事中—事后), investment and capacity delivered; beds still to come from projects feed a
 * forecast of beds per 1,000 for the target year, shown beside the target.
 */
import {
  AppError,
  parseTarget,
  roundTo,
  type BedForecast,
  type Catalogue,
  type Milestone,
  type PlanFile,
  type PlanTask,
  type ProjectView,
  type ProjectsView,
  type TaskStatus,
} from '@weijian/core';
import type { Db } from '../../db/connection';
import { queryAnalytics } from '../analytics';
import { actedAt, writeAudit, type Actor } from '../audit';
import { planFile, planRegionInScope } from '../plans';
import * as repo from './repository';

/** Population growth assumed for the forecast year; stated with every forecast. */
export const POPULATION_GROWTH = 0.012;

async function checkPlan(db: Db, planId: string, scope: string): Promise<void> {
  await planRegionInScope(db, planId, scope);
}

export interface TaskInput {
  rowKey?: string | undefined;
  title: string;
  department: string;
  dueYear: number;
  status: TaskStatus;
}

/** Assign a task of the plan to a department. */
export async function addTask(
  db: Db,
  actor: Actor,
  scope: string,
  planId: string,
  input: TaskInput
): Promise<number> {
  await checkPlan(db, planId, scope);
  const plan = await planFile(db, planId);
  if (input.rowKey && !plan.rows.some((r) => r.key === input.rowKey)) {
    throw new AppError(
      'VALIDATION_FAILED',
      { zh: `指标行不存在：${input.rowKey}`, en: `No such row: ${input.rowKey}` },
      [{ field: 'rowKey', value: input.rowKey, message: { zh: '指标行不存在', en: 'No such row' } }]
    );
  }
  return db.transaction().execute(async (tx) => {
    const id = await repo.insertTask(tx, {
      planId,
      rowKey: input.rowKey ?? null,
      title: input.title,
      department: input.department,
      dueYear: input.dueYear,
      status: input.status,
      createdBy: actor.name,
      at: actedAt(actor),
    });
    await writeAudit(tx, actor, {
      action: 'create',
      entity: 'plan_task',
      entityId: String(id),
      details: { planId, ...input },
    });
    return id;
  });
}

/** Change a task's status. */
export async function setTaskStatus(
  db: Db,
  actor: Actor,
  scope: string,
  planId: string,
  id: number,
  status: TaskInput['status']
): Promise<void> {
  await checkPlan(db, planId, scope);
  await db.transaction().execute(async (tx) => {
    if (!(await repo.updateTaskStatus(tx, planId, id, status, actedAt(actor)))) {
      throw new AppError('NOT_FOUND', { zh: `任务不存在：${id}`, en: `No such task: ${id}` });
    }
    await writeAudit(tx, actor, {
      action: 'update',
      entity: 'plan_task',
      entityId: String(id),
      details: { status },
    });
  });
}

export async function listTasks(db: Db, scope: string, planId: string): Promise<PlanTask[]> {
  await checkPlan(db, planId, scope);
  return repo.listTasks(db, planId);
}

/** Owners (departments) of plan rows, for evaluations and reports. */
export async function rowOwners(db: Db, planId: string): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const r of await repo.rowDepartments(db, planId)) {
    out.set(r.rowKey, [...new Set([...(out.get(r.rowKey) ?? []), r.department])]);
  }
  return out;
}

export interface ProgressInput {
  status: 'planned' | 'started' | 'continuing' | 'completed';
  actualInvestmentYi?: number | undefined;
  bedsDelivered?: number | undefined;
  floorAreaDelivered?: number | undefined;
  milestones: Milestone[];
}

/** Record a project's progress (replaces the previous record; the audit log keeps history). */
export async function updateProject(
  db: Db,
  actor: Actor,
  scope: string,
  planId: string,
  key: string,
  input: ProgressInput
): Promise<void> {
  await checkPlan(db, planId, scope);
  const plan = await planFile(db, planId);
  if (!plan.projects.some((p) => p.key === key)) {
    throw new AppError('NOT_FOUND', { zh: `项目不存在：${key}`, en: `No such project: ${key}` });
  }
  await db.transaction().execute(async (tx) => {
    await repo.upsertProgress(tx, {
      planId,
      projectKey: key,
      status: input.status,
      actualInvestmentYi: input.actualInvestmentYi ?? null,
      bedsDelivered: input.bedsDelivered ?? null,
      floorAreaDelivered: input.floorAreaDelivered ?? null,
      milestones: input.milestones,
      updatedBy: actor.name,
      at: actedAt(actor),
    });
    await writeAudit(tx, actor, {
      action: 'update',
      entity: 'project',
      entityId: `${planId}/${key}`,
      details: { ...input },
    });
  });
}

export type { BedForecast, ProjectView, ProjectsView } from '@weijian/core';

/** Projects with their progress, and the one beds-per-1,000 forecast they imply. */
export async function projectsView(
  db: Db,
  catalogue: Catalogue,
  scope: string,
  planId: string
): Promise<ProjectsView> {
  await checkPlan(db, planId, scope);
  const plan = await planFile(db, planId);
  const progress = await repo.progressOf(db, planId);
  const projects: ProjectView[] = plan.projects.map((p) => {
    const g = progress.get(p.key);
    return { ...p, ...(g ? { status: g.status } : {}), progress: g ?? null };
  });
  return { projects, bedForecast: await forecastBeds(db, catalogue, scope, plan, projects) };
}

const isNumber = (v: number | null | undefined): v is number => typeof v === 'number';

/**
 * The beds-per-1,000 a plan can expect in its target year: beds now plus the beds its unfinished
 * projects still add, over the population grown at POPULATION_GROWTH a year. One per plan, for
 * its first beds-per-1,000 table row, made from the latest year that has both beds and population
 * (so the scorecard of any year and the projects tab show the same forecast).
 */
export async function forecastBeds(
  db: Db,
  catalogue: Catalogue,
  scope: string,
  plan: PlanFile,
  projects: readonly ProjectView[]
): Promise<BedForecast | null> {
  const row = plan.rows.find((r) => r.indicator === 'BEDS_PER_1000' && r.origin !== 'text');
  const t = row?.targets.find((x) => parseTarget(x.raw).kind !== 'qualitative') ?? row?.targets[0];
  if (!row || !t) return null;
  const pipeline = projects
    .filter((p) => p.status !== 'completed' && p.beds)
    .reduce((s, p) => s + Math.max(0, (p.beds ?? 0) - (p.progress?.bedsDelivered ?? 0)), 0);
  const years = Array.from({ length: t.year - plan.baseYear + 1 }, (_, i) => String(plan.baseYear + i));
  const a = await queryAnalytics(db, catalogue, scope, {
    dx: ['BEDS', 'POP_RESIDENT'],
    pe: years,
    ou: [plan.region],
    includeNumDen: false,
  });
  const at = (dx: string, pe: string) => a.rows.find((r) => r.dx === dx && r.pe === pe);
  const from = [...years]
    .reverse()
    .find((y) => isNumber(at('BEDS', y)?.value) && isNumber(at('POP_RESIDENT', y)?.value));
  const year = Number(from ?? plan.baseYear);
  const beds = from ? at('BEDS', from) : undefined;
  const pop = from ? at('POP_RESIDENT', from) : undefined;
  const bedsNow = beds?.value ?? null;
  const popNow = pop?.value ?? null;
  const popT = popNow === null ? null : popNow * Math.pow(1 + POPULATION_GROWTH, t.year - year);
  const forecast =
    bedsNow === null || popT === null || popT === 0 ? null : ((bedsNow + pipeline) / popT) * 1000;
  return {
    rowKey: row.key,
    targetRaw: t.raw,
    targetYear: t.year,
    bedsNow,
    bedsPipeline: pipeline,
    populationNow: popNow,
    populationForecast: popT === null ? null : Math.round(popT),
    forecast: forecast === null ? null : roundTo(forecast, 2),
    growth: POPULATION_GROWTH,
    year,
    synthetic: Boolean(beds?.synthetic) || Boolean(pop?.synthetic),
  };
}
