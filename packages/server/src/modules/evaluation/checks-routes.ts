/** Contradictions in the values a plan states (and between it and the other plans). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { checkConsistency } from '@weijian/core';
import type { AppContext } from '../../context';
import { requirePermission } from '../../http/auth';
import { cascadeRules, planCascade } from './cascade';
import { planFileOf, planRegionInScope } from './plan-file';

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
    async (request) => {
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
    async (request) => {
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
    async (request) => {
      const user = requirePermission(request, 'plan:read');
      const region = await planRegionInScope(ctx.db, request.params.id, user.orgUnitCode);
      const sameRegion = await ctx.db
        .selectFrom('plans')
        .select('id')
        .where('region_code', '=', region)
        .execute();
      const plans = await Promise.all(sameRegion.map((p) => planFileOf(ctx.db, p.id)));
      return checkConsistency(plans).filter((f) => f.rows.some((r) => r.startsWith(`${request.params.id}/`)));
    }
  );
}
