/** Evaluation API: every row of a plan for a year, with status, schedule and reason. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { requirePermission } from '../../http/auth';
import { evaluatePlan } from './service';
import { leagueTable } from './league';
import { rowTrend } from './trend';

export function evaluationRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/plans/:id/evaluation',
    {
      schema: {
        tags: ['evaluation'],
        summary: 'Status of every row in a year: achieved, on schedule, behind, deteriorating …',
        params: z.object({ id: z.string().max(64) }),
        querystring: z.object({ year: z.coerce.number().int().min(1990).max(2100) }),
      },
    },
    async (request) => {
      const user = requirePermission(request, 'plan:read');
      return evaluatePlan(ctx.db, ctx.catalogue, user.orgUnitCode, request.params.id, request.query.year);
    }
  );

  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/plans/:id/rows/:key/trend',
    {
      schema: {
        tags: ['evaluation'],
        summary: 'One row across the years: actual, expected on schedule, status',
        params: z.object({ id: z.string().max(64), key: z.string().max(100) }),
      },
    },
    async (request) => {
      const user = requirePermission(request, 'plan:read');
      return rowTrend(ctx.db, ctx.catalogue, user.orgUnitCode, request.params.id, request.params.key);
    }
  );

  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/league',
    {
      schema: {
        tags: ['evaluation'],
        summary: 'The plans in scope side by side on the indicators they share',
        querystring: z.object({ year: z.coerce.number().int().min(1990).max(2100) }),
      },
    },
    async (request) => {
      const user = requirePermission(request, 'plan:read');
      return leagueTable(ctx.db, ctx.catalogue, user.orgUnitCode, request.query.year);
    }
  );
}
