import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap } from '../../bootstrap';
import type { Database } from '../../db/connection';
import { createTestApp, signIn } from '../../test/app';
import { ENGINES, createTestDatabase } from '../../test/db';

describe.each(ENGINES)('evaluation reports on %s', (engine) => {
  let database: Database;
  let app: FastifyInstance;
  let cookie: string;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await bootstrap(database.db);
    app = (await createTestApp(database.db)).app;
    cookie = (await signIn(database.db, app, 'viewer', '440304')).cookie;
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('writes the final report of Futian 2016–2020 in Chinese, with the table in the plan’s layout and the findings', async () => {
    const res = await app.inject({
      url: '/api/plans/futian-2016/report?year=2020&format=html',
      headers: { cookie },
    });
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain('终期评估报告');
    for (const h of ['类别', '指标名称', '基期值', '目标值', '当前值', '实现情况']) {
      expect(html).toContain(`<th>${h}</th>`);
    }
    expect(html).toContain('已完成 21 项');
    expect(html).toContain('区属医疗机构平均住院日：原文记为“完成规划目标”');
  });

  it('writes English on request and a workbook with the inputs of every row', async () => {
    const en = await app.inject({
      url: '/api/plans/futian-2016/report?year=2020&format=html&lang=en',
      headers: { cookie },
    });
    expect(en.body).toContain('Final evaluation report');
    expect(en.body).toContain('21 achieved');
    const xlsx = await app.inject({
      url: '/api/plans/futian-2016/report?year=2020&format=xlsx',
      headers: { cookie },
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws?.rowCount).toBe(4 + 27);
    expect(ws?.getRow(4).values).toContain('进度');
  });

  it('writes a Word document a bureau can submit', async () => {
    const res = await app.inject({
      url: '/api/plans/futian-2021/report?year=2023&format=docx',
      headers: { cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect(res.rawPayload.length).toBeGreaterThan(5000);
  });
});
