/**
 * Responsibilities and key projects. Tasks tie a plan row to a department with a due year and a
 * status, so a lagging indicator shows who owns it. Project progress records status, milestones
 * (事前—事中—事后), investment and capacity delivered; beds still to come from projects feed a
 * forecast of beds per 1,000 for the target year, shown beside the target.
 */
import type { Kysely } from 'kysely';
import {
  AppError,
  parseTarget,
  roundTo,
  type Catalogue,
  type PlanFile,
  type PlanProject,
} from '@weijian/core';
import type { DB, Milestone } from '../../db/types';
import { queryAnalytics } from '../analytics';
import { actedAt, writeAudit, type Actor } from '../audit';
import { planFileOf, planRegionInScope } from '../evaluation/plan-file';

/** Population growth assumed for the forecast year; stated with every forecast. */
export const POPULATION_GROWTH = 0.012;

async function checkPlan(db: Kysely<DB>, planId: string, scope: string): Promise<void> {
  await planRegionInScope(db, planId, scope);
}

export interface TaskInput {
  rowKey?: string | undefined;
  title: string;
  department: string;
  dueYear: number;
  status: 'not_started' | 'in_progress' | 'done';
}

/** Assign a task of the plan to a department. */
export async function addTask(
  db: Kysely<DB>,
  actor: Actor,
  scope: string,
  planId: string,
  input: TaskInput
): Promise<number> {
  await checkPlan(db, planId, scope);
  const plan = await planFileOf(db, planId);
  if (input.rowKey && !plan.rows.some((r) => r.key === input.rowKey)) {
    throw new AppError(
      'VALIDATION_FAILED',
      { zh: `指标行不存在：${input.rowKey}`, en: `No such row: ${input.rowKey}` },
      [{ field: 'rowKey', value: input.rowKey, message: { zh: '指标行不存在', en: 'No such row' } }]
    );
  }
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('plan_tasks')
      .values({
        plan_id: planId,
        row_key: input.rowKey ?? null,
        title: input.title,
        department: input.department,
        due_year: input.dueYear,
        status: input.status,
        created_by: actor.name,
        created_at: actedAt(actor),
        updated_at: actedAt(actor),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(tx, actor, {
      action: 'create',
      entity: 'plan_task',
      entityId: String(row.id),
      details: { planId, ...input },
    });
    return row.id;
  });
}

/** Change a task's status. */
export async function setTaskStatus(
  db: Kysely<DB>,
  actor: Actor,
  scope: string,
  planId: string,
  id: number,
  status: TaskInput['status']
): Promise<void> {
  await checkPlan(db, planId, scope);
  await db.transaction().execute(async (tx) => {
    const r = await tx
      .updateTable('plan_tasks')
      .set({ status, updated_at: actedAt(actor) })
      .where('id', '=', id)
      .where('plan_id', '=', planId)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) {
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

export async function listTasks(db: Kysely<DB>, scope: string, planId: string) {
  await checkPlan(db, planId, scope);
  return db.selectFrom('plan_tasks').selectAll().where('plan_id', '=', planId).orderBy('id').execute();
}

/** Owners (departments) of plan rows, for evaluations and reports. */
export async function rowOwners(db: Kysely<DB>, planId: string): Promise<Map<string, string[]>> {
  const rows = await db
    .selectFrom('plan_tasks')
    .select(['row_key', 'department'])
    .where('plan_id', '=', planId)
    .where('row_key', 'is not', null)
    .execute();
  const out = new Map<string, string[]>();
  for (const r of rows) {
    if (r.row_key) out.set(r.row_key, [...new Set([...(out.get(r.row_key) ?? []), r.department])]);
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
  db: Kysely<DB>,
  actor: Actor,
  scope: string,
  planId: string,
  key: string,
  input: ProgressInput
): Promise<void> {
  await checkPlan(db, planId, scope);
  const plan = await planFileOf(db, planId);
  if (!plan.projects.some((p) => p.key === key)) {
    throw new AppError('NOT_FOUND', { zh: `项目不存在：${key}`, en: `No such project: ${key}` });
  }
  const values = {
    status: input.status,
    actual_investment_yi: input.actualInvestmentYi ?? null,
    beds_delivered: input.bedsDelivered ?? null,
    floor_area_delivered: input.floorAreaDelivered ?? null,
    milestones: JSON.stringify(input.milestones),
    updated_by: actor.name,
  };
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('project_progress')
      .values({ plan_id: planId, project_key: key, ...values, updated_at: actedAt(actor) })
      .onConflict((oc) =>
        oc.columns(['plan_id', 'project_key']).doUpdateSet({ ...values, updated_at: actedAt(actor) })
      )
      .execute();
    await writeAudit(tx, actor, {
      action: 'update',
      entity: 'project',
      entityId: `${planId}/${key}`,
      details: { ...input },
    });
  });
}

export interface ProjectView extends PlanProject {
  progress: {
    status: string;
    actualInvestmentYi: number | null;
    bedsDelivered: number | null;
    floorAreaDelivered: number | null;
    milestones: Milestone[];
    updatedBy: string;
    updatedAt: Date;
  } | null;
}

export interface BedForecast {
  rowKey: string;
  targetRaw: string;
  targetYear: number;
  bedsNow: number | null;
  bedsPipeline: number;
  populationNow: number | null;
  populationForecast: number | null;
  forecast: number | null;
  growth: number;
  /** The year whose beds and population the forecast starts from: the latest with both. */
  year: number;
  /** True when the beds or population of that year are synthetic (demo) data. */
  synthetic: boolean;
}

/** Projects with their progress, and the one beds-per-1,000 forecast they imply. */
export async function projectsView(
  db: Kysely<DB>,
  catalogue: Catalogue,
  scope: string,
  planId: string
): Promise<{ projects: ProjectView[]; bedForecast: BedForecast | null }> {
  await checkPlan(db, planId, scope);
  const plan = await planFileOf(db, planId);
  const progress = new Map(
    (await db.selectFrom('project_progress').selectAll().where('plan_id', '=', planId).execute()).map((p) => [
      p.project_key,
      p,
    ])
  );
  const projects: ProjectView[] = plan.projects.map((p) => {
    const g = progress.get(p.key);
    return {
      ...p,
      ...(g ? { status: g.status } : {}),
      progress: g
        ? {
            status: g.status,
            actualInvestmentYi: g.actual_investment_yi,
            bedsDelivered: g.beds_delivered,
            floorAreaDelivered: g.floor_area_delivered,
            milestones: g.milestones,
            updatedBy: g.updated_by,
            updatedAt: g.updated_at,
          }
        : null,
    };
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
  db: Kysely<DB>,
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
