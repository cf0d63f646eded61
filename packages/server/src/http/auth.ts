/**
 * Who is calling. Every request's session cookie is resolved to a user; routes then ask for a
 * user (or a permission) and get a typed SessionUser or a 401/403.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, can, type Permission } from '@weijian/core';
import type { AppContext } from '../context';
import { LOCAL_CLI_USER, authenticate, type SessionUser } from '../modules/auth';
import { applyDueMoves, chinaDay } from '../modules/orgunits';

export const SESSION_COOKIE = 'weijian_session';

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
  }
}

function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7) : null;
}

/**
 * Resolve the caller on every request: the session cookie of a signed-in user, or the local
 * command line's token (a secret the server writes into its data directory, so only someone who
 * can read the database files can present it).
 */
export function registerAuth(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('user', null);
  app.addHook('onRequest', async (request) => {
    const local = bearer(request);
    if (local !== null && ctx.localToken !== undefined && safeEqual(local, ctx.localToken)) {
      request.user = LOCAL_CLI_USER;
      await applyDueMoves(ctx.db, chinaDay(ctx.now()));
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    request.user = token ? await authenticate(ctx.db, token, ctx.now()) : null;
    // A move dated in the future changes scopes on its day, before anyone's request is judged.
    if (request.user) await applyDueMoves(ctx.db, chinaDay(ctx.now()));
  });
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The signed-in user, or 401. A user whose password an administrator has reset gets 403 until
 * they set a new one (only sign-out, "who am I" and the password change let them through).
 */
export function requireUser(
  request: FastifyRequest,
  options: { duringPasswordChange?: boolean } = {}
): SessionUser {
  if (!request.user) throw new AppError('UNAUTHENTICATED', { zh: '请先登录', en: 'Please sign in' });
  if (request.user.mustChangePassword && !options.duringPasswordChange) {
    throw new AppError(
      'FORBIDDEN',
      {
        zh: '管理员已重置您的密码，请先修改密码',
        en: 'An administrator reset your password; change it first',
      },
      [{ field: 'password', message: { zh: '须修改密码', en: 'Password change required' } }]
    );
  }
  return request.user;
}

/** The signed-in user holding a permission, or 401/403. */
export function requirePermission(request: FastifyRequest, permission: Permission): SessionUser {
  const user = requireUser(request);
  if (!can(user.role, permission)) {
    throw new AppError('FORBIDDEN', {
      zh: `当前角色无权执行此操作（${permission}）`,
      en: `Your role may not do this (${permission})`,
    });
  }
  return user;
}
