/** Analytics API: DHIS2-style dx/pe/ou queries and the explanation of one figure. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { requirePermission } from '../../http/auth';
import { explainFigure } from './explain';
import { queryAnalytics } from './service';

const list = z
  .string()
  .min(1)
  .max(4000)
  .transform((s) =>
    s
      .split(/[;,]/)
      .map((x) => x.trim())
      .filter(Boolean)
  );

export function analyticsRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/analytics',
    {
      schema: {
        tags: ['analytics'],
        summary:
          'Indicators by unit and period, e.g. dx=IMR;BEDS_PER_1000&pe=2023;2024&ou=LEVEL-3&includeNumDen=true',
        querystring: z.object({
          dx: list,
          pe: list,
          ou: list,
          includeNumDen: z.enum(['true', 'false']).optional(),
        }),
      },
    },
    async (request) => {
      const user = requirePermission(request, 'data:read');
      const q = request.query;
      return queryAnalytics(
        ctx.db,
        ctx.catalogue,
        user.orgUnitCode,
        {
          dx: q.dx,
          pe: q.pe,
          ou: q.ou,
          includeNumDen: q.includeNumDen === 'true',
        },
        ctx.limits?.analyticsCells
      );
    }
  );

  r.get(
    '/api/analytics/explain',
    {
      schema: {
        tags: ['analytics'],
        summary: 'Explain one figure: formula, inputs, units, sources',
        querystring: z.object({ dx: z.string().max(64), pe: z.string().max(16), ou: z.string().max(64) }),
      },
    },
    async (request) => {
      const user = requirePermission(request, 'data:read');
      return explainFigure(ctx.db, ctx.catalogue, user.orgUnitCode, request.query);
    }
  );
}
