/** Org units within the caller's scope. */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context';
import { requireUser } from '../../http/auth';
import { listOrgUnits } from './repository';

export function orgUnitRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    '/api/orgunits',
    { schema: { tags: ['orgunits'], summary: 'Org units at or below your own' } },
    async (request) => {
      const user = requireUser(request);
      const units = await listOrgUnits(ctx.db, user.orgUnitCode);
      return units.map((u) => ({ code: u.code, name: u.name, level: u.level, parent: u.parent_code }));
    }
  );
}
