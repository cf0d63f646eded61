/** Tasks (responsibilities) and key-project progress. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { TASK_STATUSES, milestoneSchema, type PlanTask, type ProjectsView } from '@weijian/core';
import type { AppContext } from '../../context';
import { requirePermission } from '../../http/auth';
import { actorOf } from '../audit';
import { addTask, listTasks, projectsView, setTaskStatus, updateProject } from './service';

const status = z.enum(TASK_STATUSES);

export function projectRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/plans/:id/tasks',
    { schema: { tags: ['projects'], params: z.object({ id: z.string().max(64) }) } },
    async (request): Promise<PlanTask[]> => {
      const user = requirePermission(request, 'plan:read');
      return listTasks(ctx.db, user.orgUnitCode, request.params.id);
    }
  );
  r.post(
    '/api/plans/:id/tasks',
    {
      schema: {
        tags: ['projects'],
        summary: 'Assign a task to a responsible department',
        params: z.object({ id: z.string().max(64) }),
        body: z.object({
          rowKey: z.string().max(100).optional(),
          title: z.string().min(1).max(500),
          department: z.string().min(1).max(100),
          dueYear: z.number().int().min(2000).max(2100),
          status: status.default('not_started'),
        }),
      },
    },
    async (request) => {
      const user = requirePermission(request, 'plan:import');
      return {
        id: await addTask(
          ctx.db,
          actorOf(user, ctx.now()),
          user.orgUnitCode,
          request.params.id,
          request.body
        ),
      };
    }
  );
  r.post(
    '/api/plans/:id/tasks/:task/status',
    {
      schema: {
        tags: ['projects'],
        params: z.object({
          id: z.string().max(64),
          task: z.coerce.number().int().positive().max(2_147_483_647),
        }),
        body: z.object({ status }),
      },
    },
    async (request) => {
      const user = requirePermission(request, 'plan:import');
      await setTaskStatus(
        ctx.db,
        actorOf(user, ctx.now()),
        user.orgUnitCode,
        request.params.id,
        request.params.task,
        request.body.status
      );
      return { ok: true };
    }
  );
  r.get(
    '/api/plans/:id/projects',
    {
      schema: {
        tags: ['projects'],
        summary: 'Key projects with progress and the beds-per-1,000 forecast',
        params: z.object({ id: z.string().max(64) }),
      },
    },
    async (request): Promise<ProjectsView> => {
      const user = requirePermission(request, 'plan:read');
      return projectsView(ctx.db, ctx.catalogue, user.orgUnitCode, request.params.id);
    }
  );
  r.put(
    '/api/plans/:id/projects/:key',
    {
      schema: {
        tags: ['projects'],
        summary: 'Record a project’s progress',
        params: z.object({ id: z.string().max(64), key: z.string().max(100) }),
        body: z.object({
          status: z.enum(['planned', 'started', 'continuing', 'completed']),
          actualInvestmentYi: z.number().nonnegative().optional(),
          bedsDelivered: z.number().int().nonnegative().max(1_000_000).optional(),
          floorAreaDelivered: z.number().nonnegative().optional(),
          milestones: z.array(milestoneSchema).max(50).default([]),
        }),
      },
    },
    async (request) => {
      const user = requirePermission(request, 'plan:import');
      await updateProject(
        ctx.db,
        actorOf(user, ctx.now()),
        user.orgUnitCode,
        request.params.id,
        request.params.key,
        request.body
      );
      return { ok: true };
    }
  );
}
