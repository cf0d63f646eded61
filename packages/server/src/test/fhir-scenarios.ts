/**
 * Route-walk scenarios of the FHIR facade: each read is aimed at a resident of the district walked
 * (registered through the residents service, or the programmes and immunization fixtures), the
 * transaction writes a follow-up with its blood pressure for an enrolled resident of the district.
 */
import type { Db } from '../db/connection';
import { insertChild } from './imm-fixture';
import { walkResident } from './resident-scenarios';
import { enrolledResident } from './residents-fixture';
import type { Ctx, Req, Scenario } from './route-scenarios';
import type { District } from './security-fixture';

const cached = new WeakMap<Db, Map<string, number>>();

async function once(db: Db, key: string, make: () => Promise<number>): Promise<number> {
  const map = cached.get(db) ?? new Map<string, number>();
  cached.set(db, map);
  let id = map.get(key);
  if (id === undefined) {
    id = await make();
    map.set(key, id);
  }
  return id;
}

const resident = (d: District, c: Ctx) => once(c.db, `${d.label}:resident`, () => walkResident(c.db, d));
const SEARCH_NAME = '东方同名';
const named = (d: District, c: Ctx) =>
  once(c.db, `${d.label}:named`, () => walkResident(c.db, d, { name: SEARCH_NAME }));
const enrolled = async (d: District, c: Ctx) => {
  const residentId = await once(c.db, `${d.label}:enrolled`, async () => {
    const r = await enrolledResident(c.db, d.district, d.facility);
    const map = cached.get(c.db);
    map?.set(`${d.label}:event`, r.eventId);
    return r.residentId;
  });
  const eventId = cached.get(c.db)?.get(`${d.label}:event`) ?? 0;
  return { residentId, eventId };
};
const child = (d: District, c: Ctx) =>
  once(c.db, `${d.label}:child`, () =>
    insertChild(c.db, { birthDate: '2025-05-01', homeUnit: d.streets[0] }, undefined, false)
  );

const PROGRAMME = 'http://localhost:80/fhir/CodeSystem/programme';

/** A transaction bundle: one clinic follow-up with its blood pressure for an existing resident. */
function followUp(residentId: number): Req {
  return {
    method: 'POST',
    url: '/fhir/R4',
    payload: {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: 'urn:uuid:e1',
          request: { method: 'POST', url: 'Encounter' },
          resource: {
            resourceType: 'Encounter',
            status: 'finished',
            class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
            type: [
              { coding: [{ system: PROGRAMME, code: 'HTN' }] },
              { coding: [{ system: `${PROGRAMME}-event/HTN`, code: 'follow-up' }] },
            ],
            subject: { reference: `Patient/${String(residentId)}` },
            period: { start: '2026-05-20' },
            extension: [
              {
                url: 'http://localhost:80/fhir/StructureDefinition/event-field/classification',
                valueCode: 'controlled',
              },
            ],
          },
        },
        {
          request: { method: 'POST', url: 'Observation' },
          resource: {
            resourceType: 'Observation',
            status: 'final',
            code: { coding: [{ system: 'http://loinc.org', code: '85354-9' }] },
            encounter: { reference: 'urn:uuid:e1' },
            component: [
              {
                code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] },
                valueQuantity: { value: 128, code: 'mm[Hg]' },
              },
              {
                code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] },
                valueQuantity: { value: 82, code: 'mm[Hg]' },
              },
            ],
          },
        },
      ],
    },
  };
}

/** Scenarios of every FHIR route but the CapabilityStatement (unscoped). */
export const FHIR_SCENARIOS: Record<string, Scenario> = {
  'GET /fhir/R4/Patient': {
    permission: 'resident:read',
    list: true,
    request: async (d, c) => {
      await named(d, c);
      return { url: `/fhir/R4/Patient?name=${encodeURIComponent(SEARCH_NAME)}` };
    },
  },
  'GET /fhir/R4/Patient/:id': {
    permission: 'resident:read',
    request: async (d, c) => ({ url: `/fhir/R4/Patient/${String(await resident(d, c))}` }),
  },
  'GET /fhir/R4/EpisodeOfCare': {
    permission: 'resident:read',
    request: async (d, c) => ({
      url: `/fhir/R4/EpisodeOfCare?patient=Patient/${String((await enrolled(d, c)).residentId)}`,
    }),
  },
  'GET /fhir/R4/EpisodeOfCare/:id': {
    permission: 'resident:read',
    request: async (d, c) => {
      const { residentId } = await enrolled(d, c);
      const row = await c.db
        .selectFrom('programme_enrolments')
        .select('id')
        .where('resident_id', '=', residentId)
        .executeTakeFirstOrThrow();
      return { url: `/fhir/R4/EpisodeOfCare/${String(row.id)}` };
    },
  },
  'GET /fhir/R4/Encounter': {
    permission: 'resident:read',
    request: async (d, c) => ({
      url: `/fhir/R4/Encounter?patient=${String((await enrolled(d, c)).residentId)}&date=ge2026-01-01`,
    }),
  },
  'GET /fhir/R4/Encounter/:id': {
    permission: 'resident:read',
    request: async (d, c) => ({ url: `/fhir/R4/Encounter/${String((await enrolled(d, c)).eventId)}` }),
  },
  'GET /fhir/R4/Observation': {
    permission: 'resident:read',
    request: async (d, c) => ({
      url: `/fhir/R4/Observation?patient=${String((await enrolled(d, c)).residentId)}&code=85354-9`,
    }),
  },
  'GET /fhir/R4/Observation/:id': {
    permission: 'resident:read',
    request: async (d, c) => ({ url: `/fhir/R4/Observation/${String((await enrolled(d, c)).eventId)}-bp` }),
  },
  'GET /fhir/R4/Immunization': {
    permission: 'resident:read',
    request: async (d, c) => ({ url: `/fhir/R4/Immunization?patient=${String(await child(d, c))}` }),
  },
  'GET /fhir/R4/ImmunizationRecommendation': {
    permission: 'resident:read',
    request: async (d, c) => ({
      url: `/fhir/R4/ImmunizationRecommendation?patient=${String(await child(d, c))}&date=2026-05-31`,
    }),
  },
  'GET /fhir/R4/ServiceRequest': {
    permission: 'resident:read',
    request: async (d, c) => ({ url: `/fhir/R4/ServiceRequest?patient=${String(await child(d, c))}` }),
  },
  'GET /fhir/R4/Task': {
    permission: 'resident:read',
    request: async (d, c) => ({ url: `/fhir/R4/Task?patient=${String(await child(d, c))}` }),
  },
  'POST /fhir/R4': {
    permission: 'programme:write',
    request: async (d, c) => followUp((await enrolledResident(c.db, d.district, d.facility)).residentId),
  },
};
