/**
 * Immunization routes. Thin: permission here, scope and rules in the services.
 * - POST /api/residents/:id/immunizations — record a dose (programme:write; the clinic in scope)
 * - GET  /api/residents/:id/immunizations — a child's doses and due list (resident:read; logged)
 * - POST /api/immunizations/:id/void — void a dose (programme:write; its clinic in scope)
 * - GET  /api/immunizations/lots — who received a lot (programme:write: staff with record access,
 *   not viewers; every person logged)
 * - GET  /api/immunizations/due — a clinic's due list (resident:read; the clinic in scope)
 * - POST /api/immunizations/import — CSV/XLSX import, all or nothing, `?dryRun=true` (programme:write)
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AppError,
  doseRecordSchema,
  dueQuerySchema,
  lotQuerySchema,
  voidDoseBodySchema,
} from '@weijian/core';
import type { AppContext } from '../../context';
import { MAX_TABLE_BYTES, readTable } from '../../files/read-table';
import { requirePermission } from '../../http/auth';
import { chinaDay } from '../orgunits';
import { clinicDueList } from './due';
import { importDoses } from './import';
import { lotLookup } from './lots';
import { recordDose, residentImmunizations, voidDoseRecord } from './records';

const tags = ['immunization'];
const idParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

async function uploadedRows(request: FastifyRequest): Promise<string[][]> {
  if (!request.isMultipart()) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', {
      zh: '请以 multipart/form-data 上传文件',
      en: 'Send the file as multipart/form-data',
    });
  }
  const file = await request.file({ limits: { fileSize: MAX_TABLE_BYTES + 1 } });
  if (!file) {
    throw new AppError('VALIDATION_FAILED', { zh: '缺少文件', en: 'No file sent' }, [
      { field: 'file', message: { zh: '请选择 CSV 或 XLSX 文件', en: 'Choose a CSV or XLSX file' } },
    ]);
  }
  const buf = await file.toBuffer();
  if (file.file.truncated) {
    throw new AppError('PAYLOAD_TOO_LARGE', {
      zh: '文件过大，上限 5 MB',
      en: 'File too large; the limit is 5 MB',
    });
  }
  return readTable(buf, file.filename);
}

/** Registers the immunization routes. */
export function immunizationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/residents/:id/immunizations',
    { schema: { tags, summary: 'Record a dose', params: idParams, body: doseRecordSchema } },
    async (request) => {
      const user = requirePermission(request, 'programme:write');
      const now = ctx.now();
      return recordDose(ctx.db, user, now, chinaDay(now), request.params.id, request.body);
    }
  );

  r.get(
    '/api/residents/:id/immunizations',
    {
      schema: {
        tags,
        summary: "A child's doses and due list (a logged read)",
        params: idParams,
        querystring: z.object({ asOf: isoDay.optional() }),
      },
    },
    async (request) => {
      const user = requirePermission(request, 'resident:read');
      const now = ctx.now();
      return residentImmunizations(
        ctx.db,
        ctx.fieldCipher,
        user,
        now,
        request.query.asOf ?? chinaDay(now),
        request.params.id
      );
    }
  );

  r.post(
    '/api/immunizations/:id/void',
    {
      schema: {
        tags,
        summary: 'Void a dose record with a reason',
        params: idParams,
        body: voidDoseBodySchema,
      },
    },
    async (request) => {
      const user = requirePermission(request, 'programme:write');
      const now = ctx.now();
      await voidDoseRecord(ctx.db, user, now, chinaDay(now), request.params.id, request.body.reason);
      return { ok: true };
    }
  );

  r.get(
    '/api/immunizations/lots',
    {
      schema: {
        tags,
        summary: 'Who received a lot (traceability; every person is a logged read)',
        querystring: lotQuerySchema,
      },
    },
    async (request) => {
      const user = requirePermission(request, 'programme:write');
      return lotLookup(
        ctx.db,
        ctx.fieldCipher,
        user,
        ctx.now(),
        request.query.lot,
        request.query.manufacturer
      );
    }
  );

  r.get(
    '/api/immunizations/due',
    { schema: { tags, summary: "A clinic's due, overdue and catch-up list", querystring: dueQuerySchema } },
    async (request) => {
      const user = requirePermission(request, 'resident:read');
      return clinicDueList(ctx.db, ctx.fieldCipher, user, chinaDay(ctx.now()), request.query);
    }
  );

  r.post(
    '/api/immunizations/import',
    {
      schema: {
        tags,
        summary: 'Import dose records from CSV or XLSX (all or nothing)',
        querystring: z.object({ dryRun: z.enum(['true', 'false']).optional() }),
      },
    },
    async (request) => {
      const user = requirePermission(request, 'programme:write');
      const rows = await uploadedRows(request);
      const now = ctx.now();
      return importDoses(ctx.db, user, now, chinaDay(now), rows, request.query.dryRun === 'true');
    }
  );
}
