/**
 * `GET /api/programmes/rule-sets`: the rule sets in force for a unit's region on a day, for the
 * web's generated visit forms. Catalogue data (no person in it): every role that reads the
 * catalogue may read it, whatever its scope.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ruleSetFor, ruleSetQuerySchema, type ProgrammeRuleSetView } from '@weijian/core';
import type { AppContext } from '../../context';
import { requirePermission } from '../../http/auth';
import { chinaDay } from '../orgunits';
import { programmeCodes, ruleSets } from './rule-sets';

/** Registers the rule-set route. */
export function ruleSetRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/programmes/rule-sets',
    {
      schema: {
        tags: ['programmes'],
        summary: "Rule sets in force for a unit's region on a day: event types, fields, end reasons",
        querystring: ruleSetQuerySchema,
      },
    },
    (request): ProgrammeRuleSetView[] => {
      requirePermission(request, 'catalogue:read');
      const date = request.query.date ?? chinaDay(ctx.now());
      // Without a unit only national rule sets apply: '' starts with no region prefix.
      const region = request.query.unit ?? '';
      return programmeCodes().flatMap((code) => {
        const rs = ruleSetFor(ruleSets(), code, region, date);
        if (!rs) return [];
        return [
          {
            code: rs.code,
            version: rs.version,
            name: rs.name,
            basis: rs.basis,
            region: rs.region ?? null,
            effectiveFrom: rs.effectiveFrom,
            unit: rs.unit,
            eventTypes: rs.eventTypes,
            endReasons: rs.enrolment.endReasons,
          },
        ];
      });
    }
  );
}
