/** Following a job: GET /api/jobs/:id. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { requireUser } from '../../http/auth';
import { getJob } from './service';

export function jobRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/jobs/:id',
    {
      schema: {
        tags: ['jobs'],
        summary: 'A long job: status, done of total, phase, time left, result or error',
        params: z.object({ id: z.coerce.number().int().positive() }),
      },
    },
    async (request) => {
      const user = requireUser(request);
      return getJob(ctx.db, { userId: user.id, isAdmin: user.role === 'admin' }, request.params.id);
    }
  );
}
