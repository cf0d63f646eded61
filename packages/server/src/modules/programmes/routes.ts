/** Programme routes: thin; the services check scope, rules and write in one transaction. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AppError,
  endInputSchema,
  enrolInputSchema,
  eventCorrectionSchema,
  eventInputSchema,
  eventVoidSchema,
  transferInputSchema,
  type ProgrammeSaveResult,
  type ProgrammeTimeline,
} from '@weijian/core';
import type { AppContext } from '../../context';
import { requirePermission, requireUser } from '../../http/auth';
import { LOCAL_CLI_USER } from '../auth';
import { verifyProgrammes, type VerifyReport } from './verify';
import { actorOf } from '../audit';
import { correctEventOf, endEnrolment, enrol, recordEvent, transfer, voidEventOf } from './service';
import { programmeTimeline } from './timeline';

const rowId = z.coerce.number().int().positive().max(2_147_483_647);
const residentParams = z.object({ id: rowId });
const eventParams = z.object({ id: rowId, eventId: rowId });
const tags = ['programmes'];

export function programmeRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/admin/programmes/verify',
    { schema: { tags, summary: 'Recount every programme membership (local command only)' } },
    async (request): Promise<VerifyReport> => {
      const user = requireUser(request);
      if (user !== LOCAL_CLI_USER) {
        throw new AppError('FORBIDDEN', {
          zh: '重算核对只能由服务器本机的 weijian 命令发起',
          en: 'Only the weijian command on the server machine may run the recount',
        });
      }
      return verifyProgrammes(ctx.db, ctx.now());
    }
  );
  r.get(
    '/api/residents/:id/programmes',
    {
      schema: {
        tags,
        summary: "A resident's programmes: segments, events, this year's rules, next due",
        params: residentParams,
      },
    },
    async (request): Promise<ProgrammeTimeline[]> => {
      const user = requirePermission(request, 'resident:read');
      return programmeTimeline(ctx.db, actorOf(user, ctx.now()), user.orgUnitCode, request.params.id);
    }
  );
  r.post(
    '/api/residents/:id/enrolments',
    {
      schema: {
        tags,
        summary: 'Enrol a resident in a programme',
        params: residentParams,
        body: enrolInputSchema,
      },
    },
    async (request): Promise<ProgrammeSaveResult> => {
      const user = requirePermission(request, 'programme:write');
      return enrol(ctx.db, actorOf(user, ctx.now()), user.orgUnitCode, request.params.id, request.body);
    }
  );
  r.post(
    '/api/residents/:id/enrolments/end',
    {
      schema: {
        tags,
        summary: 'End management (death, moved away …)',
        params: residentParams,
        body: endInputSchema,
      },
    },
    async (request): Promise<ProgrammeSaveResult> => {
      const user = requirePermission(request, 'programme:write');
      return endEnrolment(
        ctx.db,
        actorOf(user, ctx.now()),
        user.orgUnitCode,
        request.params.id,
        request.body
      );
    }
  );
  r.post(
    '/api/residents/:id/transfers',
    {
      schema: {
        tags,
        summary: 'Transfer management to another facility',
        params: residentParams,
        body: transferInputSchema,
      },
    },
    async (request): Promise<ProgrammeSaveResult> => {
      const user = requirePermission(request, 'programme:write');
      return transfer(ctx.db, actorOf(user, ctx.now()), user.orgUnitCode, request.params.id, request.body);
    }
  );
  r.post(
    '/api/residents/:id/events',
    {
      schema: {
        tags,
        summary: 'Record a service event (follow-up, check …)',
        params: residentParams,
        body: eventInputSchema,
      },
    },
    async (request): Promise<ProgrammeSaveResult> => {
      const user = requirePermission(request, 'programme:write');
      return recordEvent(ctx.db, actorOf(user, ctx.now()), user.orgUnitCode, request.params.id, request.body);
    }
  );
  r.patch(
    '/api/residents/:id/events/:eventId',
    {
      schema: { tags, summary: 'Correct a service event', params: eventParams, body: eventCorrectionSchema },
    },
    async (request): Promise<ProgrammeSaveResult> => {
      const user = requirePermission(request, 'programme:write');
      const p = request.params;
      return correctEventOf(
        ctx.db,
        actorOf(user, ctx.now()),
        user.orgUnitCode,
        p.id,
        p.eventId,
        request.body
      );
    }
  );
  r.delete(
    '/api/residents/:id/events/:eventId',
    {
      schema: {
        tags,
        summary: 'Void a service event, with the reason',
        params: eventParams,
        body: eventVoidSchema,
      },
    },
    async (request): Promise<ProgrammeSaveResult> => {
      const user = requirePermission(request, 'programme:write');
      const p = request.params;
      return voidEventOf(ctx.db, actorOf(user, ctx.now()), user.orgUnitCode, p.id, p.eventId, request.body);
    }
  );
}
