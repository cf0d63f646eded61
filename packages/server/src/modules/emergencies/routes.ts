/** Emergency API: events and their tasks, teams and experts, the reserve, the command board and situation reports. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  can,
  drillInputSchema,
  equipmentInputSchema,
  eventNoteSchema,
  eventOpenSchema,
  eventTransitionSchema,
  expertInputSchema,
  holderInputSchema,
  issueSchema,
  linkCasesSchema,
  memberInputSchema,
  receiptSchema,
  rotationSchema,
  taskInputSchema,
  taskStatusSchema,
  teamInputSchema,
  transferSchema,
} from '@weijian/core';
import type { AppContext } from '../../context';
import { requirePermission } from '../../http/auth';
import { attachment } from '../../http/content-disposition';
import { actorOf } from '../audit';
import { commandBoard } from './board';
import { addEventStep, eventDetail, linkEventCases, listEvents, openEvent, transitionEvent } from './events';
import { createHolder, issue, receive, reserveIndicators, rotate, stock, transfer } from './reserve';
import { issueSitrep } from './sitrep';
import { addEventTask, setEventTaskStatus } from './tasks';
import {
  addDrill,
  addExpert,
  addMember,
  createTeam,
  listExperts,
  listTeams,
  setEquipment,
  teamDetail,
  teamIndicators,
} from './teams';

const id = z.coerce.number().int().positive().max(2_147_483_647);
const idParams = z.object({ id });
const tags = ['emergencies'];
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Registers the emergency routes. */
export function emergencyRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const read = (request: Parameters<typeof requirePermission>[0]) =>
    requirePermission(request, 'emergency:read');
  const manage = (request: Parameters<typeof requirePermission>[0]) => {
    const user = requirePermission(request, 'emergency:manage');
    return { user, actor: actorOf(user, ctx.now()) };
  };

  // ---- events ----
  r.get(
    '/api/emergencies/events',
    {
      schema: {
        tags,
        summary: 'Events in scope',
        querystring: z.object({ open: z.enum(['true', 'false']).optional() }),
      },
    },
    async (request) => {
      const user = read(request);
      return listEvents(ctx.db, user.orgUnitCode, ctx.now(), { open: request.query.open === 'true' });
    }
  );
  r.post(
    '/api/emergencies/events',
    { schema: { tags, summary: 'Open an event by hand or from an escalated signal', body: eventOpenSchema } },
    async (request) => {
      const { user, actor } = manage(request);
      return { id: await openEvent(ctx.db, actor, user.orgUnitCode, request.body) };
    }
  );
  r.get(
    '/api/emergencies/events/:id',
    {
      schema: { tags, summary: 'An event: timeline, countdowns, tasks, line list, curve', params: idParams },
    },
    async (request) => {
      const user = read(request);
      return eventDetail(ctx.db, user.orgUnitCode, request.params.id, ctx.now());
    }
  );
  r.post(
    '/api/emergencies/events/:id/transition',
    {
      schema: {
        tags,
        summary: 'Lifecycle step (report, verify, grade, respond, end, close)',
        params: idParams,
        body: eventTransitionSchema,
      },
    },
    async (request) => {
      const { user, actor } = manage(request);
      await transitionEvent(ctx.db, actor, user.orgUnitCode, request.params.id, request.body);
      return { ok: true };
    }
  );
  r.post(
    '/api/emergencies/events/:id/steps',
    {
      schema: {
        tags,
        summary: 'Government informed, or a note on the timeline',
        params: idParams,
        body: eventNoteSchema,
      },
    },
    async (request) => {
      const { user, actor } = manage(request);
      await addEventStep(ctx.db, actor, user.orgUnitCode, request.params.id, request.body);
      return { ok: true };
    }
  );
  r.post(
    '/api/emergencies/events/:id/cases',
    { schema: { tags, summary: 'Link case reports to an event', params: idParams, body: linkCasesSchema } },
    async (request) => {
      const { user, actor } = manage(request);
      return {
        added: await linkEventCases(ctx.db, actor, user.orgUnitCode, request.params.id, request.body.caseIds),
      };
    }
  );
  r.post(
    '/api/emergencies/events/:id/tasks',
    { schema: { tags, summary: 'Assign a task to a team or unit', params: idParams, body: taskInputSchema } },
    async (request) => {
      const { user, actor } = manage(request);
      return { id: await addEventTask(ctx.db, actor, user.orgUnitCode, request.params.id, request.body) };
    }
  );
  r.post(
    '/api/emergencies/tasks/:id/status',
    {
      schema: {
        tags,
        summary: 'Move a task (in progress, done, cancelled)',
        params: idParams,
        body: taskStatusSchema,
      },
    },
    async (request) => {
      const { user, actor } = manage(request);
      await setEventTaskStatus(ctx.db, actor, user.orgUnitCode, request.params.id, request.body);
      return { ok: true };
    }
  );
  r.post(
    '/api/emergencies/events/:id/sitrep',
    {
      schema: {
        tags,
        summary: 'Issue a situation report (docx, zh or en)',
        params: idParams,
        querystring: z.object({ lang: z.enum(['zh', 'en']).default('zh') }),
      },
    },
    async (request, reply) => {
      const { user, actor } = manage(request);
      const body = await issueSitrep(
        ctx.db,
        actor,
        user.orgUnitCode,
        request.params.id,
        request.query.lang,
        ctx.now()
      );
      void reply.header('content-type', DOCX);
      void reply.header(
        'content-disposition',
        attachment(`sitrep-${request.params.id}-${request.query.lang}.docx`)
      );
      return reply.send(body);
    }
  );
  r.get(
    '/api/emergencies/board',
    { schema: { tags, summary: 'Command board', querystring: z.object({ event: id.optional() }) } },
    async (request) => {
      const user = read(request);
      return commandBoard(ctx.db, user.orgUnitCode, ctx.now(), request.query.event);
    }
  );

  // ---- teams and experts ----
  r.get(
    '/api/emergencies/teams',
    { schema: { tags, summary: 'Response teams with compliance, training and drills' } },
    async (request) => {
      const user = read(request);
      return listTeams(ctx.db, user.orgUnitCode, ctx.now());
    }
  );
  r.post(
    '/api/emergencies/teams',
    { schema: { tags, summary: 'Create a team', body: teamInputSchema } },
    async (request) => {
      const { user, actor } = manage(request);
      return { id: await createTeam(ctx.db, actor, user.orgUnitCode, request.body) };
    }
  );
  r.get(
    '/api/emergencies/teams/indicators',
    {
      schema: {
        tags,
        summary: 'Equipment compliance, drills per year, members trained',
        querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100) }),
      },
    },
    async (request) => {
      const user = read(request);
      return teamIndicators(ctx.db, user.orgUnitCode, request.query.year);
    }
  );
  r.get(
    '/api/emergencies/teams/:id',
    { schema: { tags, summary: 'A team: roster, equipment against the standard, drills', params: idParams } },
    async (request) => {
      const user = read(request);
      return teamDetail(
        ctx.db,
        user.orgUnitCode,
        request.params.id,
        ctx.now(),
        can(user.role, 'emergency:contacts')
      );
    }
  );
  r.post(
    '/api/emergencies/teams/:id/members',
    { schema: { tags, summary: 'Add a member', params: idParams, body: memberInputSchema } },
    async (request) => {
      const { user, actor } = manage(request);
      return { id: await addMember(ctx.db, actor, user.orgUnitCode, request.params.id, request.body) };
    }
  );
  r.put(
    '/api/emergencies/teams/:id/equipment',
    { schema: { tags, summary: 'Set equipment held', params: idParams, body: equipmentInputSchema } },
    async (request) => {
      const { user, actor } = manage(request);
      await setEquipment(ctx.db, actor, user.orgUnitCode, request.params.id, request.body);
      return { ok: true };
    }
  );
  r.post(
    '/api/emergencies/teams/:id/drills',
    {
      schema: { tags, summary: 'Record a drill and its findings', params: idParams, body: drillInputSchema },
    },
    async (request) => {
      const { user, actor } = manage(request);
      return {
        id: await addDrill(
          ctx.db,
          actor,
          user.orgUnitCode,
          request.params.id,
          request.body,
          ctx.now().toISOString().slice(0, 10)
        ),
      };
    }
  );
  r.get(
    '/api/emergencies/experts',
    {
      schema: {
        tags,
        summary: 'Expert pool by speciality',
        querystring: z.object({ speciality: z.string().max(100).optional() }),
      },
    },
    async (request) => {
      const user = read(request);
      return listExperts(
        ctx.db,
        user.orgUnitCode,
        can(user.role, 'emergency:contacts'),
        request.query.speciality
      );
    }
  );
  r.post(
    '/api/emergencies/experts',
    { schema: { tags, summary: 'Add an expert', body: expertInputSchema } },
    async (request) => {
      const { user, actor } = manage(request);
      return { id: await addExpert(ctx.db, actor, user.orgUnitCode, request.body) };
    }
  );

  // ---- the reserve ----
  r.get(
    '/api/emergencies/reserve/stock',
    { schema: { tags, summary: 'Stock by holder and item: norms, shortfalls, lots, days of supply' } },
    async (request) => {
      const user = read(request);
      return stock(ctx.db, user.orgUnitCode, ctx.now());
    }
  );
  r.get(
    '/api/emergencies/reserve/indicators',
    { schema: { tags, summary: 'Items at norm by level, expired stock, lots to rotate' } },
    async (request) => {
      const user = read(request);
      return reserveIndicators(await stock(ctx.db, user.orgUnitCode, ctx.now()));
    }
  );
  r.post(
    '/api/emergencies/reserve/holders',
    { schema: { tags, summary: 'Add a holder (warehouse, facility, enterprise)', body: holderInputSchema } },
    async (request) => {
      const { user, actor } = manage(request);
      await createHolder(ctx.db, actor, user.orgUnitCode, request.body);
      return { ok: true };
    }
  );
  r.post(
    '/api/emergencies/reserve/receipts',
    { schema: { tags, summary: 'Receive a lot', body: receiptSchema } },
    async (request) => {
      const { user, actor } = manage(request);
      return { lotId: await receive(ctx.db, actor, user.orgUnitCode, request.body) };
    }
  );
  r.post(
    '/api/emergencies/reserve/issues',
    {
      schema: {
        tags,
        summary: 'Issue stock (earliest expiry first), optionally to an event',
        body: issueSchema,
      },
    },
    async (request) => {
      const { user, actor } = manage(request);
      await issue(ctx.db, actor, user.orgUnitCode, request.body);
      return { ok: true };
    }
  );
  r.post(
    '/api/emergencies/reserve/transfers',
    { schema: { tags, summary: 'Transfer stock between holders (调拨)', body: transferSchema } },
    async (request) => {
      const { user, actor } = manage(request);
      await transfer(ctx.db, actor, user.orgUnitCode, request.body);
      return { ok: true };
    }
  );
  r.post(
    '/api/emergencies/reserve/rotations',
    { schema: { tags, summary: 'Rotate a lot out before (or after) expiry', body: rotationSchema } },
    async (request) => {
      const { user, actor } = manage(request);
      return {
        rotated: await rotate(ctx.db, actor, user.orgUnitCode, request.body.lotId, request.body.note),
      };
    }
  );
}
