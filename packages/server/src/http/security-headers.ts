/**
 * Security headers on every response, the API's and the web app's alike. The web app is a Vite
 * build with no inline script, so scripts come only from this origin; Ant Design and ECharts set
 * inline styles at run time, hence style-src 'unsafe-inline' (styles cannot run code).
 */
import type { FastifyInstance } from 'fastify';

/** The Content-Security-Policy sent with every response. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Add the headers to every reply; HSTS only when the site is served over HTTPS (secure cookies). */
export function registerSecurityHeaders(app: FastifyInstance, options: { https: boolean }): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    void reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    void reply.header('x-frame-options', 'DENY');
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('referrer-policy', 'no-referrer');
    void reply.header('cross-origin-opener-policy', 'same-origin');
    void reply.header('cross-origin-resource-policy', 'same-origin');
    if (options.https) void reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    return payload;
  });
}
