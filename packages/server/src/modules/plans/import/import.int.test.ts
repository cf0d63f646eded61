import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportResult, PlanDetail } from '@weijian/core';
import type { Database } from '../../../db/connection';
import { createTestApp, signIn } from '../../../test/app';
import { ENGINES, createTestDatabase } from '../../../test/db';

const GOOD_CSV = [
  '序号,类别,指标名称,单位,基期年,基期值,目标年,目标值,上级目标值,指标属性',
  '1,健康水平,人均期望寿命（岁）,,2020,83.5,2025,≥84.5,≥84.53,预期性',
  '2,健康水平,婴儿死亡率,‰,2020,1.2,2025,≤2.5,≤2.5,约束性',
  '3,健康服务,每千人口拥有病床数,张,2020,2.1,2025,增长 30%,,预期性',
  '4,健康服务,社区卫生服务覆盖,,2020,,2025,稳步提高,,预期性',
].join('\n');

const BAD_CSV = [
  'seq,name,unit,baseYear,baseline,targetYear,target,attribute',
  '1,人均期望寿命,岁,2020,83.5,2025,≥84.5,预期性',
  '2,,‰,2020,1.2,2025,≤2.5,约束性',
  '3,每千人口拥有病床数,张,二〇二〇,2.1,2025,增长 30%,预期性',
  '4,孕产妇死亡率,1/10万,2020,3,2031,≤6.5,预期性',
  '5,每万人口全科医生数,人,2020,3,2025,≥5,重要',
  '6,每千人口注册护士数,人,2020,3,2025,,预期性',
].join('\n');

function multipart(
  file: { name: string; body: Buffer | string },
  fields: Record<string, string>
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----weijian-test-boundary';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`
    )
  );
  parts.push(Buffer.isBuffer(file.body) ? file.body : Buffer.from(file.body));
  parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

const NANSHAN = {
  id: 'nanshan-2021',
  region: '440305',
  period: '2021-2025',
  baseYear: '2020',
  title: '南山区卫生健康“十四五”规划',
};

describe.each(ENGINES)('importing a plan table on %s', (engine) => {
  let database: Database;
  let app: FastifyInstance;
  let cookie: string;
  const count = async (table: 'plans' | 'plan_rows' | 'audit_log'): Promise<number> =>
    Number(
      (
        await database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
          .executeTakeFirstOrThrow()
      ).n
    );
  const post = (
    file: { name: string; body: Buffer | string },
    fields: Record<string, string> = NANSHAN,
    query = '',
    who = cookie
  ) => {
    const { payload, headers } = multipart(file, fields);
    return app.inject({
      method: 'POST',
      url: `/api/plans/import${query}`,
      payload,
      headers: { ...headers, cookie: who },
    });
  };

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    app = (await createTestApp(database.db)).app;
    cookie = (await signIn(database.db, app, 'planner', '440300')).cookie;
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('refuses a malformed table with row-level errors and changes nothing', async () => {
    const before = [await count('plans'), await count('plan_rows'), await count('audit_log')];
    const res = await post({ name: 'bad.csv', body: BAD_CSV }, { ...NANSHAN, id: 'bad-2021' });
    expect(res.statusCode).toBe(422);
    const body = res.json() as {
      code: string;
      message: { zh: string; en: string };
      issues: { row: number; field: string }[];
    };
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.message.en).toMatch(/nothing was imported/);
    expect(body.issues.map((i) => [i.row, i.field])).toEqual([
      [3, 'name'],
      [4, 'baseYear'],
      [5, 'targetYear'],
      [6, 'attribute'],
      [7, 'target'],
    ]);
    expect([await count('plans'), await count('plan_rows'), await count('audit_log')]).toEqual(before);
  });

  it('does a dry run without writing', async () => {
    const before = await count('plans');
    const res = await post({ name: 'nanshan.csv', body: GOOD_CSV }, NANSHAN, '?dryRun=true');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ dryRun: true, rows: 4, changed: false });
    expect(await count('plans')).toBe(before);
  });

  it('imports a CSV of a region it has never seen, mapping names to the catalogue', async () => {
    const res = await post({ name: 'nanshan.csv', body: GOOD_CSV });
    expect(res.statusCode).toBe(200);
    const result = res.json() as ImportResult;
    expect(result).toMatchObject({ planId: 'nanshan-2021', changed: true, version: 1, rows: 4 });
    expect(result.warnings.map((w) => [w.row, w.field])).toEqual([[5, 'target']]);
    const plan = (
      await app.inject({ url: '/api/plans/nanshan-2021', headers: { cookie } })
    ).json() as PlanDetail;
    expect(plan.region).toEqual({ code: '440305', name: '南山区' });
    expect(plan.rows.map((r) => [r.name, r.unit, r.indicator])).toEqual([
      ['人均期望寿命（岁）', '岁', 'LIFE_EXPECTANCY'],
      ['婴儿死亡率', '‰', 'IMR'],
      ['每千人口拥有病床数', '张', 'BEDS_PER_1000'],
      ['社区卫生服务覆盖', undefined, null],
    ]);
    expect(plan.rows[0]?.targets.map((t) => [t.level, t.raw])).toEqual([
      ['district', '≥84.5'],
      ['city', '≥84.53'],
    ]);
    expect(plan.rows[1]?.attribute).toBe('binding');
    expect(plan.rows[2]?.targets[0]?.parsed).toMatchObject({ kind: 'change', amount: 30 });
  });

  it('changes nothing when the same file is imported again', async () => {
    const audit = await count('audit_log');
    const res = await post({ name: 'nanshan.csv', body: GOOD_CSV });
    expect(res.json()).toMatchObject({ changed: false, version: 1 });
    expect(await count('audit_log')).toBe(audit);
  });

  it('imports XLSX with the same columns', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('指标');
    for (const line of GOOD_CSV.split('\n')) ws.addRow(line.split(','));
    const body = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await post({ name: 'nanshan.xlsx', body }, { ...NANSHAN, id: 'nanshan-xlsx-2021' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ planId: 'nanshan-xlsx-2021', rows: 4, changed: true });
  });

  it('refuses files that are not spreadsheets, too large, or for unknown or out-of-scope regions', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    expect((await post({ name: 'logo.png', body: png }, { ...NANSHAN, id: 'x1-2021' })).statusCode).toBe(415);
    const huge = Buffer.alloc(5 * 1024 * 1024 + 10, 0x41);
    expect((await post({ name: 'huge.csv', body: huge }, { ...NANSHAN, id: 'x2-2021' })).statusCode).toBe(
      413
    );
    const unknown = await post(
      { name: 'a.csv', body: GOOD_CSV },
      { ...NANSHAN, id: 'x3-2021', region: '999999' }
    );
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ issues: [{ field: 'region' }] });
    const outside = await post(
      { name: 'a.csv', body: GOOD_CSV },
      { ...NANSHAN, id: 'x4-2021', region: '350102' }
    );
    // Outside the scope answers exactly like unknown, so codes outside one's scope cannot be probed.
    expect(outside.statusCode).toBe(404);
    expect({ ...(outside.json() as object), message: null, issues: null }).toEqual({
      ...(unknown.json() as object),
      message: null,
      issues: null,
    });
    const badPeriod = await post(
      { name: 'a.csv', body: GOOD_CSV },
      { ...NANSHAN, id: 'x5-2021', period: '2025-2021' }
    );
    expect(badPeriod.json()).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ field: 'period' }] });
  });

  it('lets only planners and admins import', async () => {
    const viewer = await signIn(database.db, app, 'viewer', '440300');
    expect(
      (await post({ name: 'a.csv', body: GOOD_CSV }, { ...NANSHAN, id: 'x6-2021' }, '', viewer.cookie))
        .statusCode
    ).toBe(403);
  });

  it('names a missing required column', async () => {
    const res = await post(
      { name: 'a.csv', body: '序号,指标名称\n1,婴儿死亡率' },
      { ...NANSHAN, id: 'x7-2021' }
    );
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ issues: [{ row: 1, field: 'target' }] });
  });
});
