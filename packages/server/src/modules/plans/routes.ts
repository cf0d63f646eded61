/** Plans API: list, show, import. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, planImportFieldsSchema } from '@weijian/core';
import type { AppContext } from '../../context';
import { requirePermission } from '../../http/auth';
import { findNul, nulError } from '../../http/input-guards';
import { actorOf } from '../audit';
import { importPlanTable } from './import/service';
import { MAX_TABLE_BYTES } from '../../files/read-table';
import { getPlan, listPlans } from './service';

export function planRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/plans',
    { schema: { tags: ['plans'], summary: 'Plans within your scope' } },
    async (request) => {
      const user = requirePermission(request, 'plan:read');
      return listPlans(ctx.db, user);
    }
  );

  r.get(
    '/api/plans/:id',
    {
      schema: {
        tags: ['plans'],
        summary: 'One plan: rows, typed and raw targets, projects',
        params: z.object({ id: z.string().min(1).max(64) }),
      },
    },
    async (request) => {
      const user = requirePermission(request, 'plan:read');
      return getPlan(ctx.db, ctx.catalogue, user, request.params.id);
    }
  );

  r.post(
    '/api/plans/import',
    {
      schema: {
        tags: ['plans'],
        summary: 'Import a plan indicator table (multipart: file + id, region, period, baseYear, title)',
        querystring: z.object({ dryRun: z.enum(['true', 'false']).optional() }),
      },
    },
    async (request) => {
      const user = requirePermission(request, 'plan:import');
      if (!request.isMultipart()) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', {
          zh: '请以 multipart/form-data 上传文件',
          en: 'Send the file as multipart/form-data',
        });
      }
      const fields: Record<string, string> = {};
      let file: { buffer: Buffer; filename: string } | null = null;
      for await (const part of request.parts({ limits: { fileSize: MAX_TABLE_BYTES + 1, files: 1 } })) {
        if (part.type === 'file') {
          const buffer = await part.toBuffer();
          if (part.file.truncated) {
            throw new AppError('PAYLOAD_TOO_LARGE', {
              zh: '文件过大，上限 5 MB',
              en: 'File too large; the limit is 5 MB',
            });
          }
          file = { buffer, filename: part.filename };
        } else fields[part.fieldname] = String(part.value);
      }
      if (!file) {
        throw new AppError('VALIDATION_FAILED', { zh: '缺少文件', en: 'No file sent' }, [
          { field: 'file', message: { zh: '请选择 CSV 或 XLSX 文件', en: 'Choose a CSV or XLSX file' } },
        ]);
      }
      const nul = findNul(fields, 'fields');
      if (nul) throw nulError(nul);
      const parsed = planImportFieldsSchema.safeParse(fields);
      if (!parsed.success) {
        throw new AppError(
          'VALIDATION_FAILED',
          { zh: '规划信息不完整', en: 'Plan details are incomplete' },
          parsed.error.issues.map((i) => ({
            field: i.path.join('.'),
            message: { zh: `字段无效：${i.message}`, en: i.message },
          }))
        );
      }
      return importPlanTable(ctx.db, ctx.catalogue, actorOf(user, ctx.now()), user.orgUnitCode, {
        ...parsed.data,
        buffer: file.buffer,
        filename: file.filename,
        dryRun: request.query.dryRun === 'true',
      });
    }
  );
}
