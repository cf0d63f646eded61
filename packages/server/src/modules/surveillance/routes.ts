/** Surveillance API: diseases, case reports, syndromic counts, detection runs, signals and triage. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AppError,
  can,
  caseReportInputSchema,
  isoDate,
  SIGNAL_STATUSES,
  signalTransitionSchema,
  syndromicCountSchema,
} from '@weijian/core';
import type { AppContext } from '../../context';
import { requirePermission } from '../../http/auth';
import { actorOf } from '../audit';
import { caseHistory, correctCase, createCase, listCases, revokeCase } from './cases';
import { importCasesCsv, importCountsCsv, MAX_SURVEILLANCE_CSV } from './csv-import';
import { runDetection } from './detection';
import { diseaseTable } from './diseases';
import { signalStats } from './signal-stats';
import { getSignal, listSignals, transitionSignal } from './signals';
import { writeCounts } from './syndromic';

const idParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const dryRunQuery = z.object({ dryRun: z.enum(['true', 'false']).optional() });
const tags = ['surveillance'];

async function uploadedText(request: FastifyRequest): Promise<string> {
  if (!request.isMultipart()) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', {
      zh: '请以 multipart/form-data 上传文件',
      en: 'Send the file as multipart/form-data',
    });
  }
  const file = await request.file({ limits: { fileSize: MAX_SURVEILLANCE_CSV } });
  if (!file) {
    throw new AppError('VALIDATION_FAILED', { zh: '缺少文件', en: 'No file sent' }, [
      { field: 'file', message: { zh: '请选择文件', en: 'Choose a file' } },
    ]);
  }
  const buf = await file.toBuffer();
  if (file.file.truncated) {
    throw new AppError('PAYLOAD_TOO_LARGE', { zh: '文件超过 10 MB', en: 'File over 10 MB' });
  }
  return buf.toString('utf8');
}

/** Registers the surveillance routes. */
export function surveillanceRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/surveillance/diseases',
    {
      schema: {
        tags,
        summary: 'Notifiable diseases: every version, and those in force on a date',
        querystring: z.object({ date: isoDate }),
      },
    },
    async (request) => {
      requirePermission(request, 'surveillance:read');
      return diseaseTable(ctx.db, request.query.date);
    }
  );

  r.get(
    '/api/surveillance/cases',
    {
      schema: {
        tags,
        summary: 'Case reports with reporting timeliness',
        querystring: z.object({
          disease: z.string().max(64).optional(),
          from: isoDate.optional(),
          to: isoDate.optional(),
          includeRevoked: z.enum(['true', 'false']).optional(),
        }),
      },
    },
    async (request) => {
      const user = requirePermission(request, 'surveillance:read');
      const q = request.query;
      return listCases(
        ctx.db,
        user.orgUnitCode,
        { ...q, includeRevoked: q.includeRevoked === 'true' },
        can(user.role, 'surveillance:identifiers')
      );
    }
  );
  r.post(
    '/api/surveillance/cases',
    { schema: { tags, summary: 'Report a case (传染病报告卡)', body: caseReportInputSchema } },
    async (request) => {
      const user = requirePermission(request, 'surveillance:report');
      return { id: await createCase(ctx.db, actorOf(user, ctx.now()), user.orgUnitCode, request.body) };
    }
  );
  r.put(
    '/api/surveillance/cases/:id',
    {
      schema: {
        tags,
        summary: 'Correct a case report (订正); the previous version stays in history',
        params: idParams,
        body: z.object({ card: caseReportInputSchema, reason: z.string().min(1).max(500) }),
      },
    },
    async (request) => {
      const user = requirePermission(request, 'surveillance:report');
      await correctCase(
        ctx.db,
        actorOf(user, ctx.now()),
        user.orgUnitCode,
        request.params.id,
        request.body.card,
        request.body.reason
      );
      return { ok: true };
    }
  );
  r.post(
    '/api/surveillance/cases/:id/revoke',
    { schema: { tags, params: idParams, body: z.object({ reason: z.string().min(1).max(500) }) } },
    async (request) => {
      const user = requirePermission(request, 'surveillance:report');
      await revokeCase(
        ctx.db,
        actorOf(user, ctx.now()),
        user.orgUnitCode,
        request.params.id,
        request.body.reason
      );
      return { ok: true };
    }
  );
  r.get('/api/surveillance/cases/:id/history', { schema: { tags, params: idParams } }, async (request) => {
    const user = requirePermission(request, 'surveillance:read');
    return caseHistory(
      ctx.db,
      user.orgUnitCode,
      request.params.id,
      can(user.role, 'surveillance:identifiers')
    );
  });
  r.post(
    '/api/surveillance/syndromic',
    {
      schema: {
        tags,
        summary: 'Daily counts from sentinel sites',
        body: z.object({ counts: z.array(syndromicCountSchema).min(1).max(100_000) }),
      },
    },
    async (request) => {
      const user = requirePermission(request, 'surveillance:report');
      return {
        written: await writeCounts(ctx.db, actorOf(user, ctx.now()), user.orgUnitCode, request.body.counts),
      };
    }
  );
  const imports = [
    [
      '/api/surveillance/cases/import',
      'Import case cards from CSV (multipart "file"); all or nothing',
      importCasesCsv,
    ],
    [
      '/api/surveillance/syndromic/import',
      'Import sentinel counts from CSV (site,syndrome,date,count)',
      importCountsCsv,
    ],
  ] as const;
  for (const [path, summary, importer] of imports) {
    r.post(path, { schema: { tags, summary, querystring: dryRunQuery } }, async (request) => {
      const user = requirePermission(request, 'surveillance:report');
      const text = await uploadedText(request);
      return importer(
        ctx.db,
        actorOf(user, ctx.now()),
        user.orgUnitCode,
        text,
        request.query.dryRun === 'true'
      );
    });
  }

  r.post(
    '/api/surveillance/detect',
    {
      schema: {
        tags,
        summary: 'Run detection for the caller’s scope as of a date and store the signals',
        body: z.object({
          date: isoDate,
          fdr: z.number().gt(0).lt(1).optional(),
          alpha: z.number().gt(0).lt(0.5).optional(),
        }),
      },
    },
    async (request) => {
      const user = requirePermission(request, 'surveillance:triage');
      const { date, ...opts } = request.body;
      return runDetection(ctx.db, actorOf(user, ctx.now()), user.orgUnitCode, date, opts);
    }
  );
  r.get(
    '/api/surveillance/signals',
    {
      schema: {
        tags,
        summary: 'The signal board',
        querystring: z.object({ status: z.enum(SIGNAL_STATUSES).optional() }),
      },
    },
    async (request) => {
      const user = requirePermission(request, 'surveillance:read');
      return listSignals(ctx.db, user.orgUnitCode, request.query);
    }
  );
  r.get(
    '/api/surveillance/signals/:id',
    { schema: { tags, summary: 'A signal with its evidence curves and workflow history', params: idParams } },
    async (request) => {
      const user = requirePermission(request, 'surveillance:read');
      return getSignal(ctx.db, user.orgUnitCode, request.params.id);
    }
  );
  r.post(
    '/api/surveillance/signals/:id/transition',
    {
      schema: {
        tags,
        summary: 'Triage step (verify, investigate, close with an outcome)',
        params: idParams,
        body: signalTransitionSchema,
      },
    },
    async (request) => {
      const user = requirePermission(request, 'surveillance:triage');
      await transitionSignal(
        ctx.db,
        actorOf(user, ctx.now()),
        user.orgUnitCode,
        request.params.id,
        request.body
      );
      return { ok: true };
    }
  );
  r.get(
    '/api/surveillance/stats',
    {
      schema: {
        tags,
        summary: 'Outcomes per disease and method, response times, signals per unit-week',
        querystring: z.object({ date: isoDate }),
      },
    },
    async (request) => {
      const user = requirePermission(request, 'surveillance:read');
      return signalStats(ctx.db, user.orgUnitCode, request.query.date);
    }
  );
}
