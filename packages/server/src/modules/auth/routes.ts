/** Sign in, sign out, who am I, and user creation by an administrator. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '@weijian/core';
import type { AppContext } from '../../context';
import { SESSION_COOKIE, requirePermission, requireUser } from '../../http/auth';
import { AppError, type Me } from '@weijian/core';
import { isWithin } from '../orgunits';
import { changeOwnPassword } from './admin';
import { MAX_PASSWORD_LENGTH } from './password-policy';
import { actorOf } from '../audit';
import { createUser, login, logout } from './service';

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
      const { token, expiresAt, mustChangePassword } = await login(
        ctx.db,
        request.body.username,
        request.body.password,
        now,
        { ip: request.ip, userAgent: request.headers['user-agent']?.slice(0, 300) ?? null }
      );
      void reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: ctx.secureCookies ?? false,
        path: '/',
        // Max-Age, not Expires: the browser counts the lifetime on its own clock, so a server and a
        // client whose clocks disagree (or a test's fixed clock) do not drop the cookie at once.
        maxAge: Math.round((expiresAt.getTime() - now.getTime()) / 1000),
      });
      return { ok: true, mustChangePassword };
    }
  );

  r.post('/api/auth/logout', { schema: { tags: ['auth'] } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await logout(ctx.db, token);
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  r.get('/api/auth/me', { schema: { tags: ['auth'] } }, (request): Me => {
    const { sessionId: _session, ...user } = requireUser(request, { duringPasswordChange: true });
    return user;
  });

  r.post(
    '/api/auth/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change your own password (required after an administrator reset it)',
        body: z.object({
          current: z.string().min(1).max(MAX_PASSWORD_LENGTH),
          password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
        }),
      },
    },
    async (request) => {
      const user = requireUser(request, { duringPasswordChange: true });
      await changeOwnPassword(ctx.db, user, request.body.current, request.body.password, ctx.now());
      return { ok: true };
    }
  );

  r.post(
    '/api/users',
    {
      schema: {
        tags: ['auth'],
        body: z.object({
          username: z.string().max(64),
          password: z.string().max(MAX_PASSWORD_LENGTH),
          role: z.enum(ROLES),
          orgUnit: z.string().max(64),
          displayName: z.string().max(100).optional(),
        }),
      },
    },
    async (request) => {
      const user = requirePermission(request, 'user:manage');
      if (!(await isWithin(ctx.db, request.body.orgUnit, user.orgUnitCode))) {
        // Unknown and out-of-scope units answer alike, so codes outside one's scope cannot be probed.
        throw new AppError(
          'NOT_FOUND',
          {
            zh: `机构不存在或不在您的范围内：${request.body.orgUnit}`,
            en: `Unknown org unit or outside your scope: ${request.body.orgUnit}`,
          },
          [
            {
              field: 'orgUnit',
              value: request.body.orgUnit,
              message: { zh: '机构编码无效', en: 'Invalid org unit' },
            },
          ]
        );
      }
      const id = await createUser(ctx.db, actorOf(user, ctx.now()), {
        ...request.body,
        orgUnitCode: request.body.orgUnit,
      });
      return { id };
    }
  );
}
