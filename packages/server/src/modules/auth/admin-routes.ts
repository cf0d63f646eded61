/** Account administration: users and sessions in scope, revoking sessions, forcing a password reset. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { requirePermission } from '../../http/auth';
import { listSessions, listUsers, resetPassword, revokeSession, revokeUserSessions } from './admin';
import { MAX_PASSWORD_LENGTH } from './password-policy';
import { actorOf } from '../audit';

const userParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const tags = ['auth'];

export function adminRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/users', { schema: { tags, summary: 'Users in your scope' } }, async (request) => {
    const user = requirePermission(request, 'user:manage');
    return listUsers(ctx.db, user.orgUnitCode);
  });

  r.post(
    '/api/users/:id/password-reset',
    {
      schema: {
        tags,
        summary:
          'Force a password reset: a temporary password, every session ended, a change required at sign-in',
        params: userParams,
        body: z.object({ password: z.string().min(1).max(MAX_PASSWORD_LENGTH) }),
      },
    },
    async (request) => {
      const user = requirePermission(request, 'user:manage');
      await resetPassword(
        ctx.db,
        actorOf(user, ctx.now()),
        user.orgUnitCode,
        request.params.id,
        request.body.password,
        ctx.now()
      );
      return { ok: true };
    }
  );

  r.delete(
    '/api/users/:id/sessions',
    { schema: { tags, summary: 'End every session of a user', params: userParams } },
    async (request) => {
      const user = requirePermission(request, 'user:manage');
      return {
        ended: await revokeUserSessions(
          ctx.db,
          actorOf(user, ctx.now()),
          user.orgUnitCode,
          request.params.id
        ),
      };
    }
  );

  r.get(
    '/api/sessions',
    { schema: { tags, summary: 'Live sessions of the users in your scope' } },
    async (request) => {
      const user = requirePermission(request, 'user:manage');
      return listSessions(ctx.db, user.orgUnitCode, ctx.now());
    }
  );

  r.delete(
    '/api/sessions/:id',
    {
      schema: {
        tags,
        summary: 'End one session',
        params: z.object({ id: z.string().regex(/^[0-9a-f]{64}$/) }),
      },
    },
    async (request) => {
      const user = requirePermission(request, 'user:manage');
      await revokeSession(ctx.db, actorOf(user, ctx.now()), user.orgUnitCode, request.params.id);
      return { ok: true };
    }
  );
}
