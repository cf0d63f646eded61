/** Sign in, sign out, who am I, and user creation by an administrator. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '@weijian/core';
import type { AppContext } from '../../context';
import { SESSION_COOKIE, requirePermission, requireUser } from '../../http/auth';
import { isWithin } from '../orgunits/repository';
import { AppError } from '@weijian/core';
import { actorOf, createUser, login, logout } from './service';

export function authRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/auth/login',
    {
      schema: {
        tags: ['auth'],
        body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }),
      },
    },
    async (request, reply) => {
      const now = ctx.now();
      const { token, expiresAt } = await login(ctx.db, request.body.username, request.body.password, now);
      void reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: ctx.secureCookies ?? false,
        path: '/',
        // Max-Age, not Expires: the browser counts the lifetime on its own clock, so a server and a
        // client whose clocks disagree (or a test's fixed clock) do not drop the cookie at once.
        maxAge: Math.round((expiresAt.getTime() - now.getTime()) / 1000),
      });
      return { ok: true };
    }
  );

  r.post('/api/auth/logout', { schema: { tags: ['auth'] } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await logout(ctx.db, token);
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  r.get('/api/auth/me', { schema: { tags: ['auth'] } }, (request) => requireUser(request));

  r.post(
    '/api/users',
    {
      schema: {
        tags: ['auth'],
        body: z.object({
          username: z.string(),
          password: z.string(),
          role: z.enum(ROLES),
          orgUnit: z.string(),
          displayName: z.string().optional(),
        }),
      },
    },
    async (request) => {
      const user = requirePermission(request, 'user:manage');
      if (!(await isWithin(ctx.db, request.body.orgUnit, user.orgUnitCode))) {
        throw new AppError('FORBIDDEN', {
          zh: '不能在本人机构范围之外创建用户',
          en: 'Cannot create a user outside your own org-unit scope',
        });
      }
      const id = await createUser(ctx.db, actorOf(user, ctx.now()), {
        ...request.body,
        orgUnitCode: request.body.orgUnit,
      });
      return { id };
    }
  );
}
