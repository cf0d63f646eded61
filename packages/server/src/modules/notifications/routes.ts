/** Notifications API: the caller's own inbox and choices; an administrator's sweep of a unit. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { InboxView, NotificationPreferences } from '@weijian/core';
import type { AppContext } from '../../context';
import { requirePermission, requireUser } from '../../http/auth';
import { actorOf } from '../audit';
import type { SessionUser } from '../auth';
import { getPreferences, inbox, markRead, setPreferences, sweepNotifications } from './service';

/** The signed-in user as a recipient (the local command line has no inbox). */
function recipient(user: SessionUser): { id: number; role: SessionUser['role']; orgUnit: string } | null {
  return user.id === null ? null : { id: user.id, role: user.role, orgUnit: user.orgUnitCode };
}

export function notificationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'The caller’s inbox, brought up to date, with the unread count',
      },
    },
    async (request): Promise<InboxView> => {
      const me = recipient(requireUser(request));
      return me ? inbox(ctx.db, ctx.catalogue, me, ctx.now()) : { unread: 0, items: [] };
    }
  );

  r.post(
    '/api/notifications/read',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark the caller’s notifications read (these ids, or all)',
        body: z.object({ ids: z.array(z.number().int().positive().max(2_147_483_647)).max(1000).optional() }),
      },
    },
    async (request) => {
      const user = requireUser(request);
      const changed = user.id === null ? 0 : await markRead(ctx.db, user.id, request.body.ids, ctx.now());
      return { changed };
    }
  );

  r.get(
    '/api/notifications/preferences',
    { schema: { tags: ['notifications'], summary: 'Which kinds of notification the caller receives' } },
    async (request): Promise<NotificationPreferences> => {
      const user = requireUser(request);
      return user.id === null
        ? { signal: true, overdue: true, approval: true }
        : getPreferences(ctx.db, user.id);
    }
  );

  r.post(
    '/api/notifications/preferences',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Choose which kinds of notification the caller receives',
        body: z
          .object({
            signal: z.boolean().optional(),
            overdue: z.boolean().optional(),
            approval: z.boolean().optional(),
          })
          .strict(),
      },
    },
    async (request): Promise<NotificationPreferences> => {
      const user = requireUser(request);
      if (user.id === null) return { signal: true, overdue: true, approval: true };
      const b = request.body;
      return setPreferences(ctx.db, actorOf(user, ctx.now()), user.id, {
        ...(b.signal === undefined ? {} : { signal: b.signal }),
        ...(b.overdue === undefined ? {} : { overdue: b.overdue }),
        ...(b.approval === undefined ? {} : { approval: b.approval }),
      });
    }
  );

  r.post(
    '/api/notifications/sweep',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Bring the inbox of every active user at or below a unit up to date',
        body: z.object({ orgUnit: z.string().min(1).max(64) }),
      },
    },
    async (request) => {
      const user = requirePermission(request, 'user:manage');
      return sweepNotifications(
        ctx.db,
        ctx.catalogue,
        actorOf(user, ctx.now()),
        user.orgUnitCode,
        request.body.orgUnit
      );
    }
  );
}
