/**
 * The resident index over HTTP on both engines: identifiers stored only sealed, the duplicate
 * refusal (GB 11643's own example numbers, 15 → 18 conversion), masking by role, the read log,
 * scope and break-the-glass, team access through a contract, search, optimistic versions and the
 * WS 365 health record with its transfer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/connection';
import { createTestApp, signIn } from '../../test/app';
import { createDistrict, type DistrictFixture } from '../../test/fixtures';
import { ENGINES, createTestDatabase } from '../../test/db';

// GB 11643-1999's worked examples: 11010519491231002X (Beijing Chaoyang, 1949-12-31, female; the
// 15-digit 110105491231002 converts to it). 440524198001010013 (1980-01-01, male) was worked by
// hand: weighted sum 196, 196 mod 11 = 9 → check character 3.
const STANDARD_ID = '11010519491231002X';
const STANDARD_ID_15 = '110105491231002';

describe.each(ENGINES)('residents on %s', (engine) => {
  let database: Database;
  let app: FastifyInstance;
  let A: DistrictFixture;
  let B: DistrictFixture;
  const cookies: Record<string, string> = {};
  let residentId = 0;
  const req = (who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, headers = {}) =>
    app.inject({
      method,
      url,
      headers: { cookie: cookies[who] ?? '', ...headers },
      ...(payload ? { payload } : {}),
    });

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    ({ app } = await createTestApp(database.db));
    A = await createDistrict(database.db);
    B = await createDistrict(database.db);
    cookies.doctorA = (await signIn(database.db, app, 'doctor', A.district)).cookie;
    cookies.viewerA = (await signIn(database.db, app, 'viewer', A.district)).cookie;
    const docB = await signIn(database.db, app, 'doctor', B.facilities.chc);
    cookies.doctorB = docB.cookie;
    cookies.adminB = (await signIn(database.db, app, 'admin', B.district)).cookie;
    cookies.clerkA = (await signIn(database.db, app, 'clerk', A.district)).cookie;
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('registers a resident with every identifying value sealed', async () => {
    const res = await req('doctorA', 'POST', '/api/residents', {
      name: '张晓梅',
      sex: 'F',
      birthDate: '1949-12-31',
      homeUnit: A.streets[0],
      phone: '138-0013-8000',
      address: '一街道幸福路12号3栋502室',
      identifiers: [{ kind: 'resident-id', value: STANDARD_ID }],
      recordFacility: A.facilities.chc,
    });
    expect(res.statusCode, res.body).toBe(200);
    residentId = (res.json() as { id: number }).id;
    const row = await database.db
      .selectFrom('residents')
      .selectAll()
      .where('id', '=', residentId)
      .executeTakeFirstOrThrow();
    const ids = await database.db
      .selectFrom('resident_identifiers')
      .selectAll()
      .where('resident_id', '=', residentId)
      .execute();
    const households = await database.db.selectFrom('households').selectAll().execute();
    const stored = JSON.stringify([row, ids, households]);
    for (const clear of ['张晓梅', '13800138000', '138-0013-8000', '幸福路', STANDARD_ID, '19491231002']) {
      expect(stored).not.toContain(clear);
    }
    expect(row.name_sealed.startsWith('wj1.aes-256-gcm.test.')).toBe(true);
    expect(ids).toHaveLength(1);
    expect(ids[0]?.kind).toBe('resident_id');
    expect(ids[0]?.is_primary).toBe(true);
    const blocking = await database.db
      .selectFrom('resident_blocking')
      .select('key_hash')
      .where('resident_id', '=', residentId)
      .execute();
    // Keys: id, birth+surname, phone8, name+year, name+monthday, birth+given, address+surname.
    expect(blocking.length).toBe(7);
    const record = await database.db
      .selectFrom('health_records')
      .selectAll()
      .where('resident_id', '=', residentId)
      .executeTakeFirstOrThrow();
    expect(record.owner_unit).toBe(A.facilities.chc);
  });

  it('refuses the same ID number, in its 18- and its 15-digit form, naming the record that holds it', async () => {
    const before = await database.db
      .selectFrom('residents')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    for (const value of [STANDARD_ID, STANDARD_ID_15, '11010519491231002x']) {
      const res = await req('doctorA', 'POST', '/api/residents', {
        name: '张小梅',
        sex: 'F',
        birthDate: '1949-12-31',
        homeUnit: A.streets[1],
        identifiers: [{ kind: 'resident-id', value }],
      });
      expect(res.statusCode, value).toBe(409);
      const body = res.json() as {
        issues: { field: string; value: number; message: { zh: string; en: string } }[];
      };
      expect(body.issues[0]?.field).toBe('identifiers.0.value');
      expect(body.issues[0]?.value).toBe(residentId);
      expect(body.issues[0]?.message.zh).toContain(`居民档案 ${residentId}`);
    }
    const after = await database.db
      .selectFrom('residents')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('refuses an ID whose check character, birth date or sex disagrees, naming the field', async () => {
    const base = { name: '李强', sex: 'M', birthDate: '1980-01-01', homeUnit: A.streets[0] };
    // Ending in 4 instead of 3, the check fails.
    const wrong = await req('doctorA', 'POST', '/api/residents', {
      ...base,
      identifiers: [{ kind: 'resident-id', value: '440524198001010014' }],
    });
    expect(wrong.statusCode).toBe(422);
    expect(JSON.stringify(wrong.json())).toContain('校验码');
    const date = await req('doctorA', 'POST', '/api/residents', {
      ...base,
      birthDate: '1980-01-02',
      identifiers: [{ kind: 'resident-id', value: '440524198001010013' }],
    });
    expect(date.statusCode).toBe(422);
    expect((date.json() as { issues: { field: string }[] }).issues.map((i) => i.field)).toEqual([
      'birthDate',
    ]);
    const sex = await req('doctorA', 'POST', '/api/residents', {
      ...base,
      sex: 'F',
      identifiers: [{ kind: 'resident-id', value: '440524198001010013' }],
    });
    expect((sex.json() as { issues: { field: string }[] }).issues.map((i) => i.field)).toEqual(['sex']);
    const home = await req('doctorA', 'POST', '/api/residents', { ...base, homeUnit: A.district });
    expect((home.json() as { issues: { field: string }[] }).issues.map((i) => i.field)).toEqual(['homeUnit']);
  });

  it('masks identifiers for a viewer, shows them to a doctor, and logs every read', async () => {
    const viewer = await req('viewerA', 'GET', `/api/residents/${residentId}?purpose=quality_review`);
    expect(viewer.statusCode).toBe(200);
    expect(viewer.json()).toMatchObject({
      name: '张*梅',
      phone: '138****8000',
      address: '一街道***',
      identifiers: [{ kind: 'resident-id', value: '1101**********002X', primary: true }],
      masked: true,
      breakGlass: false,
    });
    const doctor = await req('doctorA', 'GET', `/api/residents/${residentId}`);
    expect(doctor.json()).toMatchObject({
      name: '张晓梅',
      phone: '138-0013-8000',
      identifiers: [{ value: STANDARD_ID }],
      masked: false,
    });
    const reads = await database.db
      .selectFrom('record_reads')
      .selectAll()
      .where('resident_id', '=', residentId)
      .orderBy('id')
      .execute();
    expect(reads.map((r) => [r.purpose, r.break_glass])).toEqual([
      ['quality_review', false],
      ['care', false],
    ]);
    expect(reads[0]?.actor).toMatch(/^viewer-/);
    // A role without resident:read is refused before anything is read.
    expect((await req('clerkA', 'GET', `/api/residents/${residentId}`)).statusCode).toBe(403);
  });

  it('answers an out-of-scope resident exactly like an unknown one, unless a reason is stated', async () => {
    const out = await req('doctorB', 'GET', `/api/residents/${residentId}`);
    const unknown = await req('doctorB', 'GET', '/api/residents/2000000000');
    expect(out.statusCode).toBe(403);
    expect(unknown.statusCode).toBe(403);
    expect(out.body).toBe(unknown.body);
    const readsBefore = await database.db
      .selectFrom('record_reads')
      .selectAll()
      .where('resident_id', '=', residentId)
      .execute();
    const reason = encodeURIComponent('急诊抢救，患者昏迷');
    const glass = await req('doctorB', 'GET', `/api/residents/${residentId}`, undefined, {
      'x-break-glass-reason': reason,
    });
    expect(glass.statusCode).toBe(200);
    expect(glass.json()).toMatchObject({ name: '张晓梅', breakGlass: true });
    const reads = await database.db
      .selectFrom('record_reads')
      .selectAll()
      .where('resident_id', '=', residentId)
      .orderBy('id')
      .execute();
    expect(reads).toHaveLength(readsBefore.length + 1);
    expect(reads.at(-1)).toMatchObject({
      break_glass: true,
      purpose: 'care：急诊抢救，患者昏迷',
      reviewed_at: null,
    });
    // With a reason an unknown id is plainly unknown.
    const none = await req('doctorB', 'GET', '/api/residents/2000000000', undefined, {
      'x-break-glass-reason': reason,
    });
    expect(none.statusCode).toBe(404);

    // The reader's district admin reviews it; the list empties.
    const list = await req('adminB', 'GET', '/api/record-reads/review');
    const pending = list.json() as { id: number; residentId: number; purpose: string }[];
    expect(pending.map((p) => [p.residentId, p.purpose])).toEqual([[residentId, 'care：急诊抢救，患者昏迷']]);
    const reviewed = await req('adminB', 'POST', `/api/record-reads/${pending[0]?.id}/review`, {
      finding: 'justified',
    });
    expect(reviewed.statusCode).toBe(200);
    expect((await req('adminB', 'GET', '/api/record-reads/review')).json()).toEqual([]);
    const again = await req('adminB', 'POST', `/api/record-reads/${pending[0]?.id}/review`, {
      finding: 'justified',
    });
    expect(again.statusCode).toBe(409);
  });

  it('lets a member of a team with a contract in force read the record without a reason', async () => {
    const docB = await database.db
      .selectFrom('users')
      .select('id')
      .where('username', 'like', `doctor-${B.facilities.chc}-%`)
      .executeTakeFirstOrThrow();
    const team = await database.db
      .insertInto('fd_teams')
      .values({
        code: `T${B.district}`,
        name: '张医生团队',
        facility_unit: B.facilities.chc,
        created_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await database.db
      .insertInto('fd_team_members')
      .values({ team_id: team.id, name: '王医生', role: 'gp', user_id: docB.id })
      .execute();
    const contract = {
      resident_id: residentId,
      team_id: team.id,
      facility_unit: B.facilities.chc,
      package: 'basic',
      signed_by: 'test',
      signed_at: new Date(),
      updated_at: new Date(),
    };
    // Ended last year: no access.
    await database.db
      .insertInto('fd_contracts')
      .values({ ...contract, start_date: '2025-01-01', end_date: '2025-12-31', status: 'signed' })
      .execute();
    expect((await req('doctorB', 'GET', `/api/residents/${residentId}`)).statusCode).toBe(403);
    // In force on the clock's day (2026-06-01): access.
    await database.db
      .insertInto('fd_contracts')
      .values({ ...contract, start_date: '2026-01-01', end_date: '2026-12-31', status: 'signed' })
      .execute();
    const res = await req('doctorB', 'GET', `/api/residents/${residentId}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ breakGlass: false });
  });

  it('finds residents by ID number (either form), phone, or name with birth date, within reach only', async () => {
    const ids = async (who: string, q: string, extra = '') => {
      const res = await req(who, 'GET', `/api/residents?q=${encodeURIComponent(q)}${extra}`);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as { residents: { id: number; name: string; idNumber: string }[] }).residents;
    };
    expect((await ids('doctorA', STANDARD_ID_15)).map((r) => r.id)).toEqual([residentId]);
    expect((await ids('doctorA', '13800138000')).map((r) => r.id)).toEqual([residentId]);
    expect((await ids('doctorA', '張曉梅')).map((r) => r.id)).toEqual([residentId]);
    expect(await ids('doctorA', '张晓梅', '&birthDate=1950-01-01')).toEqual([]);
    expect((await ids('viewerA', '张晓梅', '&birthDate=1949-12-31'))[0]).toMatchObject({
      name: '张*梅',
      idNumber: '1101**********002X',
    });
    expect(await ids('adminB', STANDARD_ID)).toEqual([]);
  });

  it('changes a resident only at the version read, and never to a duplicate', async () => {
    const ok = await req('doctorA', 'PUT', `/api/residents/${residentId}`, {
      version: 1,
      phone: '13912345678',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ id: residentId, version: 2 });
    const stale = await req('doctorA', 'PUT', `/api/residents/${residentId}`, {
      version: 1,
      phone: '13700000000',
    });
    expect(stale.statusCode).toBe(409);
    const row = await database.db
      .selectFrom('residents')
      .select(['version', 'phone_sealed'])
      .where('id', '=', residentId)
      .executeTakeFirstOrThrow();
    expect(row.version).toBe(2);
    expect(row.phone_sealed).not.toContain('139');
    const other = await req('doctorA', 'POST', '/api/residents', {
      name: '李强',
      sex: 'M',
      birthDate: '1980-01-01',
      homeUnit: A.streets[0],
      identifiers: [{ kind: 'resident-id', value: '440524198001010013' }],
    });
    expect(other.statusCode, other.body).toBe(200);
    const dup = await req('doctorA', 'PUT', `/api/residents/${(other.json() as { id: number }).id}`, {
      version: 1,
      sex: 'F',
      birthDate: '1949-12-31',
      identifiers: [{ kind: 'resident-id', value: STANDARD_ID }],
    });
    expect(dup.statusCode).toBe(409);
    expect(JSON.stringify(dup.json())).toContain(`居民档案 ${residentId}`);
    expect(
      (await req('adminB', 'PUT', `/api/residents/${residentId}`, { version: 2, phone: null })).statusCode
    ).toBe(403);
  });

  it('keeps the WS 365 health record checked, versioned and transferable with history', async () => {
    const get = await req('doctorA', 'GET', `/api/residents/${residentId}/health-record`);
    expect(get.json()).toMatchObject({ ownerUnit: A.facilities.chc, version: 1, basic: {}, transfers: [] });
    const bad = await req('doctorA', 'PUT', `/api/residents/${residentId}/health-record`, {
      version: 1,
      basic: { pastHistory: { diseases: [{ code: 'malignant_tumour', diagnosedOn: '2020-03-01' }] } },
    });
    expect(bad.statusCode).toBe(422);
    const basic = {
      bloodGroup: { abo: 'A', rh: 'positive' },
      pastHistory: { diseases: [{ code: 'hypertension', diagnosedOn: '2018-04-01' }] },
      drugAllergies: [{ code: 'penicillin' }],
      familyHistory: { father: ['stroke'] },
      riskFactors: { smoking: 'former' },
    };
    const put = await req('doctorA', 'PUT', `/api/residents/${residentId}/health-record`, {
      version: 1,
      basic,
    });
    expect(put.statusCode, put.body).toBe(200);
    const moved = await req('doctorA', 'POST', `/api/residents/${residentId}/health-record/transfer`, {
      toUnit: B.facilities.station,
      reason: '迁居光明',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const after = (
      await req('doctorA', 'GET', `/api/residents/${residentId}/health-record`)
    ).json() as Record<string, unknown>;
    expect(after).toMatchObject({
      ownerUnit: B.facilities.station,
      version: 3,
      basic: { ...basic, familyHistory: { father: ['stroke'], mother: [], siblings: [], children: [] } },
      transfers: [{ fromUnit: A.facilities.chc, toUnit: B.facilities.station, reason: '迁居光明' }],
    });
    // A malformed stored value is refused on read, naming table, row and column.
    await database.db
      .updateTable('health_records')
      .set({ basic: JSON.stringify({ drugAllergies: [{ code: 'aspirin' }] }) })
      .where('resident_id', '=', residentId)
      .execute();
    const broken = await req('doctorA', 'GET', `/api/residents/${residentId}/health-record`);
    expect(broken.statusCode).toBe(500);
    expect(broken.json()).toMatchObject({
      message: {
        en: `Invalid value stored in the database: table health_records, row ${residentId}, column basic`,
      },
    });
  });
});
