import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap } from '../../bootstrap';
import type { Database } from '../../db/connection';
import { createTestApp, signIn } from '../../test/app';
import { ENGINES, createTestDatabase } from '../../test/db';
import { repoPath } from '../../paths';
import { catalogue } from '../catalogue';
import { generateDemo } from '../demo';
import { readPlanDirectory } from '../plans';

/** The text of a Word document's body. */
async function docxText(payload: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(payload);
  const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
  return xml.replace(/<[^>]+>/g, '');
}

async function workbook(payload: Buffer): Promise<ExcelJS.Worksheet | undefined> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(payload as unknown as ArrayBuffer);
  return wb.worksheets[0];
}

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

  it('marks nothing synthetic in a report built only on what the plan states', async () => {
    const get = (format: string) =>
      app.inject({ url: `/api/plans/futian-2016/report?year=2020&format=${format}`, headers: { cookie } });
    const html = (await get('html')).body;
    expect(html).not.toContain('合成');
    expect(html).not.toContain('※');
    expect(await docxText((await get('docx')).rawPayload)).not.toContain('合成');
    const ws = await workbook((await get('xlsx')).rawPayload);
    expect(ws?.getRow(3).getCell(1).text).toBe('');
    expect(ws?.getColumn(ws.getRow(4).cellCount).values.slice(5).filter(Boolean)).toEqual([]);
  });

  it('puts a banner on the first page and a mark on each row built on synthetic data', async () => {
    await generateDemo(
      database.db,
      catalogue(),
      readPlanDirectory(repoPath('plans')),
      { userId: null, name: 'demo' },
      { seed: 3, scale: 'district', fromYear: 2019, toYear: 2023, regions: ['440304'] }
    );
    const get = (format: string, lang = 'zh') =>
      app.inject({
        url: `/api/plans/futian-2021/report?year=2023&format=${format}&lang=${lang}`,
        headers: { cookie },
      });
    const html = (await get('html')).body;
    // The banner comes before the title.
    expect(html.indexOf('本报告含合成演示数据')).toBeGreaterThan(-1);
    expect(html.indexOf('本报告含合成演示数据')).toBeLessThan(html.indexOf('<h1>'));
    // 婴儿死亡率 is computed from the demo's births and deaths: its value carries the mark.
    const imr = /<tr><td>[^<]*<\/td><td>婴儿死亡率<\/td>(.*?)<\/tr>/.exec(html)?.[1] ?? '';
    expect(imr).toMatch(/<td>[\d.]+ ※<\/td>/);
    // Rows whose figures are only the plan's own words (no catalogue indicator, so no data) carry none.
    const plain = (
      await app.inject({ url: '/api/plans/futian-2021/evaluation?year=2023', headers: { cookie } })
    )
      .json<{ rows: { name: string; indicator: string | null; synthetic: boolean }[] }>()
      .rows.filter((r) => r.indicator === null);
    expect(plain.length).toBeGreaterThan(5);
    for (const r of plain) {
      expect(r.synthetic).toBe(false);
      const cells = html.split('<tr>').find((tr) => tr.includes(`<td>${r.name}</td>`)) ?? '';
      expect(cells.split('</tr>')[0], r.name).not.toContain('※');
    }
    expect((await get('html', 'en')).body).toContain('This report contains synthetic demo data');
    const word = await docxText((await get('docx')).rawPayload);
    expect(word.indexOf('本报告含合成演示数据')).toBeLessThan(word.indexOf('福田区卫生健康'));
    const ws = await workbook((await get('xlsx')).rawPayload);
    expect(ws?.getRow(3).getCell(1).text).toContain('本报告含合成演示数据');
    const header = ws?.getRow(4).values as string[];
    const flagColumn = header.indexOf('合成数据');
    const methodColumn = header.indexOf('方法');
    const imrRow = ws?.getRows(5, 40)?.find((r) => r.getCell(2).text === '婴儿死亡率');
    expect(imrRow?.getCell(flagColumn).text).toBe('是');
    expect(['线性进度', '完成比例', '年均增速']).toContain(imrRow?.getCell(methodColumn).text);
  });
});
