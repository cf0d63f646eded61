/** Reporting API: submitting a report, completeness and timeliness, their export. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CompletenessReport, CompletenessTrendPoint, SubmissionView } from '@weijian/core';
import type { AppContext } from '../../context';
import { requirePermission } from '../../http/auth';
import { attachment } from '../../http/content-disposition';
import { actorOf } from '../audit';
import { completenessByPeriod, completenessReport } from './completeness';
import { completenessCsv, completenessXlsx } from './export';
import { submitReport, withdrawReport } from './submissions';

const code = z.string().min(1).max(64);
const period = z.string().min(1).max(16);
const reportKey = z.object({ dataSet: code, orgUnit: code, period });
const query = z.object({ dataSet: code, ou: code.optional(), pe: period });

export function reportingRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/submissions',
    {
      schema: {
        tags: ['reporting'],
        summary: 'Submit a data set for a unit and period (上报)',
        body: reportKey,
      },
    },
    async (request): Promise<SubmissionView> => {
      const user = requirePermission(request, 'data:write');
      return submitReport(ctx.db, ctx.catalogue, actorOf(user, ctx.now()), user.orgUnitCode, request.body);
    }
  );

  r.post(
    '/api/submissions/withdraw',
    {
      schema: {
        tags: ['reporting'],
        summary: 'Withdraw a submission, with a reason (refused once approved)',
        body: reportKey.extend({ reason: z.string().max(500) }),
      },
    },
    async (request) => {
      const user = requirePermission(request, 'data:write');
      const { reason, ...key } = request.body;
      await withdrawReport(ctx.db, ctx.catalogue, actorOf(user, ctx.now()), user.orgUnitCode, key, reason);
      return { ok: true };
    }
  );

  r.get(
    '/api/completeness',
    {
      schema: {
        tags: ['reporting'],
        summary: 'Expected, received, on-time, late and missing reports of a data set, rolled up and ranked',
        querystring: query,
      },
    },
    async (request): Promise<CompletenessReport> => {
      const user = requirePermission(request, 'data:read');
      const q = request.query;
      return completenessReport(
        ctx.db,
        ctx.catalogue,
        user.orgUnitCode,
        { dataSet: q.dataSet, orgUnit: q.ou ?? user.orgUnitCode, period: q.pe },
        ctx.now()
      );
    }
  );

  r.get(
    '/api/completeness/periods',
    {
      schema: {
        tags: ['reporting'],
        summary: 'Completeness and timeliness rates of a unit for each period of a year',
        querystring: z.object({
          dataSet: code,
          ou: code.optional(),
          year: z.coerce.number().int().min(1900).max(2100),
        }),
      },
    },
    async (request): Promise<CompletenessTrendPoint[]> => {
      const user = requirePermission(request, 'data:read');
      const q = request.query;
      return completenessByPeriod(
        ctx.db,
        ctx.catalogue,
        user.orgUnitCode,
        { dataSet: q.dataSet, orgUnit: q.ou ?? user.orgUnitCode, year: q.year },
        ctx.now()
      );
    }
  );

  r.get(
    '/api/completeness/export',
    {
      schema: {
        tags: ['reporting'],
        summary: 'The completeness report as CSV or XLSX (?format=csv|xlsx, ?lang=zh|en)',
        querystring: query.extend({
          format: z.enum(['csv', 'xlsx']).default('xlsx'),
          lang: z.enum(['zh', 'en']).default('zh'),
        }),
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'data:read');
      const q = request.query;
      const report = await completenessReport(
        ctx.db,
        ctx.catalogue,
        user.orgUnitCode,
        { dataSet: q.dataSet, orgUnit: q.ou ?? user.orgUnitCode, period: q.pe },
        ctx.now()
      );
      const name = `completeness-${report.dataSet.code}-${report.orgUnit.code}-${report.period}.${q.format}`;
      void reply.header('content-disposition', attachment(name));
      if (q.format === 'csv') {
        void reply.type('text/csv; charset=utf-8');
        return completenessCsv(report, q.lang);
      }
      void reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      return reply.send(await completenessXlsx(report, q.lang));
    }
  );
}
