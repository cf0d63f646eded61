/**
 * The HTTP application: plugins, the error handler, authentication, the API routes and, when
 * built, the web app. Routes are thin; everything they do lives in the modules' services.
 */
import { existsSync } from 'node:fs';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { AppError } from '@weijian/core';
import type { AppContext } from './context';
import { registerAuth, requireUser } from './http/auth';
import { errorHandler } from './http/errors';
import { registerInputGuards } from './http/input-guards';
import { registerOriginCheck } from './http/origin';
import { registerSecurityHeaders } from './http/security-headers';
import { adminRoutes } from './modules/auth/admin-routes';
import { backupRoutes } from './modules/backup/routes';
import { analyticsRoutes } from './modules/analytics/routes';
import { authRoutes } from './modules/auth/routes';
import { catalogueRoutes } from './modules/catalogue/routes';
import { rollupBelow } from './modules/data';
import { dataRoutes, MAX_VALUE_UPLOAD } from './modules/data/routes';
import { emergencyRoutes } from './modules/emergencies/routes';
import { fhirRoutes } from './modules/fhir/routes';
import { demoRoutes } from './modules/demo/routes';
import { immunizationRoutes } from './modules/immunization/routes';
import { referralRoutes } from './modules/referrals/routes';
import { jobRoutes } from './modules/jobs/routes';
import { consistencyRoutes } from './modules/evaluation/checks-routes';
import { evaluationRoutes } from './modules/evaluation/routes';
import { programmeRoutes } from './modules/programmes/routes';
import { ruleSetRoutes } from './modules/programmes/rule-set-routes';
import { projectRoutes } from './modules/projects/routes';
import { reportRoutes } from './modules/reports/routes';
import { reportingRoutes } from './modules/reporting/routes';
import { notificationRoutes } from './modules/notifications/routes';
import { orgUnitRoutes } from './modules/orgunits/routes';
import { planRoutes } from './modules/plans/routes';
import { MAX_TABLE_BYTES } from './files/read-table';
import { residentRoutes } from './modules/residents/routes';
import { surveillanceRoutes } from './modules/surveillance/routes';
import { targetRoutes } from './modules/targets/routes';
import './modules/wiring';

/** One registered route, as the route × role × scope walk and the fuzz test enumerate them. */
export interface RouteEntry {
  method: string;
  url: string;
  schema: Record<string, unknown> | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered, in order (method, url, schema). */
    routeTable: RouteEntry[];
  }
}

/** Build the Fastify app (not listening yet). */
export async function buildApp(
  ctx: AppContext,
  options: { logger?: boolean; trustProxy?: boolean | string } = {}
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 20 * 1024 * 1024,
    trustProxy: options.trustProxy ?? false,
  });
  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      routeTable.push({
        method,
        url: route.url,
        schema: route.schema as Record<string, unknown> | undefined,
      });
    }
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);

  await app.register(cookie);
  // Hooks before any route, so they apply to the documentation's routes as well.
  registerSecurityHeaders(app, { https: ctx.secureCookies ?? false });
  registerOriginCheck(app, ctx.allowedOrigins ?? []);
  registerAuth(app, ctx);
  registerInputGuards(app);
  await app.register(multipart, {
    limits: { fileSize: Math.max(MAX_TABLE_BYTES + 1, MAX_VALUE_UPLOAD), files: 1, fields: 20 },
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Weijian 卫健 API', version: '0.1.0', description: 'Health development plans as data' },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    uiHooks: {
      onRequest: (request, _reply, done) => {
        try {
          if (!ctx.publicDocs) requireUser(request);
          done();
        } catch (e) {
          done(e as Error);
        }
      },
    },
  });

  app.get('/api/health', { schema: { tags: ['system'] } }, () => ({ ok: true }));
  authRoutes(app, ctx);
  planRoutes(app, ctx);
  targetRoutes(app);
  catalogueRoutes(app, ctx);
  orgUnitRoutes(app, ctx, { onMoved: rollupBelow });
  dataRoutes(app, ctx);
  reportingRoutes(app, ctx);
  notificationRoutes(app, ctx);
  analyticsRoutes(app, ctx);
  evaluationRoutes(app, ctx);
  consistencyRoutes(app, ctx);
  reportRoutes(app, ctx);
  projectRoutes(app, ctx);
  programmeRoutes(app, ctx);
  ruleSetRoutes(app, ctx);
  emergencyRoutes(app, ctx);
  surveillanceRoutes(app, ctx);
  residentRoutes(app, ctx);
  jobRoutes(app, ctx);
  demoRoutes(app, ctx);
  immunizationRoutes(app, ctx);
  referralRoutes(app, ctx);
  await fhirRoutes(app, ctx);
  adminRoutes(app, ctx);
  backupRoutes(app, ctx);

  if (ctx.webDir && existsSync(ctx.webDir)) {
    await app.register(fastifyStatic, { root: ctx.webDir });
    // Client-side routes (/plans/futian-2021) are served the app shell.
    app.setNotFoundHandler((request, reply) => {
      if (request.url.startsWith('/api/')) {
        void reply
          .status(404)
          .send(new AppError('NOT_FOUND', { zh: '接口不存在', en: 'No such API route' }).toJSON());
        return;
      }
      void reply.sendFile('index.html');
    });
  } else {
    app.setNotFoundHandler((_request, reply) => {
      void reply.status(404).send(new AppError('NOT_FOUND', { zh: '页面不存在', en: 'Not found' }).toJSON());
    });
  }
  return app;
}
