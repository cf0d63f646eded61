/**
 * The FHIR R4 facade over HTTP on both engines. Truths: the R4 specification (content type
 * application/fhir+json, transaction-response statuses, OperationOutcome issue types), GB 11643's
 * worked example ID 11010519491231002X (1949-12-31, female), the hypertension rule set worked by
 * hand (a 76-year-old enrolled 5 January 2026 with one clinic follow-up at 132/84 counts in
 * HTN_MANAGED and HTN_CONTROLLED at the facility for 2026, not in HTN_STD_MANAGED: 1 < 4), the
 * residents API's masking and read log, and the rule that a refused transaction writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { bootstrap } from '../../bootstrap';
import type { Database } from '../../db/connection';
import { createTestApp, signIn } from '../../test/app';
import { ENGINES, createTestDatabase } from '../../test/db';
import { createDistrict, type DistrictFixture } from '../../test/fixtures';
import { databaseDigest, changedTables } from '../../test/security-fixture';

const STANDARD_ID = '11010519491231002X';
// 1980-01-01, male: weighted sum 196, 196 mod 11 = 9 → check character 3 (worked by hand).
const SECOND_ID = '440524198001010013';
const BASE = 'http://localhost:80/fhir/R4';
const SID = 'http://localhost:80/fhir/sid/resident_id';
const PROGRAMME = 'http://localhost:80/fhir/CodeSystem/programme';

interface Outcome {
  resourceType: string;
  issue: { code: string; details: { text: string }; expression?: string[] }[];
}
interface Bundle {
  resourceType: string;
  type: string;
  total?: number;
  entry?: {
    fullUrl?: string;
    resource?: Record<string, unknown>;
    response?: { status: string; location: string };
  }[];
}

function bundle(
  homeUnit: string,
  facility: string,
  id: string,
  birthDate: string,
  gender: string,
  bp: [number, number]
) {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      {
        fullUrl: 'urn:uuid:p1',
        request: { method: 'POST', url: 'Patient' },
        resource: {
          resourceType: 'Patient',
          name: [{ text: '张晓梅' }],
          gender,
          birthDate,
          identifier: [{ system: SID, value: id }],
          address: [
            {
              extension: [
                { url: 'http://localhost:80/fhir/StructureDefinition/home-unit', valueCode: homeUnit },
              ],
            },
          ],
        },
      },
      {
        fullUrl: 'urn:uuid:ep1',
        request: { method: 'POST', url: 'EpisodeOfCare' },
        resource: {
          resourceType: 'EpisodeOfCare',
          status: 'active',
          type: [{ coding: [{ system: PROGRAMME, code: 'HTN' }] }],
          patient: { reference: 'urn:uuid:p1' },
          managingOrganization: { reference: `Organization/${facility}` },
          period: { start: '2026-01-05' },
        },
      },
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
          subject: { reference: 'urn:uuid:p1' },
          period: { start: '2026-03-05' },
          extension: [
            {
              url: 'http://localhost:80/fhir/StructureDefinition/event-field/classification',
              valueCode: 'controlled',
            },
          ],
        },
      },
      {
        fullUrl: 'urn:uuid:o1',
        request: { method: 'POST', url: 'Observation' },
        resource: {
          resourceType: 'Observation',
          status: 'final',
          code: { coding: [{ system: 'http://loinc.org', code: '85354-9' }] },
          encounter: { reference: 'urn:uuid:e1' },
          component: [
            {
              code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] },
              valueQuantity: { value: bp[0], unit: 'mmHg', code: 'mm[Hg]' },
            },
            {
              code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] },
              valueQuantity: { value: bp[1], unit: 'mmHg', code: 'mm[Hg]' },
            },
          ],
        },
      },
    ],
  };
}

describe.each(ENGINES)('FHIR facade on %s', (engine) => {
  let database: Database;
  let app: FastifyInstance;
  let A: DistrictFixture;
  let B: DistrictFixture;
  const cookies: Record<string, string> = {};
  let patientId = 0;
  let eventId = 0;
  let episodeId = 0;
  const get = (who: string, url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers: { cookie: cookies[who] ?? '', ...headers } });
  const post = (who: string, payload: unknown) =>
    app.inject({
      method: 'POST',
      url: '/fhir/R4',
      headers: { cookie: cookies[who] ?? '', 'content-type': 'application/fhir+json' },
      payload: JSON.stringify(payload),
    });
  const value = async (element: string, unit: string, period: string) =>
    (
      await database.db
        .selectFrom('data_values')
        .select('value')
        .where('element', '=', element)
        .where('org_unit', '=', unit)
        .where('period', '=', period)
        .executeTakeFirst()
    )?.value ?? null;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await bootstrap(database.db);
    ({ app } = await createTestApp(database.db)); // clock: 2026-06-01
    A = await createDistrict(database.db);
    B = await createDistrict(database.db);
    cookies.doctorA = (await signIn(database.db, app, 'doctor', A.district)).cookie;
    cookies.viewerA = (await signIn(database.db, app, 'viewer', A.district)).cookie;
    cookies.doctorB = (await signIn(database.db, app, 'doctor', B.district)).cookie;
    cookies.clerkA = (await signIn(database.db, app, 'clerk', A.district)).cookie;
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('answers the CapabilityStatement without sign-in, listing exactly the routes that answer', async () => {
    const res = await app.inject({ method: 'GET', url: '/fhir/R4/metadata' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
    const cs = res.json<{
      fhirVersion: string;
      rest: {
        resource: { type: string; interaction: { code: string }[] }[];
        interaction: { code: string }[];
      }[];
    }>();
    expect(cs.fhirVersion).toBe('4.0.1');
    const listed = cs.rest[0]?.resource.map((r) => [r.type, r.interaction.map((i) => i.code).join('+')]);
    expect(listed).toEqual([
      ['Patient', 'read+search-type'],
      ['EpisodeOfCare', 'read+search-type'],
      ['Encounter', 'read+search-type'],
      ['Observation', 'read+search-type'],
      ['Immunization', 'search-type'],
      ['ImmunizationRecommendation', 'search-type'],
      ['ServiceRequest', 'search-type'],
      ['Task', 'search-type'],
    ]);
    expect(cs.rest[0]?.interaction).toEqual([{ code: 'transaction' }]);
    const routes = app.routeTable
      .filter((r) => r.url.startsWith('/fhir/R4'))
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    const fromStatement = [
      'GET /fhir/R4/metadata',
      'POST /fhir/R4',
      ...(cs.rest[0]?.resource ?? []).flatMap((r) =>
        r.interaction.map((i) =>
          i.code === 'read' ? `GET /fhir/R4/${r.type}/:id` : `GET /fhir/R4/${r.type}`
        )
      ),
    ].sort();
    expect(routes).toEqual(fromStatement);
  });

  it('writes a patient, an enrolment, a follow-up and its blood pressure in one transaction', async () => {
    const res = await post(
      'doctorA',
      bundle(A.streets[0], A.facilities.chc, STANDARD_ID, '1949-12-31', 'female', [132, 84])
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
    const b = res.json<Bundle>();
    expect(b.type).toBe('transaction-response');
    const locations = (b.entry ?? []).map((e) => e.response?.location ?? '');
    expect((b.entry ?? []).map((e) => e.response?.status)).toEqual([
      '201 Created',
      '201 Created',
      '201 Created',
      '201 Created',
    ]);
    expect(locations[0]).toMatch(/^Patient\/\d+$/);
    expect(locations[1]).toMatch(/^EpisodeOfCare\/\d+$/);
    expect(locations[2]).toMatch(/^Encounter\/\d+$/);
    patientId = Number(locations[0]?.split('/')[1]);
    episodeId = Number(locations[1]?.split('/')[1]);
    eventId = Number(locations[2]?.split('/')[1]);
    expect(locations[3]).toBe(`Observation/${String(eventId)}-bp`);
    expect(await value('HTN_MANAGED', A.facilities.chc, '2026')).toBe(1);
    expect(await value('HTN_CONTROLLED', A.facilities.chc, '2026')).toBe(1);
    expect(await value('HTN_STD_MANAGED', A.facilities.chc, '2026')).toBeNull();
    const audit = await database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', String(patientId))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['resident.create', 'programme.enrol', 'programme.event', 'fhir.transaction'])
    );
  });

  it('reads the patient in full for a doctor and masked for a viewer, logging each read with its purpose', async () => {
    const before = await database.db
      .selectFrom('record_reads')
      .select('id')
      .where('resident_id', '=', patientId)
      .execute();
    const full = await get('doctorA', `/fhir/R4/Patient/${String(patientId)}`, {
      'x-purpose-of-use': 'follow-up',
    });
    expect(full.statusCode, full.body).toBe(200);
    const p = full.json<{
      name: { text: string }[];
      identifier: { system: string; value?: string }[];
      gender: string;
    }>();
    expect([p.name[0]?.text, p.gender, p.identifier[0]]).toEqual([
      '张晓梅',
      'female',
      expect.objectContaining({ system: SID, value: STANDARD_ID }),
    ]);
    const masked = await get('viewerA', `/fhir/R4/Patient/${String(patientId)}`);
    expect(masked.statusCode).toBe(200);
    expect(masked.body).not.toContain(STANDARD_ID);
    expect(masked.body).not.toContain('晓梅');
    const mp = masked.json<{
      identifier: { _value?: unknown; value?: string }[];
      name: { extension?: unknown[] }[];
    }>();
    expect(mp.identifier[0]?.value).toBeUndefined();
    expect(mp.identifier[0]?._value).toEqual({
      extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'masked' }],
    });
    const reads = await database.db
      .selectFrom('record_reads')
      .select(['purpose', 'break_glass'])
      .where('resident_id', '=', patientId)
      .orderBy('id')
      .execute();
    expect(reads.slice(before.length).map((r) => [r.purpose, r.break_glass])).toEqual([
      ['FHIR follow-up', false],
      ['FHIR care', false],
    ]);
  });

  it('answers not found outside the scope, and reads with a stated reason as break-the-glass', async () => {
    const out = await get('doctorB', `/fhir/R4/Patient/${String(patientId)}`);
    expect(out.statusCode).toBe(404);
    const oo = out.json<Outcome>();
    expect(oo.resourceType).toBe('OperationOutcome');
    expect(oo.issue[0]?.code).toBe('not-found');
    expect(out.body).not.toContain('晓梅');
    const unknown = await get('doctorB', '/fhir/R4/Patient/999999');
    expect(unknown.statusCode).toBe(404);
    const glass = await get('doctorB', `/fhir/R4/Patient/${String(patientId)}`, {
      'x-break-glass-reason': encodeURIComponent('急诊抢救'),
    });
    expect(glass.statusCode, glass.body).toBe(200);
    const last = await database.db
      .selectFrom('record_reads')
      .select(['purpose', 'break_glass'])
      .where('resident_id', '=', patientId)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect([last.purpose, last.break_glass]).toEqual(['FHIR care：急诊抢救', true]);
    expect((await get('clerkA', `/fhir/R4/Patient/${String(patientId)}`)).statusCode).toBe(403);
  });

  it('searches patients by identifier exactly, by name and birth date', async () => {
    const byId = await get(
      'doctorA',
      `/fhir/R4/Patient?identifier=${encodeURIComponent(`${SID}|${STANDARD_ID}`)}`
    );
    expect(byId.statusCode, byId.body).toBe(200);
    const b = byId.json<Bundle>();
    expect([b.type, b.total, b.entry?.[0]?.fullUrl]).toEqual([
      'searchset',
      1,
      `${BASE}/Patient/${String(patientId)}`,
    ]);
    const otherSystem = await get(
      'doctorA',
      `/fhir/R4/Patient?identifier=${encodeURIComponent(`urn:oid:1.2.3|${STANDARD_ID}`)}`
    );
    expect(otherSystem.json<Bundle>().total).toBe(0);
    const byName = await get(
      'doctorA',
      `/fhir/R4/Patient?name=${encodeURIComponent('张晓梅')}&birthdate=1949-12-31`
    );
    expect(byName.json<Bundle>().total).toBe(1);
    const wrongDay = await get(
      'doctorA',
      `/fhir/R4/Patient?name=${encodeURIComponent('张晓梅')}&birthdate=1950-01-01`
    );
    expect(wrongDay.json<Bundle>().total).toBe(0);
    const outside = await get(
      'doctorB',
      `/fhir/R4/Patient?identifier=${encodeURIComponent(`${SID}|${STANDARD_ID}`)}`
    );
    expect(outside.json<Bundle>().total).toBe(0);
    const none = await get('doctorA', '/fhir/R4/Patient?birthdate=1949-12-31');
    expect(none.statusCode).toBe(422);
  });

  it('reads the enrolment, the encounter and the observations, and filters by date and code', async () => {
    const ep = await get('doctorA', `/fhir/R4/EpisodeOfCare/${String(episodeId)}`);
    expect(ep.json()).toEqual({
      resourceType: 'EpisodeOfCare',
      id: String(episodeId),
      status: 'active',
      type: [{ coding: [{ system: PROGRAMME, code: 'HTN', display: '高血压患者健康管理' }] }],
      patient: { reference: `Patient/${String(patientId)}` },
      managingOrganization: { reference: `Organization/${A.facilities.chc}` },
      period: { start: '2026-01-05' },
    });
    const enc = await get('doctorA', `/fhir/R4/Encounter/${String(eventId)}`);
    expect(enc.json<{ episodeOfCare: unknown; class: { code: string } }>()).toMatchObject({
      class: { code: 'AMB' },
      episodeOfCare: [{ reference: `EpisodeOfCare/${String(episodeId)}` }],
      period: { start: '2026-03-05', end: '2026-03-05' },
    });
    const obs = await get('doctorA', `/fhir/R4/Observation/${String(eventId)}-bp`);
    const o = obs.json<{ component: { valueQuantity: { value: number; code: string } }[] }>();
    expect(o.component.map((c) => [c.valueQuantity.value, c.valueQuantity.code])).toEqual([
      [132, 'mm[Hg]'],
      [84, 'mm[Hg]'],
    ]);
    const q = (s: string) => get('doctorA', s).then((r) => r.json<Bundle>().total);
    expect(
      await q(`/fhir/R4/Encounter?patient=Patient/${String(patientId)}&date=ge2026-03-01&date=le2026-03-31`)
    ).toBe(1);
    expect(await q(`/fhir/R4/Encounter?patient=${String(patientId)}&date=gt2026-03-05`)).toBe(0);
    expect(await q(`/fhir/R4/Observation?patient=${String(patientId)}&code=http://loinc.org|85354-9`)).toBe(
      1
    );
    expect(await q(`/fhir/R4/Observation?patient=${String(patientId)}&code=14771-0`)).toBe(0);
    expect(await q(`/fhir/R4/EpisodeOfCare?patient=${String(patientId)}`)).toBe(1);
    expect((await get('doctorB', `/fhir/R4/Encounter/${String(eventId)}`)).statusCode).toBe(404);
    expect((await get('doctorA', `/fhir/R4/Observation/${String(eventId)}-fbg`)).statusCode).toBe(404);
    const badDate = await get('doctorA', `/fhir/R4/Encounter?patient=${String(patientId)}&date=2026-02-30`);
    expect(badDate.statusCode).toBe(422);
    expect(badDate.json<Outcome>().issue[1]?.expression).toEqual(['date']);
  });

  it('writes nothing when the observation in entry 3 is refused by the rule set', async () => {
    const before = await databaseDigest(database.db);
    const res = await post(
      'doctorA',
      bundle(A.streets[0], A.facilities.chc, SECOND_ID, '1980-01-01', 'male', [400, 84])
    );
    expect(res.statusCode).toBe(422);
    const oo = res.json<Outcome>();
    expect(oo.resourceType).toBe('OperationOutcome');
    expect(oo.issue[0]?.code).toBe('invalid');
    expect(oo.issue.slice(1).map((i) => i.expression?.[0])).toEqual([
      'Bundle.entry[3].resource.component[0].valueQuantity',
    ]);
    expect(changedTables(before, await databaseDigest(database.db))).toEqual([]);
    const none = await get(
      'doctorA',
      `/fhir/R4/Patient?identifier=${encodeURIComponent(`${SID}|${SECOND_ID}`)}`
    );
    expect(none.json<Bundle>().total).toBe(0);
  });

  it('refuses an event for a resident not enrolled with the programmes message, and a unit in kPa', async () => {
    const before = await databaseDigest(database.db);
    const full = bundle(A.streets[0], A.facilities.chc, SECOND_ID, '1980-01-01', 'male', [128, 80]);
    const noEpisode = {
      ...full,
      entry: full.entry.filter((e) => e.resource.resourceType !== 'EpisodeOfCare'),
    };
    const res = await post('doctorA', noEpisode);
    expect(res.statusCode).toBe(422);
    const oo = res.json<Outcome>();
    expect(oo.issue[0]?.details.text).toBe('第 1 条（Encounter）：2026-03-05 不在管理期内');
    const kpa = structuredClone(full);
    const comp = (kpa.entry[3]?.resource as { component: { valueQuantity: { code: string } }[] })
      .component[0];
    if (comp) comp.valueQuantity.code = 'kPa';
    const res2 = await post('doctorA', kpa);
    expect(res2.statusCode).toBe(422);
    expect(res2.json<Outcome>().issue[1]?.details.text).toBe('单位应为 mm[Hg]');
    expect(changedTables(before, await databaseDigest(database.db))).toEqual([]);
  });

  it('uses the existing resident for ifNoneExist and refuses a second registration of the same ID', async () => {
    const again = bundle(A.streets[0], A.facilities.chc, STANDARD_ID, '1949-12-31', 'female', [128, 80]);
    const dup = await post('doctorA', { ...again, entry: [again.entry[0]] });
    expect(dup.statusCode).toBe(409);
    const cond = structuredClone(again);
    const first = cond.entry[0];
    if (first) (first.request as Record<string, string>).ifNoneExist = `identifier=${SID}|${STANDARD_ID}`;
    const ended = {
      ...cond,
      entry: [
        cond.entry[0],
        { ...cond.entry[2], resource: { ...cond.entry[2]?.resource, period: { start: '2026-04-02' } } },
        cond.entry[3],
      ],
    };
    const res = await post('doctorA', ended);
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json<Bundle>();
    expect(b.entry?.[0]?.response).toEqual({ status: '200 OK', location: `Patient/${String(patientId)}` });
    expect(await value('HTN_MANAGED', A.facilities.chc, '2026')).toBe(1);
  });

  it('maps doses, the due list and referrals of the same resident', async () => {
    const child = await post('doctorA', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: 'urn:uuid:c1',
          request: { method: 'POST', url: 'Patient' },
          resource: {
            resourceType: 'Patient',
            name: [{ text: '李小宝' }],
            gender: 'male',
            birthDate: '2026-01-10',
            address: [
              {
                extension: [
                  { url: 'http://localhost:80/fhir/StructureDefinition/home-unit', valueCode: A.streets[0] },
                ],
              },
            ],
          },
        },
      ],
    });
    expect(child.statusCode, child.body).toBe(200);
    const childId = Number(child.json<Bundle>().entry?.[0]?.response?.location.split('/')[1]);
    const dose = await app.inject({
      method: 'POST',
      url: `/api/residents/${String(childId)}/immunizations`,
      headers: { cookie: cookies.doctorA ?? '' },
      payload: {
        vaccine: 'HepB',
        dose: 1,
        date: '2026-01-10',
        manufacturer: '某生物',
        lot: 'L-1',
        site: 'right-deltoid',
        clinic: A.facilities.chc,
        programme: true,
      },
    });
    expect(dose.statusCode, dose.body).toBe(200);
    const imm = await get('doctorA', `/fhir/R4/Immunization?patient=${String(childId)}`);
    const i = imm.json<Bundle>().entry?.[0]?.resource as {
      vaccineCode: unknown;
      status: string;
      lotNumber: string;
    };
    expect([i.status, i.lotNumber, i.vaccineCode]).toEqual([
      'completed',
      'L-1',
      {
        coding: [
          { system: 'http://localhost:80/fhir/CodeSystem/vaccine', code: 'HepB', display: '乙肝疫苗' },
        ],
        text: '乙肝疫苗',
      },
    ]);
    // Schedule 2021: HepB dose 2 at 1 month (2026-02-10): on 2026-03-01 it is open (due or overdue).
    const rec = await get(
      'doctorA',
      `/fhir/R4/ImmunizationRecommendation?patient=${String(childId)}&date=2026-03-01`
    );
    const r = rec.json<Bundle>().entry?.[0]?.resource as {
      recommendation: {
        vaccineCode: { coding: { code: string }[] }[];
        doseNumberPositiveInt: number;
        dateCriterion: { value: string }[];
      }[];
    };
    const hepb2 = r.recommendation.find(
      (x) => x.vaccineCode[0]?.coding[0]?.code === 'HepB' && x.doseNumberPositiveInt === 2
    );
    expect(hepb2?.dateCriterion[0]?.value).toBe('2026-02-10');
    expect(
      r.recommendation.some(
        (x) => x.vaccineCode[0]?.coding[0]?.code === 'HepB' && x.doseNumberPositiveInt === 1
      )
    ).toBe(false);

    const sent = await app.inject({
      method: 'POST',
      url: '/api/referrals',
      headers: { cookie: cookies.doctorA ?? '' },
      payload: {
        residentId: patientId,
        direction: 'up',
        from: A.facilities.chc,
        to: A.facilities.hosp,
        reason: '血压控制不满意',
      },
    });
    expect(sent.statusCode, sent.body).toBe(200);
    const sr = await get('doctorA', `/fhir/R4/ServiceRequest?patient=${String(patientId)}`);
    expect(sr.json<Bundle>().entry?.map((e) => [e.resource?.status, e.resource?.intent])).toEqual([
      ['active', 'order'],
    ]);
    const task = await get('doctorA', `/fhir/R4/Task?patient=${String(patientId)}`);
    expect(task.json<Bundle>().entry?.map((e) => [e.resource?.status, e.resource?.owner])).toEqual([
      ['requested', { reference: `Organization/${A.facilities.hosp}` }],
    ]);
    expect((await get('doctorB', `/fhir/R4/Task?patient=${String(patientId)}`)).statusCode).toBe(404);
  });
});
