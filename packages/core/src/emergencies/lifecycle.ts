/**
 * The event lifecycle of the national emergency plan: discovered (open) → reported (direct
 * report) → verified → graded → responding → response ended → closed with a summary. An event
 * found not to be one after verification is closed from `reported` or `verified`.
 */
export const EVENT_STATUSES = [
  'open',
  'reported',
  'verified',
  'graded',
  'responding',
  'response_ended',
  'closed',
] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/** The statuses each status may move to. */
export const EVENT_TRANSITIONS: Record<EventStatus, readonly EventStatus[]> = {
  open: ['reported'],
  reported: ['verified', 'closed'],
  verified: ['graded', 'closed'],
  graded: ['responding', 'closed'],
  responding: ['response_ended'],
  response_ended: ['closed'],
  closed: [],
};

/** Task states; `done` and `cancelled` are final. */
export const EVENT_TASK_STATUSES = ['assigned', 'in_progress', 'done', 'cancelled'] as const;
export type EventTaskStatus = (typeof EVENT_TASK_STATUSES)[number];

export const EVENT_TASK_TRANSITIONS: Record<EventTaskStatus, readonly EventTaskStatus[]> = {
  assigned: ['in_progress', 'done', 'cancelled'],
  in_progress: ['done', 'cancelled'],
  done: [],
  cancelled: [],
};

/** Whether a task is overdue at `now`: open past its due time. */
export function taskOverdue(t: { status: EventTaskStatus; dueAt: string }, now: Date): boolean {
  return (
    (t.status === 'assigned' || t.status === 'in_progress') && new Date(t.dueAt).getTime() < now.getTime()
  );
}
