/** SQL for tasks (a plan row's responsible department) and key-project progress. */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  milestoneSchema,
  type Milestone,
  type PlanTask,
  type ProjectView,
  type TaskStatus,
} from '@weijian/core';
import type { DB } from '../../db/types';
import { parseColumn } from '../../db/json-column';

const iso = (d: Date | string): string => new Date(d).toISOString();

/** Insert a task; returns its id. */
export async function insertTask(
  db: Kysely<DB>,
  task: Omit<PlanTask, 'id' | 'createdAt' | 'updatedAt'> & { at: Date }
): Promise<number> {
  const row = await db
    .insertInto('plan_tasks')
    .values({
      plan_id: task.planId,
      row_key: task.rowKey,
      title: task.title,
      department: task.department,
      due_year: task.dueYear,
      status: task.status,
      created_by: task.createdBy,
      created_at: task.at,
      updated_at: task.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Change a task's status; false when the plan has no such task. */
export async function updateTaskStatus(
  db: Kysely<DB>,
  planId: string,
  id: number,
  status: TaskStatus,
  at: Date
): Promise<boolean> {
  const r = await db
    .updateTable('plan_tasks')
    .set({ status, updated_at: at })
    .where('id', '=', id)
    .where('plan_id', '=', planId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** A plan's tasks in the order they were made. */
export async function listTasks(db: Kysely<DB>, planId: string): Promise<PlanTask[]> {
  const rows = await db
    .selectFrom('plan_tasks')
    .selectAll()
    .where('plan_id', '=', planId)
    .orderBy('id')
    .execute();
  return rows.map((t) => ({
    id: t.id,
    planId: t.plan_id,
    rowKey: t.row_key,
    title: t.title,
    department: t.department,
    dueYear: t.due_year,
    status: t.status,
    createdBy: t.created_by,
    createdAt: iso(t.created_at),
    updatedAt: iso(t.updated_at),
  }));
}

/** The departments of the tasks tied to rows of a plan: row key and department, one per task. */
export async function rowDepartments(
  db: Kysely<DB>,
  planId: string
): Promise<{ rowKey: string; department: string }[]> {
  const rows = await db
    .selectFrom('plan_tasks')
    .select(['row_key', 'department'])
    .where('plan_id', '=', planId)
    .where('row_key', 'is not', null)
    .execute();
  return rows.flatMap((r) => (r.row_key ? [{ rowKey: r.row_key, department: r.department }] : []));
}

/** Record a project's progress (one row per project, replaced each time). */
export async function upsertProgress(
  db: Kysely<DB>,
  p: {
    planId: string;
    projectKey: string;
    status: NonNullable<ProjectView['progress']>['status'];
    actualInvestmentYi: number | null;
    bedsDelivered: number | null;
    floorAreaDelivered: number | null;
    milestones: Milestone[];
    updatedBy: string;
    at: Date;
  }
): Promise<void> {
  const values = {
    status: p.status,
    actual_investment_yi: p.actualInvestmentYi,
    beds_delivered: p.bedsDelivered,
    floor_area_delivered: p.floorAreaDelivered,
    milestones: JSON.stringify(p.milestones),
    updated_by: p.updatedBy,
  };
  await db
    .insertInto('project_progress')
    .values({ plan_id: p.planId, project_key: p.projectKey, ...values, updated_at: p.at })
    .onConflict((oc) => oc.columns(['plan_id', 'project_key']).doUpdateSet({ ...values, updated_at: p.at }))
    .execute();
}

const milestonesSchema = z.array(milestoneSchema);

/** The recorded progress of a plan's projects, by project key; milestones checked with their schema. */
export async function progressOf(
  db: Kysely<DB>,
  planId: string
): Promise<Map<string, NonNullable<ProjectView['progress']>>> {
  const rows = await db.selectFrom('project_progress').selectAll().where('plan_id', '=', planId).execute();
  return new Map(
    rows.map((g) => [
      g.project_key,
      {
        status: g.status,
        actualInvestmentYi: g.actual_investment_yi,
        bedsDelivered: g.beds_delivered,
        floorAreaDelivered: g.floor_area_delivered,
        milestones: parseColumn(milestonesSchema, g.milestones, {
          table: 'project_progress',
          column: 'milestones',
          row: `${planId}/${g.project_key}`,
        }),
        updatedBy: g.updated_by,
        updatedAt: iso(g.updated_at),
      },
    ])
  );
}
