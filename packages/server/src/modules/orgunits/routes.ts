/** Org units within the caller's scope; adding units and moving them (effective-dated) for admins. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, isoDate, type OrgUnitView } from '@weijian/core';
import type { AppContext } from '../../context';
import { requirePermission, requireUser } from '../../http/auth';
import { actorOf } from '../audit';
import { addOrgUnits, chinaDay, isWithin, listOrgUnits, moveOrgUnit, type MoveListener } from './service';

const LEVELS = [
  'province',
  'city',
  'district',
  'county',
  'county-level city',
  'street',
  'township',
  'facility',
] as const;

/**
 * @param hooks.onMoved - what follows a move inside its transaction (app.ts passes the data
 *   module's roll-up of the values below the moved unit)
 */
export function orgUnitRoutes(app: FastifyInstance, ctx: AppContext, hooks: { onMoved: MoveListener }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/orgunits',
    { schema: { tags: ['orgunits'], summary: 'Org units at or below your own' } },
    async (request): Promise<OrgUnitView[]> => {
      const user = requireUser(request);
      const units = await listOrgUnits(ctx.db, user.orgUnitCode);
      return units.map((u) => ({ code: u.code, name: u.name, level: u.level, parent: u.parentCode }));
    }
  );

  r.post(
    '/api/orgunits',
    {
      schema: {
        tags: ['orgunits'],
        summary: 'Add org units (streets, facilities …) below your own',
        body: z.object({
          units: z
            .array(
              z.object({
                code: z.string().regex(/^[A-Za-z0-9]{2,24}$/),
                name: z.string().min(1).max(100),
                level: z.enum(LEVELS),
                parent: z.string().max(64),
                facilityType: z.string().max(50).optional(),
                grade: z.string().max(50).optional(),
                ownership: z.string().max(50).optional(),
              })
            )
            .min(1)
            .max(5000),
        }),
      },
    },
    async (request) => {
      const user = requirePermission(request, 'user:manage');
      const fresh = new Set(request.body.units.map((u) => u.code));
      for (const [i, u] of request.body.units.entries()) {
        if (!fresh.has(u.parent) && !(await isWithin(ctx.db, u.parent, user.orgUnitCode))) {
          throw new AppError(
            'FORBIDDEN',
            {
              zh: `第 ${i + 1} 个机构的上级 ${u.parent} 不在您的范围内`,
              en: `Unit ${i + 1}: parent ${u.parent} is outside your scope`,
            },
            [
              {
                row: i + 1,
                field: 'parent',
                value: u.parent,
                message: { zh: '超出范围或不存在', en: 'Outside scope or unknown' },
              },
            ]
          );
        }
      }
      const added = await addOrgUnits(
        ctx.db,
        actorOf(user, ctx.now()),
        request.body.units.map((u) => ({ ...u, parentCode: u.parent }))
      );
      return { added };
    }
  );

  r.post(
    '/api/orgunits/:code/move',
    {
      schema: {
        tags: ['orgunits'],
        summary: 'Move a unit under another parent from a date (区划调整); past data keeps its old hierarchy',
        params: z.object({ code: z.string().max(64) }),
        body: z.object({ parent: z.string().max(64), validFrom: isoDate }),
      },
    },
    async (request) => {
      const user = requirePermission(request, 'user:manage');
      for (const [field, code] of [
        ['code', request.params.code],
        ['parent', request.body.parent],
      ] as const) {
        if (!(await isWithin(ctx.db, code, user.orgUnitCode))) {
          // Unknown and out-of-scope units answer alike, so codes outside one's scope cannot be probed.
          throw new AppError(
            'NOT_FOUND',
            {
              zh: `机构不存在或不在您的范围内：${code}`,
              en: `Unknown org unit or outside your scope: ${code}`,
            },
            [{ field, value: code, message: { zh: '机构编码无效', en: 'Invalid org unit' } }]
          );
        }
      }
      const { effective } = await moveOrgUnit(
        ctx.db,
        actorOf(user, ctx.now()),
        request.params.code,
        request.body.parent,
        request.body.validFrom,
        chinaDay(ctx.now()),
        hooks.onMoved
      );
      return { ok: true, effective };
    }
  );
}
