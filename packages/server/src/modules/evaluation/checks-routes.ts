/** Contradictions in the values a plan states (and between it and the other plans). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CascadeRow, CascadeRule, ConsistencyFinding } from '@weijian/core';
import type { AppContext } from '../../context';
import { requirePermission } from '../../http/auth';
import { cascadeRules, planCascade } from './cascade';
import { planChecks } from './checks';

export function consistencyRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/plans/:id/rules',
    {
      schema: {
        tags: ['evaluation'],
        summary: 'Rules a city plan sets for every district or county below it',
        params: z.object({ id: z.string().max(64) }),
      },
    },
    async (request): Promise<CascadeRule[]> => {
      const user = requirePermission(request, 'plan:read');
      return cascadeRules(ctx.db, user.orgUnitCode, request.params.id);
    }
  );

  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/plans/:id/cascade',
    {
      schema: {
        tags: ['evaluation'],
        summary: 'District targets against the city’s; the city value rolled up from its units',
        params: z.object({ id: z.string().max(64) }),
        querystring: z.object({ year: z.coerce.number().int().min(1990).max(2100) }),
      },
    },
    async (request): Promise<CascadeRow[]> => {
      const user = requirePermission(request, 'plan:read');
      return planCascade(ctx.db, ctx.catalogue, user.orgUnitCode, request.params.id, request.query.year);
    }
  );

  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/plans/:id/checks',
    {
      schema: {
        tags: ['evaluation'],
        summary: 'Contradictions among the values the plan states',
        params: z.object({ id: z.string().max(64) }),
      },
    },
    async (request): Promise<ConsistencyFinding[]> => {
      const user = requirePermission(request, 'plan:read');
      return planChecks(ctx.db, user.orgUnitCode, request.params.id);
    }
  );
}
