/** Shapes of the tasks and key-projects API, shared by the server and the web app. */
import { z } from 'zod';
import { isoDate } from '../surveillance/reports';
import type { PlanProject } from '../plans/schema';

/** A project milestone: before (事前), during (事中) or after (事后) construction. */
export const milestoneSchema = z.object({
  phase: z.enum(['before', 'during', 'after']),
  name: z.string().min(1).max(200),
  date: isoDate,
  done: z.boolean(),
});
export type Milestone = z.infer<typeof milestoneSchema>;

export const TASK_STATUSES = ['not_started', 'in_progress', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** A task tying a plan row (or the plan) to a responsible department (`GET /api/plans/:id/tasks`). */
export interface PlanTask {
  id: number;
  planId: string;
  rowKey: string | null;
  title: string;
  department: string;
  dueYear: number;
  status: TaskStatus;
  createdBy: string;
  /** ISO instants. */
  createdAt: string;
  updatedAt: string;
}

export const PROJECT_PROGRESS_STATUSES = ['planned', 'started', 'continuing', 'completed'] as const;

/** A key project with the progress recorded for it. */
export interface ProjectView extends PlanProject {
  progress: {
    status: (typeof PROJECT_PROGRESS_STATUSES)[number];
    actualInvestmentYi: number | null;
    bedsDelivered: number | null;
    floorAreaDelivered: number | null;
    milestones: Milestone[];
    updatedBy: string;
    /** ISO instant. */
    updatedAt: string;
  } | null;
}

/** The one beds-per-1,000 forecast of a plan for its target year. */
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

/** `GET /api/plans/:id/projects`. */
export interface ProjectsView {
  projects: ProjectView[];
  bedForecast: BedForecast | null;
}
