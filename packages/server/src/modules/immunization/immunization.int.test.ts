/**
 * Immunization records end to end, on both engines, against hand-written expectations from the
 * 2021 schedule table (HepB 1 at birth, HepB 2 at 1 month with a one-month timely window, BCG at
 * birth, IPV 1 at 2 months) and the coverage definitions of core's README.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/connection';
import { bootstrap } from '../../bootstrap';
import { SYSTEM_ACTOR } from '../audit';
import { aggregateRows } from '../data';
import { addOrgUnits } from '../orgunits';
import { createTestApp, signIn } from '../../test/app';
import { ENGINES, createTestDatabase } from '../../test/db';
import { insertChild } from '../../test/imm-fixture';
import { multipart } from '../../test/multipart';
import { verifyCoverage } from './coverage';

const S1 = '440304701';
const S2 = '440304702';
const CLINIC = '440304701C1';
const OUT_STREET = '440311701';
const OUT_CLINIC = '440311701C1';

const dose = (over: Record<string, unknown> = {}) => ({
  vaccine: 'HepB',
  dose: 1,
  date: '2026-01-10',
  manufacturer: '深圳康泰',
  lot: 'ab-12 34',
  site: 'right-deltoid',
  clinic: CLINIC,
  programme: true,
  ...over,
});

describe.each(ENGINES)('immunization on %s', (engine) => {
  let database: Database;
  let app: FastifyInstance;
  let clock: { now: Date };
  let doctor: string;
  let viewer: string;
  let outsider: string;
  let a: number;
  let b: number;
  let far: number;

  const agg = async (element: string, unit = '440304', period = '2026'): Promise<number> =>
    (await aggregateRows(database.db, [element], [unit], [period]))[0]?.value ?? 0;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await bootstrap(database.db);
    await addOrgUnits(database.db, SYSTEM_ACTOR, [
      { code: S1, name: '测试街道一', level: 'street', parentCode: '440304' },
      { code: S2, name: '测试街道二', level: 'street', parentCode: '440304' },
      {
        code: CLINIC,
        name: '测试接种门诊',
        level: 'facility',
        parentCode: S1,
        facilityType: '社区卫生服务中心',
      },
      { code: OUT_STREET, name: '外区街道', level: 'street', parentCode: '440311' },
      {
        code: OUT_CLINIC,
        name: '外区门诊',
        level: 'facility',
        parentCode: OUT_STREET,
        facilityType: '社区卫生服务中心',
      },
    ]);
    ({ app, clock } = await createTestApp(database.db));
    clock.now = new Date('2026-03-01T02:00:00Z');
    doctor = (await signIn(database.db, app, 'doctor', '440304')).cookie;
    viewer = (await signIn(database.db, app, 'viewer', '440304')).cookie;
    outsider = (await signIn(database.db, app, 'doctor', '440311')).cookie;
    a = await insertChild(database.db, { birthDate: '2026-01-10', homeUnit: S1, name: '张小明' });
    b = await insertChild(database.db, { birthDate: '2026-01-10', homeUnit: S2 });
    far = await insertChild(database.db, { birthDate: '2026-01-10', homeUnit: OUT_STREET });
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('records a dose; on 2026-03-01 HepB 2 is due (from 2026-02-10) and BCG overdue; on 2026-03-10 HepB 2 is overdue', async () => {
    const res = await app.inject({
      method: 'POST',
      url: `/api/residents/${a}/immunizations`,
      payload: dose(),
      headers: { cookie: doctor },
    });
    expect(res.statusCode, res.body).toBe(200);
    const view = await app.inject({ url: `/api/residents/${a}/immunizations`, headers: { cookie: doctor } });
    expect(view.statusCode, view.body).toBe(200);
    const body = view.json<{
      resident: { name: string };
      due: { doses: { vaccine: string; dose: number; status: string; dueDate: string }[] };
    }>();
    expect(body.resident.name).toBe('张小明'); // doctors see identifiers
    const st = (v: string, n: number) => body.due.doses.find((d) => d.vaccine === v && d.dose === n);
    expect(st('HepB', 1)?.status).toBe('given');
    expect(st('HepB', 2)).toMatchObject({ status: 'due', dueDate: '2026-02-10' });
    expect(st('BCG', 1)?.status).toBe('overdue');
    const later = await app.inject({
      url: `/api/residents/${a}/immunizations?asOf=2026-03-10`,
      headers: { cookie: doctor },
    });
    const l = later.json<typeof body>().due.doses;
    expect(l.find((d) => d.vaccine === 'HepB' && d.dose === 2)?.status).toBe('overdue');
    expect(l.find((d) => d.vaccine === 'IPV' && d.dose === 1)?.status).toBe('due');
    const reads = await database.db
      .selectFrom('record_reads')
      .select('id')
      .where('resident_id', '=', a)
      .execute();
    expect(reads.length).toBe(2);
  });

  it('keeps coverage fresh in the save: HepB 1 in 2026 is 1 of 2 children due in Futian; voiding takes it back', async () => {
    expect(await agg('IMM_HEPB_1_DUE')).toBe(2);
    expect(await agg('IMM_HEPB_1_GIVEN')).toBe(1);
    expect(await agg('IMM_HEPB_1_TIMELY_DUE')).toBe(2); // both windows closed on 2026-01-11
    expect(await agg('IMM_HEPB_1_TIMELY')).toBe(1);
    expect(await agg('IMM_HEPB_3_DUE', S1)).toBe(1); // reaches 6 months on 2026-07-10, inside 2026
    expect(await agg('IMM_FULL_12M_DUE', S1)).toBe(0); // reaches 12 months in 2027
    const id = (
      await database.db
        .selectFrom('immunizations')
        .select('id')
        .where('resident_id', '=', a)
        .executeTakeFirstOrThrow()
    ).id;
    const v = await app.inject({
      method: 'POST',
      url: `/api/immunizations/${id}/void`,
      payload: { reason: '录入错误' },
      headers: { cookie: doctor },
    });
    expect(v.statusCode, v.body).toBe(200);
    expect(await agg('IMM_HEPB_1_GIVEN')).toBe(0);
    expect(await agg('IMM_HEPB_1_DUE')).toBe(2);
    const again = await app.inject({
      method: 'POST',
      url: `/api/immunizations/${id}/void`,
      payload: { reason: 'x' },
      headers: { cookie: doctor },
    });
    expect(again.statusCode).toBe(409);
    await app.inject({
      method: 'POST',
      url: `/api/residents/${a}/immunizations`,
      payload: dose(),
      headers: { cookie: doctor },
    });
    expect(await agg('IMM_HEPB_1_GIVEN')).toBe(1);
    expect((await verifyCoverage(database.db, '2026-03-01', [b])).ok).toBe(true);
  });

  it('refuses bad doses naming the field, and changes nothing', async () => {
    const before = await database.db.selectFrom('immunizations').select('id').execute();
    const bad = await app.inject({
      method: 'POST',
      url: `/api/residents/${b}/immunizations`,
      payload: dose({ vaccine: 'bOPV', dose: 3, site: 'left-thigh', date: '2026-02-20' }),
      headers: { cookie: doctor },
    });
    expect(bad.statusCode).toBe(422);
    expect(
      bad.json<{ issues: { field: string; message: { zh: string } }[] }>().issues.map((i) => i.field)
    ).toEqual(['site']);
    const future = await app.inject({
      method: 'POST',
      url: `/api/residents/${b}/immunizations`,
      payload: dose({ date: '2026-03-02' }),
      headers: { cookie: doctor },
    });
    expect(future.json<{ issues: { field: string }[] }>().issues[0]?.field).toBe('date');
    const outside = await app.inject({
      method: 'POST',
      url: `/api/residents/${b}/immunizations`,
      payload: dose({ clinic: OUT_CLINIC }),
      headers: { cookie: doctor },
    });
    expect(outside.statusCode).toBe(422);
    expect(outside.json<{ issues: { field: string }[] }>().issues[0]?.field).toBe('clinic');
    const viewerWrite = await app.inject({
      method: 'POST',
      url: `/api/residents/${b}/immunizations`,
      payload: dose(),
      headers: { cookie: viewer },
    });
    expect(viewerWrite.statusCode).toBe(403);
    expect(await database.db.selectFrom('immunizations').select('id').execute()).toEqual(before);
  });

  it('answers "who received lot X" however the lot is typed, in scope only, logging every person', async () => {
    await app.inject({
      method: 'POST',
      url: `/api/residents/${b}/immunizations`,
      payload: dose({ lot: 'AB1234', date: '2026-01-11' }),
      headers: { cookie: doctor },
    });
    await app.inject({
      method: 'POST',
      url: `/api/residents/${far}/immunizations`,
      payload: dose({ clinic: OUT_CLINIC }),
      headers: { cookie: outsider },
    });
    const readsBefore = (await database.db.selectFrom('record_reads').select('id').execute()).length;
    const res = await app.inject({
      url: '/api/immunizations/lots?lot=%EF%BC%A1%EF%BC%A2%2012-34',
      headers: { cookie: doctor },
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ lot: string; recipients: { resident: { id: number } }[] }>();
    expect(body.lot).toBe('AB1234');
    expect(body.recipients.map((r) => r.resident.id).sort()).toEqual([a, b].sort());
    expect((await database.db.selectFrom('record_reads').select('id').execute()).length).toBe(
      readsBefore + 2
    );
    const out = await app.inject({
      url: '/api/immunizations/lots?lot=AB1234',
      headers: { cookie: outsider },
    });
    expect(
      out.json<{ recipients: { resident: { id: number } }[] }>().recipients.map((r) => r.resident.id)
    ).toEqual([far]);
    expect(
      (await app.inject({ url: '/api/immunizations/lots?lot=AB1234', headers: { cookie: viewer } }))
        .statusCode
    ).toBe(403);
  });

  it("lists the clinic's area: children of its street with doses due, overdue or to catch up, most urgent first", async () => {
    const c = await insertChild(database.db, { birthDate: '2025-01-05', homeUnit: S1 });
    const res = await app.inject({
      url: `/api/immunizations/due?clinic=${CLINIC}&asOf=2026-03-01&pageSize=1`,
      headers: { cookie: doctor },
    });
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json<{
      total: number;
      children: { resident: { id: number }; doses: { vaccine: string; status: string }[] }[];
    }>();
    // S1 holds a (born 2026-01-10) and c (born 2025-01-05, nothing given: catch-up for HepB 3 etc.); b lives in S2.
    expect(page.total).toBe(2);
    expect(page.children).toHaveLength(1);
    // Both have overdue doses; c's earliest (BCG, due on its birth day 2025-01-05) comes first.
    expect(page.children[0]?.resident.id).toBe(c);
    const all = await app.inject({
      url: `/api/immunizations/due?clinic=${CLINIC}&asOf=2026-03-01`,
      headers: { cookie: doctor },
    });
    const ids = all.json<typeof page>().children.map((x) => x.resident.id);
    expect(ids).toContain(c);
    expect(ids).not.toContain(b);
    const refused = await app.inject({
      url: `/api/immunizations/due?clinic=${OUT_CLINIC}`,
      headers: { cookie: doctor },
    });
    expect(refused.statusCode).toBe(404);
  });

  it('imports a CSV all or nothing: a bad row refuses the file naming row and field; a dry run stores nothing', async () => {
    const header = '居民编号,疫苗,剂次,接种日期,生产企业,批号,接种部位,接种单位,免疫规划\n';
    const good = `${b},乙肝疫苗,2,2026-02-12,深圳康泰,C-77,右上臂三角肌,${CLINIC},是\n`;
    const bad = `${b},不存在疫苗,1,2026-02-12,深圳康泰,C-77,右上臂三角肌,${CLINIC},是\n`;
    const send = (text: string, dry = false) => {
      const m = multipart({ name: 'doses.csv', body: text });
      return app.inject({
        method: 'POST',
        url: `/api/immunizations/import${dry ? '?dryRun=true' : ''}`,
        payload: m.payload,
        headers: { ...m.headers, cookie: doctor },
      });
    };
    const count = async () => (await database.db.selectFrom('immunizations').select('id').execute()).length;
    const n = await count();
    const r1 = await send(header + good + bad);
    expect(r1.statusCode).toBe(422);
    expect(r1.json<{ issues: { row: number; field: string }[] }>().issues).toMatchObject([
      { row: 3, field: 'vaccine' },
    ]);
    expect(await count()).toBe(n);
    const dry = await send(header + good, true);
    expect(dry.json()).toEqual({ dryRun: true, rows: 1, created: 0 });
    expect(await count()).toBe(n);
    const ok = await send(header + good);
    expect(ok.json()).toEqual({ dryRun: false, rows: 1, created: 1 });
    expect(await agg('IMM_HEPB_2_GIVEN')).toBe(1);
  });
});
