/** Target-expression parsing as a service, for the web app and other tools. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formatTarget, parseTarget, targetWarningMessage } from '@weijian/core';
import { requireUser } from '../../http/auth';

export function targetRoutes(app: FastifyInstance): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/targets/parse',
    {
      schema: {
        tags: ['targets'],
        summary: 'Parse a target text (≥84.53, 比2015年降低5% …)',
        querystring: z.object({ text: z.string().max(500) }),
      },
    },
    (request) => {
      requireUser(request);
      const target = parseTarget(request.query.text);
      return {
        target,
        formatted: { zh: formatTarget(target, 'zh'), en: formatTarget(target, 'en') },
        warnings: target.warnings.map((w) => ({ code: w, ...targetWarningMessage(w) })),
      };
    }
  );
}
