/** Data API: data sets, the entry form, saving values, file and dataValueSets imports, approvals, checks. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AppError,
  VALUE_SOURCES,
  nativePeriods,
  parsePeriod,
  type EntryForm,
  type ValueHistoryEntry,
} from '@weijian/core';
import type { AppContext } from '../../context';
import { requirePermission } from '../../http/auth';
import { attachment } from '../../http/content-disposition';
import { actorOf } from '../audit';
import type { SessionUser } from '../auth';
import { unitInScope } from '../orgunits';
import { approve, unlock } from './approvals';
import { runRules } from './checks';
import { dataValueSetChunks, fileChunks } from './files';
import { entryForm, valueHistory } from './form';
import { startImportJob } from './import-job';
import { findOutliers } from './outliers';
import { MAX_COMMENT } from './prepare';
import { writeValues, type WriteOptions } from './service';
import { buildTemplate } from './template';

/** Largest data-value upload over HTTP. */
export const MAX_VALUE_UPLOAD = 100 * 1024 * 1024;

const dryRunQuery = z.object({
  dryRun: z.enum(['true', 'false']).optional(),
  source: z.enum(VALUE_SOURCES).optional(),
});
const importQuery = dryRunQuery.extend({ async: z.enum(['true', 'false']).optional() });
const options = (q: z.infer<typeof dryRunQuery>): WriteOptions => ({
  dryRun: q.dryRun === 'true',
  source: q.source ?? 'facility',
});
const principal = (user: SessionUser, at: Date) => ({ actor: user.username, scope: user.orgUnitCode, at });

/** Codes (elements, units, data sets) and period identifiers are short; anything longer is a mistake. */
const code = z.string().max(64);
const period = z.string().max(16);
const unitPeriod = z.object({ ou: code, pe: period });

const dataValueSet = z.object({
  dataSet: code.optional(),
  period: period.optional(),
  orgUnit: code.optional(),
  dataValues: z
    .array(
      z.object({
        dataElement: code,
        period: period.optional(),
        orgUnit: code.optional(),
        value: z.union([z.string().max(64), z.number(), z.null()]).optional(),
        comment: z.string().max(MAX_COMMENT).optional(),
        categoryOptionCombo: z.string().max(200).optional(),
        followup: z.boolean().optional(),
      })
    )
    .max(100_000),
});

export function dataRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/dataSets',
    { schema: { tags: ['data'], summary: 'Data sets with their elements' } },
    (request) => {
      requirePermission(request, 'data:read');
      return ctx.catalogue.dataSets;
    }
  );

  r.get(
    '/api/dataSets/:code/form',
    {
      schema: {
        tags: ['data'],
        summary: 'Values of one data set × unit × period, for the entry form',
        params: z.object({ code }),
        querystring: unitPeriod,
      },
    },
    async (request): Promise<EntryForm> => {
      const user = requirePermission(request, 'data:read');
      return entryForm(ctx.db, ctx.catalogue, user.orgUnitCode, {
        dataSet: request.params.code,
        orgUnit: request.query.ou,
        period: request.query.pe,
      });
    }
  );

  r.post(
    '/api/dataValues',
    {
      schema: {
        tags: ['data'],
        summary: 'Save values (one cell or many); ?dryRun=true previews',
        querystring: dryRunQuery,
        body: dataValueSet,
      },
    },
    async (request) => {
      const user = requirePermission(request, 'data:write');
      return writeValues(
        ctx.db,
        ctx.catalogue,
        principal(user, ctx.now()),
        dataValueSetChunks(request.body),
        options(request.query)
      );
    }
  );

  r.post(
    '/api/dataValueSets',
    {
      schema: {
        tags: ['data'],
        summary: 'DHIS2-style dataValueSets JSON import',
        querystring: dryRunQuery,
        body: dataValueSet,
      },
    },
    async (request) => {
      const user = requirePermission(request, 'data:write');
      return writeValues(
        ctx.db,
        ctx.catalogue,
        principal(user, ctx.now()),
        dataValueSetChunks(request.body),
        options(request.query)
      );
    }
  );

  r.post(
    '/api/dataValues/import',
    {
      schema: {
        tags: ['data'],
        summary:
          'Import a CSV or XLSX of values (multipart field "file"); ?dryRun=true lists every change and error; ?async=true answers 202 with a job to follow',
        querystring: importQuery,
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'data:write');
      if (!request.isMultipart()) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', {
          zh: '请以 multipart/form-data 上传文件',
          en: 'Send the file as multipart/form-data',
        });
      }
      const file = await request.file({ limits: { fileSize: MAX_VALUE_UPLOAD } });
      if (!file) {
        throw new AppError('VALIDATION_FAILED', { zh: '缺少文件', en: 'No file sent' }, [
          { field: 'file', message: { zh: '请选择文件', en: 'Choose a file' } },
        ]);
      }
      if (request.query.async === 'true') {
        const buffer = await file.toBuffer();
        const job = await startImportJob(
          ctx.db,
          ctx.catalogue,
          ctx.now,
          actorOf(user, ctx.now()),
          principal(user, ctx.now()),
          { buffer, filename: file.filename },
          options(request.query)
        );
        return reply.code(202).send({ jobId: job.jobId, rows: job.rows });
      }
      const chunks = await fileChunks(file.file, file.filename);
      const result = await writeValues(
        ctx.db,
        ctx.catalogue,
        principal(user, ctx.now()),
        chunks,
        options(request.query)
      );
      if (file.file.truncated) {
        throw new AppError('PAYLOAD_TOO_LARGE', { zh: '文件超过 100 MB', en: 'File over 100 MB' });
      }
      return result;
    }
  );

  r.get(
    '/api/dataSets/:code/template.xlsx',
    {
      schema: {
        tags: ['data'],
        summary: 'Fill-in template with Chinese headers',
        params: z.object({ code }),
        querystring: unitPeriod,
      },
    },
    async (request, reply) => {
      const user = requirePermission(request, 'data:read');
      const { ou, pe } = request.query;
      await unitInScope(ctx.db, ou, user.orgUnitCode);
      const period = parsePeriod(pe);
      const buf = await buildTemplate(
        ctx.db,
        ctx.catalogue,
        request.params.code,
        ou,
        period.id,
        user.orgUnitCode
      );
      void reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      void reply.header('content-disposition', attachment(`${request.params.code}-${ou}-${period.id}.xlsx`));
      return reply.send(buf);
    }
  );

  const approvalBody = z.object({ dataSet: code, orgUnit: code, period });
  r.post(
    '/api/approvals',
    { schema: { tags: ['data'], summary: 'Approve and lock', body: approvalBody } },
    async (request) => {
      const user = requirePermission(request, 'data:approve');
      await approve(ctx.db, ctx.catalogue, actorOf(user, ctx.now()), user.orgUnitCode, request.body);
      return { ok: true };
    }
  );
  r.post(
    '/api/approvals/unlock',
    {
      schema: {
        tags: ['data'],
        summary: 'Unlock (audited, with a reason)',
        body: approvalBody.extend({ reason: z.string().max(500) }),
      },
    },
    async (request) => {
      const user = requirePermission(request, 'data:approve');
      await unlock(
        ctx.db,
        ctx.catalogue,
        actorOf(user, ctx.now()),
        user.orgUnitCode,
        request.body,
        request.body.reason
      );
      return { ok: true };
    }
  );

  r.get(
    '/api/validation',
    {
      schema: {
        tags: ['data'],
        summary: 'Run the validation rules over stored data',
        querystring: unitPeriod,
      },
    },
    async (request) => {
      const user = requirePermission(request, 'data:read');
      const scope = request.query.ou;
      await unitInScope(ctx.db, scope, user.orgUnitCode);
      const period = parsePeriod(request.query.pe);
      const periods = [
        ...nativePeriods(period, 'month'),
        ...nativePeriods(period, 'quarter'),
        ...nativePeriods(period, 'year'),
      ];
      return runRules(ctx.db, ctx.catalogue, scope, periods);
    }
  );

  r.get(
    '/api/outliers',
    {
      schema: {
        tags: ['data'],
        summary: "Values far from the unit's own history (modified z-score > 3.5)",
        querystring: unitPeriod,
      },
    },
    async (request) => {
      const user = requirePermission(request, 'data:read');
      await unitInScope(ctx.db, request.query.ou, user.orgUnitCode);
      return findOutliers(ctx.db, ctx.catalogue, request.query.ou, request.query.pe);
    }
  );

  r.get(
    '/api/dataValues/history',
    {
      schema: {
        tags: ['data'],
        summary: 'Audit trail of one value',
        querystring: z.object({ de: code, ou: code, pe: period, disagg: z.string().max(200).optional() }),
      },
    },
    async (request): Promise<ValueHistoryEntry[]> => {
      const user = requirePermission(request, 'data:read');
      const q = request.query;
      return valueHistory(ctx.db, user.orgUnitCode, {
        element: q.de,
        orgUnit: q.ou,
        period: q.pe,
        disagg: q.disagg ?? '',
      });
    }
  );
}
