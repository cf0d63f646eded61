/** Tasks of an event, assigned to a team or a unit with a due time; their status moves forward only. */
import {
  AppError,
  EVENT_TASK_TRANSITIONS,
  taskOverdue,
  type EventTaskStatus,
  type TaskInput,
  type TaskRow,
} from '@weijian/core';
import type { Db } from '../../db/connection';
import { actedAt, type Actor, writeAudit } from '../audit';
import { unitInScope } from '../orgunits';
import * as repo from './repository/events';
import * as teams from './repository/teams';

/** A stored task as the API shows it at `now`. */
export function toTaskRow(t: repo.StoredTask, now: Date): TaskRow {
  const dueAt = t.dueAt.toISOString();
  return {
    ...t,
    dueAt,
    assignedAt: t.assignedAt.toISOString(),
    doneAt: t.doneAt?.toISOString() ?? null,
    overdue: taskOverdue({ status: t.status, dueAt }, now),
  };
}

/** Assign a task on an open event to a team or unit in the caller's scope. */
export async function addEventTask(
  db: Db,
  actor: Actor,
  scope: string,
  eventId: number,
  input: TaskInput
): Promise<number> {
  const event = await repo.eventInScope(db, scope, eventId);
  if (!event) {
    throw new AppError('NOT_FOUND', {
      zh: `事件不存在或不在您的范围内：${eventId}`,
      en: `No such event in your scope: ${eventId}`,
    });
  }
  if (event.status === 'closed') {
    throw new AppError('CONFLICT', { zh: '事件已结案', en: 'The event is closed' });
  }
  if (input.teamId === undefined && input.unitCode === undefined) {
    throw new AppError(
      'VALIDATION_FAILED',
      { zh: '须指定队伍或单位', en: 'Assign the task to a team or a unit' },
      [{ field: 'teamId', message: { zh: '队伍或单位至少一项', en: 'team or unit required' } }]
    );
  }
  if (input.teamId !== undefined && (await teams.teamsInScope(db, scope, input.teamId)).length === 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      {
        zh: `队伍不存在或不在您的范围内：${input.teamId}`,
        en: `No such team in your scope: ${input.teamId}`,
      },
      [{ field: 'teamId', value: input.teamId, message: { zh: '无此队伍', en: 'unknown team' } }]
    );
  }
  if (input.unitCode !== undefined) await unitInScope(db, input.unitCode, scope);
  const at = actedAt(actor);
  return db.transaction().execute(async (tx) => {
    const id = await repo.insertTask(tx, {
      eventId,
      title: input.title,
      teamId: input.teamId ?? null,
      unitCode: input.unitCode ?? null,
      dueAt: new Date(input.dueAt),
      by: actor.name,
      at,
    });
    await repo.insertStep(tx, {
      eventId,
      step: 'task_assigned',
      details: {
        taskId: id,
        title: input.title,
        teamId: input.teamId ?? null,
        unitCode: input.unitCode ?? null,
        dueAt: input.dueAt,
      },
      actor: actor.name,
      at,
    });
    await writeAudit(tx, actor, {
      action: 'assign',
      entity: 'emergency_task',
      entityId: String(id),
      details: { eventId, ...input },
    });
    return id;
  });
}

/** Move a task to its next status; the event's timeline records it. */
export async function setEventTaskStatus(
  db: Db,
  actor: Actor,
  scope: string,
  taskId: number,
  step: { to: EventTaskStatus; note?: string | undefined }
): Promise<void> {
  const [task] = await repo.tasksOf(db, { taskId });
  const event = task ? await repo.eventInScope(db, scope, task.eventId) : undefined;
  if (!task || !event) {
    throw new AppError('NOT_FOUND', {
      zh: `任务不存在或不在您的范围内：${taskId}`,
      en: `No such task in your scope: ${taskId}`,
    });
  }
  if (!EVENT_TASK_TRANSITIONS[task.status].includes(step.to)) {
    throw new AppError(
      'CONFLICT',
      {
        zh: `任务当前为「${task.status}」，不能转为「${step.to}」`,
        en: `A task in "${task.status}" cannot move to "${step.to}"`,
      },
      [
        {
          field: 'to',
          value: step.to,
          message: {
            zh: `可选：${EVENT_TASK_TRANSITIONS[task.status].join('、') || '无'}`,
            en: `allowed: ${EVENT_TASK_TRANSITIONS[task.status].join(', ') || 'none'}`,
          },
        },
      ]
    );
  }
  const at = actedAt(actor);
  await db.transaction().execute(async (tx) => {
    await repo.setTaskStatus(tx, taskId, step.to, step.to === 'done' ? at : null);
    await repo.insertStep(tx, {
      eventId: task.eventId,
      step: 'task_status',
      from: task.status,
      to: step.to,
      note: step.note ?? null,
      details: { taskId, title: task.title },
      actor: actor.name,
      at,
    });
    await writeAudit(tx, actor, {
      action: 'task_status',
      entity: 'emergency_task',
      entityId: String(taskId),
      details: { from: task.status, to: step.to },
    });
  });
}
