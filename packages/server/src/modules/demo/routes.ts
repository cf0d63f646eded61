/**
 * Demo data from the web app and from the command line while a server runs: POST starts the
 * generation as a job (follow it at /api/jobs/:id), DELETE removes every synthetic row (residents too).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError, isoDate } from '@weijian/core';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { requirePermission } from '../../http/auth';
import { repoPath } from '../../paths';
import { actorOf } from '../audit';
import type { SessionUser } from '../auth';
import { startJob } from '../jobs';
import { readPlanDirectory } from '../plans';
import { generateDemo } from './generate';
import { SCALE_NAMES } from './profile';
import { removeDemo } from './remove';
import { generateDemoResidents } from './residents';
import { generateSurveillanceDemo } from './surveillance';

const year = z.coerce.number().int().min(2000).max(2100);

/** The code of the whole country: demo data spans every plan region, so only its admins manage it. */
const NATIONAL = '100000';

function requireDemoManager(request: FastifyRequest): SessionUser {
  const user = requirePermission(request, 'demo:manage');
  if (user.orgUnitCode !== NATIONAL) {
    throw new AppError('FORBIDDEN', {
      zh: '演示数据覆盖全部规划地区，只能由全国范围的管理员生成或删除',
      en: 'Demo data spans every plan region: only an admin whose scope is the whole country may manage it',
    });
  }
  return user;
}
const seed = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1)
  .default(1);

export function demoRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/demo/generate',
    {
      schema: {
        tags: ['demo'],
        summary: 'Generate synthetic demo data as a job; answers 202 with the job id',
        body: z
          .object({
            seed,
            scale: z.enum(SCALE_NAMES).default('district'),
            from: year.default(2019),
            to: year.optional(),
          })
          .refine((b) => b.to === undefined || b.from <= b.to, { error: 'from after to', path: ['to'] }),
      },
    },
    async (request, reply) => {
      const user = requireDemoManager(request);
      const actor = actorOf(user, ctx.now());
      // The last complete year on the server's clock, unless the caller names one.
      const to = request.body.to ?? ctx.now().getFullYear() - 1;
      const job = await startJob(
        ctx.db,
        ctx.now,
        { ...actor, scope: user.orgUnitCode },
        'demo.generate',
        (report) =>
          generateDemo(
            ctx.db,
            ctx.catalogue,
            readPlanDirectory(repoPath('plans')),
            actor,
            { seed: request.body.seed, scale: request.body.scale, fromYear: request.body.from, toYear: to },
            report
          )
      );
      void reply.status(202);
      return { jobId: job.id };
    }
  );
  r.post(
    '/api/demo/surveillance',
    {
      schema: {
        tags: ['demo'],
        summary: 'Synthetic case reports and sentinel counts below a region, then a detection run, as a job',
        body: z.object({
          region: z.string().regex(/^\d{6,12}$/),
          asOf: isoDate,
          seed,
        }),
      },
    },
    async (request, reply) => {
      const user = requireDemoManager(request);
      const actor = actorOf(user, ctx.now());
      const job = await startJob(
        ctx.db,
        ctx.now,
        { ...actor, scope: user.orgUnitCode },
        'demo.surveillance',
        async (report) => {
          report({
            done: 0,
            total: null,
            phase: { zh: '生成合成监测数据并检测', en: 'generating surveillance data and detecting' },
          });
          const r = await generateSurveillanceDemo(ctx.db, actor, request.body);
          return { cases: r.cases, counts: r.counts, run: { signals: r.run.signals } };
        }
      );
      void reply.status(202);
      return { jobId: job.id };
    }
  );
  r.post(
    '/api/demo/residents',
    {
      schema: {
        tags: ['demo'],
        summary:
          "A synthetic population (residents, hypertension and diabetes patients, three years of visits) for a region's demo facilities, as a job",
        body: z.object({
          region: z.string().regex(/^\d{6,12}$/),
          residents: z.number().int().min(1).max(5_000_000),
          seed,
        }),
      },
    },
    async (request, reply) => {
      const user = requireDemoManager(request);
      const actor = actorOf(user, ctx.now());
      const job = await startJob(
        ctx.db,
        ctx.now,
        { ...actor, scope: user.orgUnitCode },
        'demo.residents',
        async (report) => ({ ...(await generateDemoResidents(ctx, actor, request.body, report)) })
      );
      void reply.status(202);
      return { jobId: job.id };
    }
  );
  r.delete(
    '/api/demo',
    { schema: { tags: ['demo'], summary: 'Remove every synthetic unit and value' } },
    async (request) => {
      const user = requireDemoManager(request);
      return removeDemo(ctx.db, actorOf(user, ctx.now()));
    }
  );
}
