/**
 * Referral routes. Thin: permission here, scope and rules in the service.
 * - POST /api/referrals — send (programme:write; the sending facility in scope)
 * - POST /api/referrals/:id/decision — accept, decline with reason, complete (programme:write; the
 *   receiving facility in scope)
 * - GET  /api/referrals — a facility's incoming or outgoing worklist (resident:read; facility in scope)
 * - GET  /api/residents/:id/referrals — a resident's referrals and timeline (resident:read; logged)
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { REFERRAL_STATUSES, newReferralSchema, referralDecisionSchema } from '@weijian/core';
import type { AppContext } from '../../context';
import { requirePermission } from '../../http/auth';
import { decideReferral, referralWorklist, residentReferrals, sendReferral } from './service';

const tags = ['referrals'];
const idParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

/** Registers the referral routes. */
export function referralRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/referrals',
    { schema: { tags, summary: 'Send a referral', body: newReferralSchema } },
    async (request) => {
      const user = requirePermission(request, 'programme:write');
      return sendReferral(ctx.db, user, ctx.now(), request.body);
    }
  );
  r.post(
    '/api/referrals/:id/decision',
    {
      schema: {
        tags,
        summary: 'Accept, decline or complete a referral',
        params: idParams,
        body: referralDecisionSchema,
      },
    },
    async (request) => {
      const user = requirePermission(request, 'programme:write');
      await decideReferral(ctx.db, user, ctx.now(), request.params.id, request.body);
      return { ok: true };
    }
  );
  r.get(
    '/api/referrals',
    {
      schema: {
        tags,
        summary: "A facility's incoming (receiving) or outgoing referral worklist",
        querystring: z.object({
          facility: z.string().min(1).max(64),
          box: z.enum(['incoming', 'outgoing']).default('incoming'),
          status: z.enum(REFERRAL_STATUSES).optional(),
        }),
      },
    },
    async (request) => {
      const user = requirePermission(request, 'resident:read');
      const { facility, box, status } = request.query;
      return referralWorklist(ctx.db, ctx.fieldCipher, user, {
        facility,
        box,
        ...(status ? { status: [status] } : {}),
      });
    }
  );
  r.get(
    '/api/residents/:id/referrals',
    {
      schema: {
        tags,
        summary: "A resident's referrals with timeline entries at both ends (a logged read)",
        params: idParams,
      },
    },
    async (request) => {
      const user = requirePermission(request, 'resident:read');
      return residentReferrals(ctx.db, ctx.fieldCipher, user, ctx.now(), request.params.id);
    }
  );
}
