/**
 * Resident API: the index (create, change, read, search), health records, the duplicate queue,
 * merges, the review of break-the-glass reads, and import. Routes check the permission and pass the
 * caller on; scope, masking and the read log live in the services.
 *
 * Break-the-glass: a read outside the caller's reach states its reason in the request header
 * `X-Break-Glass-Reason` (UTF-8, percent-encoded as `encodeURIComponent` gives it).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AppError,
  healthRecordTransferSchema,
  healthRecordWriteSchema,
  matchDecisionSchema,
  recordReadReviewSchema,
  residentCreateSchema,
  residentMergeSchema,
  residentSearchQuerySchema,
  residentUpdateSchema,
} from '@weijian/core';
import type { AppContext } from '../../context';
import { requirePermission } from '../../http/auth';
import { actorOf } from '../audit';
import { pendingReviews, reviewRead } from './access';
import { importResidents, MAX_RESIDENT_UPLOAD } from './import';
import { decideCandidate, mergeResidents, reviewQueue, unmergeResidents } from './merge';
import { getHealthRecord, transferHealthRecord, writeHealthRecord } from './records';
import { createResident, getResident, searchResidents, updateResident } from './service';

const tags = ['residents'];
const idParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const readQuery = z.object({ purpose: z.string().trim().min(1).max(100).optional() });

/** The break-the-glass reason of a request, or null. */
export function breakGlassReason(request: FastifyRequest): string | null {
  const raw = request.headers['x-break-glass-reason'];
  const text = Array.isArray(raw) ? raw[0] : raw;
  if (text === undefined || text.trim() === '') return null;
  let reason: string;
  try {
    reason = decodeURIComponent(text);
  } catch {
    throw new AppError(
      'VALIDATION_FAILED',
      { zh: '紧急查阅理由编码有误', en: 'Badly encoded break-the-glass reason' },
      [
        {
          field: 'X-Break-Glass-Reason',
          message: { zh: '请用 encodeURIComponent 编码', en: 'Percent-encode it (encodeURIComponent)' },
        },
      ]
    );
  }
  // eslint-disable-next-line no-control-regex
  if (reason.length > 500 || /[\u0000-\u001f]/.test(reason)) {
    throw new AppError(
      'VALIDATION_FAILED',
      { zh: '紧急查阅理由无效', en: 'Invalid break-the-glass reason' },
      [
        {
          field: 'X-Break-Glass-Reason',
          message: { zh: '最多 500 字，不含控制字符', en: 'At most 500 characters, no control characters' },
        },
      ]
    );
  }
  return reason.trim() === '' ? null : reason.trim();
}

async function uploaded(request: FastifyRequest): Promise<{ buf: Buffer; filename: string }> {
  if (!request.isMultipart()) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', {
      zh: '请以 multipart/form-data 上传文件',
      en: 'Send the file as multipart/form-data',
    });
  }
  const file = await request.file({ limits: { fileSize: MAX_RESIDENT_UPLOAD } });
  if (!file) {
    throw new AppError('VALIDATION_FAILED', { zh: '缺少文件', en: 'No file sent' }, [
      { field: 'file', message: { zh: '请选择文件', en: 'Choose a file' } },
    ]);
  }
  const buf = await file.toBuffer();
  if (file.file.truncated) {
    throw new AppError('PAYLOAD_TOO_LARGE', { zh: '文件超过上限', en: 'File over the limit' });
  }
  return { buf, filename: file.filename };
}

/** Registers the resident routes. */
export function residentRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/residents',
    { schema: { tags, summary: 'Register a resident', body: residentCreateSchema } },
    async (request) => {
      const user = requirePermission(request, 'resident:write');
      return createResident(ctx, user, request.body);
    }
  );

  r.get(
    '/api/residents',
    {
      schema: {
        tags,
        summary:
          'Search residents by ID number, phone, or name (+ birth date); masked unless resident:identifiers',
        querystring: residentSearchQuerySchema,
      },
    },
    async (request) => {
      const user = requirePermission(request, 'resident:read');
      return searchResidents(ctx, user, request.query.q, request.query.birthDate, breakGlassReason(request));
    }
  );

  r.get(
    '/api/residents/:id',
    {
      schema: {
        tags,
        summary: 'One resident (the read is logged)',
        params: idParams,
        querystring: readQuery,
      },
    },
    async (request) => {
      const user = requirePermission(request, 'resident:read');
      return getResident(ctx, user, request.params.id, {
        purpose: request.query.purpose ?? 'care',
        breakGlassReason: breakGlassReason(request),
      });
    }
  );

  r.put(
    '/api/residents/:id',
    {
      schema: {
        tags,
        summary: 'Change a resident (send the version read)',
        params: idParams,
        body: residentUpdateSchema,
      },
    },
    async (request) => {
      const user = requirePermission(request, 'resident:write');
      return updateResident(ctx, user, request.params.id, request.body);
    }
  );

  r.get(
    '/api/residents/:id/health-record',
    {
      schema: {
        tags,
        summary: 'A health record with its transfers (the read is logged)',
        params: idParams,
        querystring: readQuery,
      },
    },
    async (request) => {
      const user = requirePermission(request, 'resident:read');
      return getHealthRecord(ctx, user, request.params.id, {
        purpose: request.query.purpose ?? 'care',
        breakGlassReason: breakGlassReason(request),
      });
    }
  );

  r.put(
    '/api/residents/:id/health-record',
    {
      schema: {
        tags,
        summary: 'Open or change a health record (WS 365 basic data)',
        params: idParams,
        body: healthRecordWriteSchema,
      },
    },
    async (request) => {
      const user = requirePermission(request, 'resident:write');
      return writeHealthRecord(ctx, user, request.params.id, request.body);
    }
  );

  r.post(
    '/api/residents/:id/health-record/transfer',
    {
      schema: {
        tags,
        summary: 'Transfer a health record to another facility',
        params: idParams,
        body: healthRecordTransferSchema,
      },
    },
    async (request) => {
      const user = requirePermission(request, 'resident:write');
      return transferHealthRecord(ctx, user, request.params.id, request.body);
    }
  );

  r.post(
    '/api/residents/:id/merge',
    {
      schema: {
        tags,
        summary: 'Merge another record into this one',
        params: idParams,
        body: residentMergeSchema,
      },
    },
    async (request) => {
      const user = requirePermission(request, 'resident:merge');
      return mergeResidents(ctx, user, request.params.id, request.body.mergedId, request.body.reason);
    }
  );

  r.post(
    '/api/resident-merges/:id/undo',
    { schema: { tags, summary: 'Undo a merge', params: idParams } },
    async (request) => {
      const user = requirePermission(request, 'resident:merge');
      await unmergeResidents(ctx, user, request.params.id);
      return { ok: true };
    }
  );

  r.get(
    '/api/resident-duplicates',
    { schema: { tags, summary: 'The duplicate review queue' } },
    async (request) => {
      const user = requirePermission(request, 'resident:merge');
      return reviewQueue(ctx, user);
    }
  );

  r.post(
    '/api/resident-duplicates/:id/decide',
    {
      schema: {
        tags,
        summary: 'Decide a queued pair: distinct, or merge',
        params: idParams,
        body: matchDecisionSchema,
      },
    },
    async (request) => {
      const user = requirePermission(request, 'resident:merge');
      return decideCandidate(ctx, user, request.params.id, request.body);
    }
  );

  r.get(
    '/api/record-reads/review',
    { schema: { tags, summary: 'Break-the-glass reads awaiting review' } },
    async (request) => {
      const user = requirePermission(request, 'record:review');
      const rows = await pendingReviews(ctx.db, user.orgUnitCode);
      return rows.map((x) => ({
        ...x,
        at: x.at.toISOString(),
        reviewedAt: x.reviewedAt?.toISOString() ?? null,
      }));
    }
  );

  r.post(
    '/api/record-reads/:id/review',
    {
      schema: {
        tags,
        summary: 'Review a break-the-glass read',
        params: idParams,
        body: recordReadReviewSchema,
      },
    },
    async (request) => {
      const user = requirePermission(request, 'record:review');
      await reviewRead(ctx.db, actorOf(user, ctx.now()), user.orgUnitCode, request.params.id, request.body);
      return { ok: true };
    }
  );

  r.post(
    '/api/residents/import',
    {
      schema: {
        tags,
        summary:
          'Import residents from CSV or XLSX (multipart "file"); all or nothing; ?dryRun=true checks only',
        querystring: z.object({
          dryRun: z.enum(['true', 'false']).optional(),
          recordFacility: z.string().trim().min(1).max(64).optional(),
        }),
      },
    },
    async (request) => {
      const user = requirePermission(request, 'resident:write');
      const { buf, filename } = await uploaded(request);
      return importResidents(ctx, user, buf, filename, {
        dryRun: request.query.dryRun === 'true',
        recordFacility: request.query.recordFacility,
      });
    }
  );
}
