/**
 * Refuses state-changing requests sent from another site. SameSite=Lax cookies already keep
 * most cross-site posts unauthenticated; this also stops a same-site attacker (another app under
 * the same registrable domain) and browsers that ignore SameSite. A request without Origin (the
 * command line, curl) is let through: it carries no browser cookie by accident.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '@weijian/core';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameHost(request: FastifyRequest, origin: string): boolean {
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

/** Whether a request may change state, judged by its Origin (and Sec-Fetch-Site) headers. */
export function originAllowed(request: FastifyRequest, allowedOrigins: readonly string[]): boolean {
  if (SAFE_METHODS.has(request.method)) return true;
  const origin = request.headers.origin;
  if (origin === undefined) return request.headers['sec-fetch-site'] !== 'cross-site';
  return sameHost(request, origin) || allowedOrigins.includes(origin);
}

/** Register the check for every route. */
export function registerOriginCheck(app: FastifyInstance, allowedOrigins: readonly string[]): void {
  app.addHook('onRequest', (request, _reply, done) => {
    if (originAllowed(request, allowedOrigins)) {
      done();
      return;
    }
    const origin = request.headers.origin ?? '';
    done(
      new AppError(
        'FORBIDDEN',
        {
          zh: `拒绝来自其他站点的请求（Origin：${origin}）`,
          en: `Request from another site refused (Origin: ${origin})`,
        },
        [{ field: 'origin', value: origin, message: { zh: '来源不符', en: 'Foreign origin' } }]
      )
    );
  });
}
