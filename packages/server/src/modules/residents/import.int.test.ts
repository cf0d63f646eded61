/**
 * Importing residents from a provincial primary-care export (Chinese headers): dry run, all or
 * nothing, every error naming row and column, duplicates within the file and against the index.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/connection';
import { createTestApp, signIn } from '../../test/app';
import { createDistrict, type DistrictFixture } from '../../test/fixtures';
import { ENGINES, createTestDatabase } from '../../test/db';
import { multipart } from '../../test/multipart';
import { changedTables, databaseDigest } from '../../test/security-fixture';

const HEADER = '姓名,性别,出生日期,身份证号,联系电话,现住址,所属社区';
// Valid numbers (check characters by ISO 7064 MOD 11-2): GB 11643's own example, and one worked by
// hand (440524198001010013: weighted sum 196 → 9 → '3').
const ID_F = '11010519491231002X';
const ID_M = '440524198001010013';

describe.each(ENGINES)('resident import on %s', (engine) => {
  let database: Database;
  let app: FastifyInstance;
  let A: DistrictFixture;
  let cookie = '';
  const upload = (csv: string, query = '') => {
    const m = multipart({ name: '居民.csv', body: csv });
    return app.inject({
      method: 'POST',
      url: `/api/residents/import${query}`,
      payload: m.payload,
      headers: { ...m.headers, cookie },
    });
  };
  const skip = ['login_throttle', 'sessions'];

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    ({ app } = await createTestApp(database.db));
    A = await createDistrict(database.db);
    cookie = (await signIn(database.db, app, 'doctor', A.district)).cookie;
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('checks a dry run without writing, then imports the file whole', async () => {
    const csv = [
      HEADER,
      `张晓梅,女,1949/12/31,${ID_F},13800138000,幸福路12号,${A.streets[0]}`,
      `李强,男,19800101,${ID_M},,,${A.streets[1]}`,
      // The community by its name; sex as the GB/T 2261.1 code; no ID.
      `王芳,2,1990年5月6日,,0755-86001234,,一街道${A.district.slice(1)}`,
      '',
    ].join('\n');
    const before = await databaseDigest(database.db, skip);
    const dry = await upload(csv, '?dryRun=true');
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toEqual({ dryRun: true, rows: 3, created: 0, possibleDuplicates: [] });
    expect(changedTables(before, await databaseDigest(database.db, skip))).toEqual([]);
    const real = await upload(csv);
    expect(real.statusCode, real.body).toBe(200);
    expect(real.json()).toMatchObject({ dryRun: false, rows: 3, created: 3 });
    const rows = await database.db
      .selectFrom('residents')
      .select(['sex', 'home_unit'])
      .select((eb) => eb.cast<string>('birth_date', 'text').as('birth'))
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { sex: 'F', home_unit: A.streets[0], birth: '1949-12-31' },
      { sex: 'M', home_unit: A.streets[1], birth: '1980-01-01' },
      { sex: 'F', home_unit: A.streets[0], birth: '1990-05-06' },
    ]);
    expect(JSON.stringify(await database.db.selectFrom('residents').selectAll().execute())).not.toContain(
      '张晓梅'
    );
  });

  it('refuses a file with errors whole, naming each row and column', async () => {
    const csv = [
      HEADER,
      `赵一,男,1980-01-01,440524198001010014,,,${A.streets[0]}`, // row 2: wrong check character
      `钱二,男,1985-02-03,440304198502030016,,,${A.streets[0]}`, // row 3: fine by itself? see below
      `孙三,男,1985-02-03,440304198502030016,,,${A.streets[0]}`, // row 4: same ID as row 3
      `李四,女,1980-01-01,${ID_M},,,${A.streets[0]}`, // row 5: sex disagrees with the ID, and ID already registered
      `周五,未知性别,1980-13-01,,,,不存在的社区`, // row 6: sex, birth date, community
      `吴六,女,1970-01-01,${ID_F},,,${A.streets[0]}`, // row 7: birth date disagrees with the ID
    ].join('\n');
    const before = await databaseDigest(database.db, skip);
    const res = await upload(csv);
    expect(res.statusCode).toBe(422);
    const issues = (
      res.json() as { issues: { row: number; field: string; message: { zh: string; en: string } }[] }
    ).issues;
    const got = issues.map((i) => [i.row, i.field]);
    expect(got).toEqual(
      expect.arrayContaining([
        [2, '身份证号'],
        [4, '身份证号'],
        [5, '性别'],
        [6, '性别'],
        [6, '出生日期'],
        [6, '所属社区'],
        [7, '出生日期'],
      ])
    );
    expect(issues.find((i) => i.row === 4)?.message.zh).toContain('第 3 行');
    for (const i of issues) {
      expect(i.message.zh.length).toBeGreaterThan(0);
      expect(i.message.en.length).toBeGreaterThan(0);
    }
    expect(changedTables(before, await databaseDigest(database.db, skip))).toEqual([]);
    // The registered ID, alone, names the record holding it.
    const again = await upload([HEADER, `李强,男,1980-01-01,${ID_M},,,${A.streets[0]}`].join('\n'));
    expect(again.statusCode).toBe(422);
    expect((again.json() as { issues: { row: number; message: { zh: string } }[] }).issues[0]).toMatchObject({
      row: 2,
      message: { zh: expect.stringContaining('已登记在居民档案') as unknown },
    });
    const missing = await upload('姓名,出生日期\n张三,1980-01-01\n');
    expect(missing.statusCode).toBe(422);
    expect(JSON.stringify(missing.json())).toContain('缺少“性别”列');
  });

  it('reports likely duplicates within the file and against the index, and queues them', async () => {
    const csv = [
      HEADER,
      // Same person as row 3 of the first import (王芳), now with a homophone typo in the given name.
      `王方,女,1990-05-06,,0755-86001234,,${A.streets[0]}`,
      `郑七,男,1966-06-06,,13911112222,和平路1号2栋3室,${A.streets[0]}`,
      `郑七,男,1966-06-06,,13911112222,和平路1号2栋3室,${A.streets[0]}`,
    ].join('\n');
    const res = await upload(csv);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as {
      possibleDuplicates: { row: number; otherRow?: number; residentId?: number }[];
      ids: number[];
    };
    expect(
      body.possibleDuplicates.map((p) => [p.row, p.otherRow ?? null, p.residentId !== undefined])
    ).toEqual(
      expect.arrayContaining([
        [3, 4, false],
        [2, null, true],
      ])
    );
    const queued = await database.db.selectFrom('match_candidates').select(['a_id', 'b_id']).execute();
    expect(queued.length).toBe(body.possibleDuplicates.length);
  });
});
