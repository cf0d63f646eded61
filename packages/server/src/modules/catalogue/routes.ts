/** The indicator catalogue: definitions, formulas, data elements. */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context';
import { requirePermission } from '../../http/auth';

export function catalogueRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    '/api/catalogue',
    { schema: { tags: ['catalogue'], summary: 'Indicators and data elements' } },
    (request) => {
      requirePermission(request, 'catalogue:read');
      return ctx.catalogue;
    }
  );
}
