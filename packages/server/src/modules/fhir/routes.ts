/**
 * The FHIR R4 facade's routes under `/fhir/R4`: thin — each checks the permission the equivalent
 * REST route needs, reads its parameters and calls the facade's services, which call the other
 * modules' services (scope, masking and the read log are theirs). Answers are
 * `application/fhir+json`; errors are OperationOutcomes (`outcome.ts`). Bodies may be sent as
 * `application/fhir+json` or `application/json`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fhir } from '@weijian/core';
import type { AppContext } from '../../context';
import { requirePermission } from '../../http/auth';
import { baseOf, callerOf } from './caller';
import { immunizations, recommendation, referrals } from './care';
import { FHIR_JSON, fhirErrorHandler } from './outcome';
import { dateParam, patientParam, singleDay, tokenParam } from './params';
import { readPatient, searchPatients } from './patients';
import {
  encounters,
  episodes,
  observations,
  readEncounter,
  readEpisode,
  readObservation,
} from './programmes';
import { transact } from './transaction';

const tags = ['fhir'];
const VERSION = '0.1.0';
const rowId = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const day = z.string().max(12);
const dates = z.union([day, z.array(day).max(4)]).optional();
const patient = z.string().min(1).max(40);
const byPatient = z.object({ patient });

const selfUrl = (request: FastifyRequest): string =>
  `${baseOf(request).replace(/\/fhir\/R4$/, '')}${request.url}`;

/** Registers the facade (an encapsulated scope: its own error handler and body parser). */
export async function fhirRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register((scope, _opts, done) => {
    scope.setErrorHandler(fhirErrorHandler);
    scope.addContentTypeParser(
      'application/fhir+json',
      { parseAs: 'string' },
      scope.getDefaultJsonParser('error', 'error')
    );
    scope.addHook('onRequest', (_request, reply, next) => {
      void reply.type(FHIR_JSON);
      next();
    });
    routes(scope, ctx);
    done();
  });
}

function routes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const reader = (request: FastifyRequest) =>
    callerOf(request, requirePermission(request, 'resident:read'), ctx.now());

  r.get(
    '/fhir/R4/metadata',
    { schema: { tags, summary: 'FHIR CapabilityStatement: exactly what the facade supports' } },
    (request) => fhir.capabilityStatement(baseOf(request), ctx.now().toISOString(), VERSION)
  );

  r.get(
    '/fhir/R4/Patient',
    {
      schema: {
        tags,
        summary:
          'Search patients by identifier (system|value), name, birthdate; every match is a logged read',
        querystring: z.object({
          identifier: z.string().min(1).max(200).optional(),
          name: z.string().trim().min(1).max(100).optional(),
          birthdate: day.optional(),
        }),
      },
    },
    async (request) => {
      const c = reader(request);
      const q = request.query;
      const birthdate = q.birthdate === undefined ? undefined : singleDay(q.birthdate, '', 'birthdate');
      return searchPatients(ctx, c, { identifier: q.identifier, name: q.name, birthdate }, selfUrl(request));
    }
  );

  r.get(
    '/fhir/R4/Patient/:id',
    { schema: { tags, summary: 'One patient (masked per role; the read is logged)', params: rowId } },
    async (request) => readPatient(ctx, reader(request), request.params.id)
  );

  r.get(
    '/fhir/R4/EpisodeOfCare',
    { schema: { tags, summary: "A patient's enrolment segments", querystring: byPatient } },
    async (request) => {
      const list = await episodes(ctx, reader(request), patientParam(request.query.patient));
      return fhir.searchBundle(list, baseOf(request), list.length, selfUrl(request));
    }
  );
  r.get(
    '/fhir/R4/EpisodeOfCare/:id',
    { schema: { tags, summary: 'One enrolment segment', params: rowId } },
    async (request) => readEpisode(ctx, reader(request), request.params.id)
  );

  r.get(
    '/fhir/R4/Encounter',
    {
      schema: {
        tags,
        summary: "A patient's programme service events",
        querystring: z.object({ patient, date: dates }),
      },
    },
    async (request) => {
      const date = dateParam(request.query.date);
      const list = await encounters(ctx, reader(request), patientParam(request.query.patient), { date });
      return fhir.searchBundle(list, baseOf(request), list.length, selfUrl(request));
    }
  );
  r.get(
    '/fhir/R4/Encounter/:id',
    { schema: { tags, summary: 'One service event', params: rowId } },
    async (request) => readEncounter(ctx, reader(request), request.params.id)
  );

  r.get(
    '/fhir/R4/Observation',
    {
      schema: {
        tags,
        summary: "A patient's blood pressure (LOINC 85354-9) and fasting glucose (14771-0)",
        querystring: z.object({ patient, date: dates, code: z.string().min(1).max(200).optional() }),
      },
    },
    async (request) => {
      const date = dateParam(request.query.date);
      const code = tokenParam(request.query.code);
      const list = await observations(ctx, reader(request), patientParam(request.query.patient), {
        date,
        code,
      });
      return fhir.searchBundle(list, baseOf(request), list.length, selfUrl(request));
    }
  );
  r.get(
    '/fhir/R4/Observation/:id',
    {
      schema: {
        tags,
        summary: 'One observation (<event>-bp or <event>-fbg)',
        params: z.object({ id: z.string().min(1).max(24) }),
      },
    },
    async (request) => readObservation(ctx, reader(request), request.params.id)
  );

  r.get(
    '/fhir/R4/Immunization',
    { schema: { tags, summary: "A child's doses (schedule codes, not CVX)", querystring: byPatient } },
    async (request) => {
      const list = await immunizations(ctx, reader(request), patientParam(request.query.patient));
      return fhir.searchBundle(list, baseOf(request), list.length, selfUrl(request));
    }
  );
  r.get(
    '/fhir/R4/ImmunizationRecommendation',
    {
      schema: {
        tags,
        summary: "A child's due list on a day (today by default)",
        querystring: z.object({ patient, date: day.optional() }),
      },
    },
    async (request) => {
      const c = reader(request);
      const asOf = request.query.date === undefined ? undefined : singleDay(request.query.date, '');
      const one = await recommendation(ctx, c, patientParam(request.query.patient), asOf);
      return fhir.searchBundle([one], baseOf(request), 1, selfUrl(request));
    }
  );
  r.get(
    '/fhir/R4/ServiceRequest',
    { schema: { tags, summary: "A patient's referrals", querystring: byPatient } },
    async (request) => {
      const list = await referrals(
        ctx,
        reader(request),
        patientParam(request.query.patient),
        'ServiceRequest'
      );
      return fhir.searchBundle(list, baseOf(request), list.length, selfUrl(request));
    }
  );
  r.get(
    '/fhir/R4/Task',
    {
      schema: {
        tags,
        summary: "The receiving facility's work on a patient's referrals",
        querystring: byPatient,
      },
    },
    async (request) => {
      const list = await referrals(ctx, reader(request), patientParam(request.query.patient), 'Task');
      return fhir.searchBundle(list, baseOf(request), list.length, selfUrl(request));
    }
  );

  r.post(
    '/fhir/R4',
    {
      schema: {
        tags,
        summary:
          'Transaction Bundle: a patient (new, Patient/<id> or ifNoneExist), enrolments, encounters and observations, all or nothing',
        body: fhir.transactionBundleSchema,
      },
    },
    async (request) => {
      const user = requirePermission(request, 'programme:write');
      return transact(ctx, callerOf(request, user, ctx.now()), request.body);
    }
  );
}
