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
  '6,每千人口注册护士数,人,2020,3,明年,≥4,预期性',
].join('\n');

// The shapes real plans come in, written by hand after their tables (values as the plans print them).

/** 健康中国行动-like: 基期水平, 2022 and 2030 targets, 倡导性 rows without a target, merged 领域 cells. */
const ACTION_CSV = [
  '领域,序号,指标,基期水平,2022年目标值,2030年目标值,指标性质',
  '健康知识普及行动,1,居民健康素养水平（%）,14.18,≥22,≥30,预期性',
  ',2,个人定期记录身心健康状况,,,,倡导性',
  ',3,建立并完善健康科普专家库和资源库,,实现,实现,约束性',
  ',4,中医医院设置治未病科室比例（%）,,90,100,预期性',
  '合理膳食行动,5,成人肥胖增长率（%）,2002—2012年平均每年增长约5.3%,持续减缓,持续减缓,预期性',
].join('\n');

const ACTION = {
  id: 'nanshan-action-2030',
  region: '440305',
  period: '2019-2030',
  baseYear: '2017',
  title: '南山区健康行动（2019—2030年）',
};

/** 福州 表1-like: 2015 and 2020 values, 2025 targets, a growth column the import ignores. */
const FUZHOU_ROWS = [
  '健康水平,人均期望寿命,岁,78.37,79.49,80,〔0.51〕,预期性',
  ',婴儿死亡率,‰,3.43‰,2.3‰,4‰以下,—,约束性',
  '资源配置,每万人口全科医生数,人,,2.32,3,—,预期性',
  '健康服务,公民健康素养水平,％,—,2021年开始做,25,〔1.25〕,约束性',
  '健康管理,新发尘肺病报告率,％,—,—,逐步下降,—,预期性',
];
const FUZHOU_CSV = [
  '领域,指标名称,单位,2015年,2020年,2025年目标,年均增长〔累计〕,指标性质',
  ...FUZHOU_ROWS,
].join('\n');
const FUZHOU_BARE_CSV = ['领域,指标名称,单位,2015,2020,2025,年均增长〔累计〕,指标性质', ...FUZHOU_ROWS].join(
  '\n'
);

const FUZHOU = {
  id: 'fuzhou-import-2021',
  region: '350100',
  period: '2021-2025',
  baseYear: '2020',
  title: '福州市“十四五”卫生健康发展专项规划',
};

/** What the Fuzhou-like table says, row by row (a city plan: its own targets are city targets). */
const FUZHOU_EXPECTED = [
  {
    key: 'R-1',
    category: '健康水平',
    name: '人均期望寿命',
    unit: '岁',
    attribute: 'expected',
    baseline: { year: 2020, raw: '79.49', source: 'import' },
    history: [{ year: 2015, raw: '78.37', source: 'table' }],
    targets: [{ year: 2025, level: 'city', raw: '80' }],
  },
  {
    key: 'R-2',
    category: '健康水平',
    name: '婴儿死亡率',
    unit: '‰',
    attribute: 'binding',
    baseline: { year: 2020, raw: '2.3‰', source: 'import' },
    history: [{ year: 2015, raw: '3.43‰', source: 'table' }],
    targets: [{ year: 2025, level: 'city', raw: '4‰以下' }],
  },
  {
    key: 'R-3',
    category: '资源配置',
    name: '每万人口全科医生数',
    unit: '人',
    attribute: 'expected',
    baseline: { year: 2020, raw: '2.32', source: 'import' },
    history: undefined,
    targets: [{ year: 2025, level: 'city', raw: '3' }],
  },
  {
    key: 'R-4',
    category: '健康服务',
    name: '公民健康素养水平',
    unit: '％',
    attribute: 'binding',
    baseline: { year: 2020, raw: '2021年开始做', source: 'import' },
    history: undefined,
    targets: [{ year: 2025, level: 'city', raw: '25' }],
  },
  {
    key: 'R-5',
    category: '健康管理',
    name: '新发尘肺病报告率',
    unit: '％',
    attribute: 'expected',
    baseline: null,
    history: undefined,
    targets: [{ year: 2025, level: 'city', raw: '逐步下降' }],
  },
];

const FUZHOU_WARNINGS = (first: number) => [
  {
    row: first,
    field: 'baseline',
    message: {
      zh: '2020 年基期值“2021年开始做”不是数值，按原文保留',
      en: 'The 2020 baseline "2021年开始做" is not a number; kept as written',
    },
  },
  {
    row: first + 1,
    field: 'target2025',
    message: { zh: '2025 年目标值“逐步下降”为定性目标', en: 'The 2025 target "逐步下降" is qualitative' },
  },
];

function shape(rows: PlanDetail['rows']) {
  return rows.map((r) => ({
    key: r.key,
    category: r.category,
    name: r.name,
    unit: r.unit,
    attribute: r.attribute,
    baseline: r.baseline,
    history: r.history,
    targets: r.targets.map((t) => ({ year: t.year, level: t.level, raw: t.raw })),
  }));
}

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
    expect(res.json()).toEqual({
      code: 'VALIDATION_FAILED',
      message: {
        zh: '表格有 5 处错误，未导入任何内容',
        en: 'The table has 5 error(s); nothing was imported',
      },
      issues: [
        { row: 3, field: 'name', message: { zh: '指标名称为空', en: 'The indicator name is empty' } },
        {
          row: 4,
          field: 'baseYear',
          value: '二〇二〇',
          message: { zh: '基期年“二〇二〇”不是年份', en: 'The base year "二〇二〇" is not a year' },
        },
        {
          row: 5,
          field: 'targetYear',
          value: '2031',
          message: {
            zh: '目标年 2031 不在规划期 2021—2025 内',
            en: 'The target year 2031 is outside the plan period 2021–2025',
          },
        },
        {
          row: 6,
          field: 'attribute',
          value: '重要',
          message: {
            zh: '指标属性“重要”无法识别，应为约束性、预期性或倡导性',
            en: 'The attribute "重要" is not one of binding, expected or advocacy',
          },
        },
        {
          row: 7,
          field: 'targetYear',
          value: '明年',
          message: { zh: '目标年“明年”不是年份', en: 'The target year "明年" is not a year' },
        },
      ],
    });
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
    expect(result.warnings).toEqual([
      {
        row: 5,
        field: 'target',
        message: { zh: '目标值“稳步提高”为定性目标', en: 'The target "稳步提高" is qualitative' },
      },
    ]);
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
    expect(res.json()).toEqual({
      code: 'VALIDATION_FAILED',
      message: {
        zh: '表头有 1 处错误，未导入任何内容',
        en: 'The header has 1 error(s); nothing was imported',
      },
      issues: [
        {
          row: 1,
          field: 'target',
          message: {
            zh: '表头缺少目标值列：应有“目标值”列、带年份的目标列（如“2025年目标值”），或晚于基期年 2020 的年份列',
            en: 'The header has no target column: use "target", a target column with a year (such as "target2025"), or a year after the base year 2020',
          },
        },
      ],
    });
  });
  const detail = async (id: string, who = cookie): Promise<PlanDetail> =>
    (await app.inject({ url: `/api/plans/${id}`, headers: { cookie: who } })).json() as PlanDetail;

  it('imports 2022 and 2030 targets and 倡导性 rows without a target (健康中国行动-like)', async () => {
    const res = await post({ name: 'action.csv', body: ACTION_CSV }, ACTION);
    expect(res.statusCode).toBe(200);
    const result = res.json() as ImportResult;
    expect(result).toMatchObject({ planId: 'nanshan-action-2030', changed: true, version: 1, rows: 5 });
    expect(result.warnings).toEqual([
      {
        row: 3,
        field: 'target',
        message: {
          zh: '没有目标值，作为监测指标导入',
          en: 'No target: imported as a monitoring-only indicator',
        },
      },
      {
        row: 4,
        field: 'target2022',
        message: { zh: '2022 年目标值“实现”为定性目标', en: 'The 2022 target "实现" is qualitative' },
      },
      {
        row: 4,
        field: 'target2030',
        message: { zh: '2030 年目标值“实现”为定性目标', en: 'The 2030 target "实现" is qualitative' },
      },
      {
        row: 6,
        field: 'baseline',
        message: {
          zh: '基期值“2002—2012年平均每年增长约5.3%”不是数值，按原文保留',
          en: 'The baseline "2002—2012年平均每年增长约5.3%" is not a number; kept as written',
        },
      },
      {
        row: 6,
        field: 'target2022',
        message: { zh: '2022 年目标值“持续减缓”为定性目标', en: 'The 2022 target "持续减缓" is qualitative' },
      },
      {
        row: 6,
        field: 'target2030',
        message: { zh: '2030 年目标值“持续减缓”为定性目标', en: 'The 2030 target "持续减缓" is qualitative' },
      },
    ]);
    const plan = await detail('nanshan-action-2030');
    expect(plan.bindingRowCount).toBe(1);
    expect(shape(plan.rows)).toEqual([
      {
        key: 'R-1',
        category: '健康知识普及行动',
        name: '居民健康素养水平（%）',
        unit: '%',
        attribute: 'expected',
        baseline: { year: 2017, raw: '14.18', source: 'import' },
        history: undefined,
        targets: [
          { year: 2022, level: 'district', raw: '≥22' },
          { year: 2030, level: 'district', raw: '≥30' },
        ],
      },
      {
        key: 'R-2',
        category: '健康知识普及行动',
        name: '个人定期记录身心健康状况',
        unit: undefined,
        attribute: 'advocacy',
        baseline: null,
        history: undefined,
        targets: [],
      },
      {
        key: 'R-3',
        category: '健康知识普及行动',
        name: '建立并完善健康科普专家库和资源库',
        unit: undefined,
        attribute: 'binding',
        baseline: null,
        history: undefined,
        targets: [
          { year: 2022, level: 'district', raw: '实现' },
          { year: 2030, level: 'district', raw: '实现' },
        ],
      },
      {
        key: 'R-4',
        category: '健康知识普及行动',
        name: '中医医院设置治未病科室比例（%）',
        unit: '%',
        attribute: 'expected',
        baseline: null,
        history: undefined,
        targets: [
          { year: 2022, level: 'district', raw: '90' },
          { year: 2030, level: 'district', raw: '100' },
        ],
      },
      {
        key: 'R-5',
        category: '合理膳食行动',
        name: '成人肥胖增长率（%）',
        unit: '%',
        attribute: 'expected',
        baseline: { year: 2017, raw: '2002—2012年平均每年增长约5.3%', source: 'import' },
        history: undefined,
        targets: [
          { year: 2022, level: 'district', raw: '持续减缓' },
          { year: 2030, level: 'district', raw: '持续减缓' },
        ],
      },
    ]);
    expect(plan.rows.every((r) => r.targets.every((t) => t.yearStated))).toBe(true);
    const again = await post({ name: 'action.csv', body: ACTION_CSV }, ACTION);
    expect(again.json()).toMatchObject({ changed: false, version: 1 });
  });

  it('evaluates a year against the next target due, and a row without a target as monitored only', async () => {
    type Evaluation = {
      rows: { key: string; attribute: string | null; status: string; target: unknown; reason: unknown }[];
    };
    const evaluate = async (year: number) =>
      (
        (
          await app.inject({
            url: `/api/plans/nanshan-action-2030/evaluation?year=${year}`,
            headers: { cookie },
          })
        ).json() as Evaluation
      ).rows;
    const in2021 = await evaluate(2021);
    const in2025 = await evaluate(2025);
    expect(in2021.find((r) => r.key === 'R-1')?.target).toEqual({
      raw: '≥22',
      year: 2022,
      level: 'district',
    });
    expect(in2025.find((r) => r.key === 'R-1')?.target).toEqual({
      raw: '≥30',
      year: 2030,
      level: 'district',
    });
    expect(in2025.find((r) => r.key === 'R-2')).toMatchObject({
      attribute: 'advocacy',
      status: 'not_evaluable',
      target: null,
      reason: { zh: '该行没有目标值，仅作监测', en: 'The row has no target; it is monitored only' },
    });
  });

  it('reads 2015 and 2020 values and 2025 targets, labelled or as bare years (福州 表1-like)', async () => {
    const fuzhou = (await signIn(database.db, app, 'planner', '350100')).cookie;
    const labelled = await post({ name: 'fuzhou.csv', body: FUZHOU_CSV }, FUZHOU, '', fuzhou);
    expect(labelled.statusCode).toBe(200);
    const unknownColumn = {
      row: 1,
      field: '年均增长〔累计〕',
      message: {
        zh: '未识别的列“年均增长〔累计〕”，已忽略',
        en: 'Unknown column "年均增长〔累计〕" ignored',
      },
    };
    expect((labelled.json() as ImportResult).warnings).toEqual([unknownColumn, ...FUZHOU_WARNINGS(5)]);
    expect(shape((await detail(FUZHOU.id, fuzhou)).rows)).toEqual(FUZHOU_EXPECTED);

    const bare = await post(
      { name: 'fuzhou-bare.csv', body: FUZHOU_BARE_CSV },
      { ...FUZHOU, id: 'fuzhou-bare-2021' },
      '',
      fuzhou
    );
    expect(bare.statusCode).toBe(200);
    expect((bare.json() as ImportResult).warnings).toEqual([unknownColumn, ...FUZHOU_WARNINGS(5)]);
    expect(shape((await detail('fuzhou-bare-2021', fuzhou)).rows)).toEqual(FUZHOU_EXPECTED);
  });

  it('reads a two-row header with merged cells (现状值 over 2015 | 2020, 目标值 over 2025) in XLSX', async () => {
    const fuzhou = (await signIn(database.db, app, 'planner', '350100')).cookie;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('表1');
    ws.addRow(['领域', '指标名称', '单位', '现状值', null, '目标值', '指标性质']);
    ws.addRow([null, null, null, 2015, 2020, 2025, null]);
    for (const c of ['A', 'B', 'C', 'G']) ws.mergeCells(`${c}1:${c}2`);
    ws.mergeCells('D1:E1');
    for (const line of FUZHOU_ROWS) {
      const cells = line.split(',');
      cells.splice(6, 1); // no growth column in this layout
      ws.addRow(cells);
    }
    const body = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await post({ name: 'fuzhou.xlsx', body }, { ...FUZHOU, id: 'fuzhou-xlsx-2021' }, '', fuzhou);
    expect(res.statusCode).toBe(200);
    expect((res.json() as ImportResult).warnings).toEqual(FUZHOU_WARNINGS(6));
    expect(shape((await detail('fuzhou-xlsx-2021', fuzhou)).rows)).toEqual(FUZHOU_EXPECTED);

    // The same grouping in CSV, where a merged cell is one filled cell and blanks to its right.
    const csv = [
      '领域,指标名称,单位,现状值,,目标值,指标性质',
      ',,,2015,2020,2025,',
      ...FUZHOU_ROWS.map((l) =>
        l
          .split(',')
          .filter((_, i) => i !== 6)
          .join(',')
      ),
    ].join('\n');
    const fromCsv = await post(
      { name: 'fuzhou2.csv', body: csv },
      { ...FUZHOU, id: 'fuzhou-csv2-2021' },
      '',
      fuzhou
    );
    expect((fromCsv.json() as ImportResult).warnings).toEqual(FUZHOU_WARNINGS(6));
    expect(shape((await detail('fuzhou-csv2-2021', fuzhou)).rows)).toEqual(FUZHOU_EXPECTED);
  });

  it('reads district and city target columns (福田 表2-like), headers written with spaces and a category row (湘桥-like)', async () => {
    const futian = await post(
      {
        name: 'futian.csv',
        body: [
          '序号,指标名称,2025年区级指标,2025年深圳市级指标,指标属性',
          '3,居民健康素养水平（%）,≥60,≥50,预期性',
          '11,每万人口拥有全科医生数（人）,≥6.5,≥5.0,约束性',
        ].join('\n'),
      },
      { ...NANSHAN, id: 'futian-import-2021', region: '440304', title: '福田区卫生健康“十四五”规划' }
    );
    expect(futian.statusCode).toBe(200);
    expect((futian.json() as ImportResult).warnings).toEqual([]);
    expect(
      (await detail('futian-import-2021')).rows.map((r) => [
        r.key,
        r.unit,
        r.attribute,
        r.targets.map((t) => [t.year, t.level, t.raw]),
      ])
    ).toEqual([
      [
        'R-3',
        '%',
        'expected',
        [
          [2025, 'district', '≥60'],
          [2025, 'city', '≥50'],
        ],
      ],
      [
        'R-11',
        '人',
        'binding',
        [
          [2025, 'district', '≥6.5'],
          [2025, 'city', '≥5.0'],
        ],
      ],
    ]);

    const xiangqiao = await post(
      {
        name: 'xiangqiao.csv',
        body: [
          '领域,序号,主要指标,单位,2020 年 区现状,2025 年 区目标,指标 性质',
          '健康 水平,1,人均预期寿命,岁,79.1,79.7,预期性',
          '健康生活,7,15岁以上人群吸烟率,%,—,<20,预期性',
          '健康服务,,,,,,',
          ',8,每千人口拥有医疗卫生机构床位数,张,0.96,4.58,预期性',
        ].join('\n'),
      },
      { ...NANSHAN, id: 'xiangqiao-like-2021', title: '湘桥区卫生健康事业发展“十四五”规划' }
    );
    expect(xiangqiao.statusCode).toBe(200);
    expect((xiangqiao.json() as ImportResult).warnings).toEqual([]);
    expect(shape((await detail('xiangqiao-like-2021')).rows)).toEqual([
      {
        key: 'R-1',
        category: '健康 水平',
        name: '人均预期寿命',
        unit: '岁',
        attribute: 'expected',
        baseline: { year: 2020, raw: '79.1', source: 'import' },
        history: undefined,
        targets: [{ year: 2025, level: 'district', raw: '79.7' }],
      },
      {
        key: 'R-7',
        category: '健康生活',
        name: '15岁以上人群吸烟率',
        unit: '%',
        attribute: 'expected',
        baseline: null,
        history: undefined,
        targets: [{ year: 2025, level: 'district', raw: '<20' }],
      },
      {
        key: 'R-8',
        category: '健康服务',
        name: '每千人口拥有医疗卫生机构床位数',
        unit: '张',
        attribute: 'expected',
        baseline: { year: 2020, raw: '0.96', source: 'import' },
        history: undefined,
        targets: [{ year: 2025, level: 'district', raw: '4.58' }],
      },
    ]);
  });

  it('takes English headers and attribute words (binding, expected, advocacy)', async () => {
    const res = await post(
      {
        name: 'english.csv',
        body: [
          'seq,indicator,unit,baseline2020,target2025,city target 2025,attribute',
          '1,Infant mortality rate,‰,1.2,≤2.5,≤3,binding',
          '2,Health literacy,%,40,≥50,,Expected',
          '3,Daily salt intake,g,,,,advocacy',
        ].join('\n'),
      },
      { ...NANSHAN, id: 'english-2021' }
    );
    expect(res.statusCode).toBe(200);
    expect((res.json() as ImportResult).warnings).toEqual([
      {
        row: 4,
        field: 'target',
        message: {
          zh: '没有目标值，作为监测指标导入',
          en: 'No target: imported as a monitoring-only indicator',
        },
      },
    ]);
    expect(
      (await detail('english-2021')).rows.map((r) => [
        r.attribute,
        r.baseline?.raw ?? null,
        r.targets.map((t) => [t.year, t.level, t.raw]),
      ])
    ).toEqual([
      [
        'binding',
        '1.2',
        [
          [2025, 'district', '≤2.5'],
          [2025, 'city', '≤3'],
        ],
      ],
      ['expected', '40', [[2025, 'district', '≥50']]],
      ['advocacy', null, []],
    ]);
  });

  it('names the header column it cannot read: a year without actual or target, a year outside the period, a year twice', async () => {
    const before = [await count('plans'), await count('plan_rows'), await count('audit_log')];
    const res = await post(
      {
        name: 'header.csv',
        body: ['指标名称,2020年,2025年数据,2030,2025年目标值,2025', '婴儿死亡率,1.2,1.1,≤2,≤2.5,≤2.5'].join(
          '\n'
        ),
      },
      { ...NANSHAN, id: 'header-2021' }
    );
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({
      code: 'VALIDATION_FAILED',
      message: {
        zh: '表头有 3 处错误，未导入任何内容',
        en: 'The header has 3 error(s); nothing was imported',
      },
      issues: [
        {
          row: 1,
          field: '2025年数据',
          value: '2025年数据',
          message: {
            zh: '列“2025年数据”含年份 2025，但看不出是实际值还是目标值；请写成“2025年实际值”或“2025年目标值”',
            en: 'Column "2025年数据" has the year 2025 but does not say whether it holds actual values or targets; name it like "actual2025" or "target2025"',
          },
        },
        {
          row: 1,
          field: '2030',
          value: '2030',
          message: {
            zh: '列“2030”：晚于基期年 2020 的年份按目标值读取，但 2030 年不在规划期 2021—2025 内',
            en: 'Column "2030": a year after the base year 2020 is read as a target, but 2030 is outside the plan period 2021–2025',
          },
        },
        {
          row: 1,
          field: 'target2025',
          value: '2025',
          message: {
            zh: '列“2025年目标值”和“2025”都是 2025 年目标值',
            en: 'Columns "2025年目标值" and "2025" both hold the 2025 target',
          },
        },
      ],
    });
    expect([await count('plans'), await count('plan_rows'), await count('audit_log')]).toEqual(before);
  });

  it('refuses a row whose two columns give different baselines or the same target year', async () => {
    const res = await post(
      {
        name: 'conflict.csv',
        body: [
          '指标名称,基期值,2020年现状值,目标年,目标值,2025年目标值',
          '婴儿死亡率,1.2,1.3,2025,≤2.5,≤3',
          '孕产妇死亡率,5,5,2024,≤8,≤8',
        ].join('\n'),
      },
      { ...NANSHAN, id: 'conflict-2021' }
    );
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({
      code: 'VALIDATION_FAILED',
      message: {
        zh: '表格有 2 处错误，未导入任何内容',
        en: 'The table has 2 error(s); nothing was imported',
      },
      issues: [
        {
          row: 2,
          field: 'target2025',
          value: '≤3',
          message: {
            zh: '目标值与 2025 年目标值都是 2025 年的目标',
            en: 'The target and the 2025 target are both targets for 2025',
          },
        },
        {
          row: 2,
          field: 'baseline',
          value: '1.3',
          message: {
            zh: '基期值“1.2”与 2020 年基期值“1.3”不一致',
            en: 'The baseline "1.2" and the 2020 baseline "1.3" differ',
          },
        },
      ],
    });
  });
});
