/**
 * Reporting in a real browser: a clerk fills and submits a monthly form before the deadline, a
 * hospital submits late, a station not at all; the district's statistician sees who reported on
 * time, who late, who not, drills down and downloads the figures. The expected figures are worked
 * by hand from the calendar: April 2026 is due 10 days after the month, on 10 May.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '@weijian/server/app';
import { bootstrap } from '@weijian/server/bootstrap';
import { openDatabase, type Database } from '@weijian/server/db/connection';
import { SYSTEM_ACTOR } from '@weijian/server/modules/audit/index';
import { createUser } from '@weijian/server/modules/auth/index';
import { catalogue } from '@weijian/server/modules/catalogue/index';
import { submitReport } from '@weijian/server/modules/reporting/index';
import { createDistrict, type DistrictFixture } from '@weijian/server/test/fixtures';
import { foreignWords, watchData } from './language';

const CHROMIUM = '/usr/bin/chromium';
const webDir = join(import.meta.dirname, '..');
const haveBrowser = existsSync(CHROMIUM) || process.env.CI === 'true';

describe.skipIf(!haveBrowser)('reporting completeness in Chromium', () => {
  let database: Database;
  let app: FastifyInstance;
  let browser: Browser;
  let base = '';
  let f: DistrictFixture;
  const clock = { now: new Date('2026-05-08T10:00:00+08:00') };

  async function signedIn(username: string, password: string, lang: 'zh' | 'en' = 'zh'): Promise<Page> {
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await ctx.clock.install({ time: clock.now });
    await ctx.addInitScript((l) => {
      localStorage.setItem('weijian.lang', l);
    }, lang);
    const p = await ctx.newPage();
    await p.goto(`${base}/login`);
    await p.getByLabel(lang === 'zh' ? '用户名' : 'Username').fill(username);
    await p.getByLabel(lang === 'zh' ? '密码' : 'Password').fill(password);
    await p.keyboard.press('Enter');
    await p.waitForURL(/\/plans$/);
    return p;
  }

  beforeAll(async () => {
    // Its own output directory: the other browser suite builds into dist/ at the same time.
    const outDir = mkdtempSync(join(tmpdir(), 'weijian-web-'));
    const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'error', '--outDir', outDir], {
      cwd: webDir,
      encoding: 'utf8',
    });
    expect(build.status, build.stderr).toBe(0);
    database = await openDatabase();
    await bootstrap(database.db);
    f = await createDistrict(database.db);
    await createUser(database.db, SYSTEM_ACTOR, {
      username: 'clerk.chc',
      password: 'clerk-password',
      role: 'clerk',
      orgUnitCode: f.facilities.chc,
    });
    await createUser(database.db, SYSTEM_ACTOR, {
      username: 'stats.district',
      password: 'stats-password',
      role: 'planner',
      orgUnitCode: f.district,
      displayName: '王统计',
    });
    // The hospital submits two days after the deadline; the station never does.
    await submitReport(
      database.db,
      catalogue(),
      { ...SYSTEM_ACTOR, name: 'clerk.hosp', at: new Date('2026-05-12T09:00:00+08:00') },
      f.district,
      { dataSet: 'SERVICES_MONTHLY', orgUnit: f.facilities.hosp, period: '202604' }
    );
    app = await buildApp({ db: database.db, catalogue: catalogue(), now: () => clock.now, webDir: outDir });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser.close();
    await app.close();
    await database.close();
  });

  it('lets a clerk fill the monthly form and submit it before the deadline', async () => {
    clock.now = new Date('2026-05-08T10:00:00+08:00');
    const p = await signedIn('clerk.chc', 'clerk-password');
    await p.goto(`${base}/data/entry`);
    await p.getByLabel('报表', { exact: true }).click();
    await p.getByTitle('医疗服务月报').click();
    await p.getByLabel('月', { exact: true }).click();
    await p.locator('.ant-select-item-option[title="4"]').click();
    await p.getByText('本期尚未上报（截止 2026-05-10）').waitFor();
    const visits = p.getByLabel('总诊疗人次数');
    await visits.fill('1200');
    await visits.press('Enter');
    await p.getByText('已保存').first().waitFor();
    await p.getByRole('button', { name: /上\s*报/ }).click();
    await p.getByText('已上报 · 及时 · 2026-05-08 10:00').waitFor();
    await p.context().close();
  });

  it('shows the district who reported on time, late and not at all, ranked, with a drill-down', async () => {
    clock.now = new Date('2026-06-01T09:00:00+08:00');
    const p = await signedIn('stats.district', 'stats-password');
    const data = watchData(p);
    await p.getByRole('link', { name: '上报情况' }).click();
    await p.waitForURL(/\/data\/completeness/);
    await p.getByLabel('报表', { exact: true }).click();
    await p.getByTitle('医疗服务月报').click();
    // Opens on last month (May, not yet due on 1 June); go to April.
    await p.getByLabel('月', { exact: true }).click();
    await p.locator('.ant-select-item-option[title="4"]').click();
    await p.getByText('截止日期：2026-05-10（报告期结束后 10 天，宽限 0 天）').waitFor();
    const stat = async (k: string) =>
      (await p.getByTestId(`count-${k}`).locator('.ant-statistic-content').innerText()).trim();
    expect(await stat('expected')).toBe('3');
    expect(await stat('received')).toBe('2');
    expect(await stat('onTime')).toBe('1');
    expect(await stat('late')).toBe('1');
    expect(await stat('missing')).toBe('1');
    expect(await stat('completenessRate')).toBe('66.7%');
    expect(await stat('timelinessRate')).toBe('33.3%');
    const below = p.getByTestId('completeness-below').locator('tbody tr.ant-table-row');
    expect(await below.count()).toBe(2);
    expect(await below.nth(0).innerText()).toMatch(
      /^1\s+一街道.*\s+2\s+2\s+1\s+1\s+0\s+0\s+100\.0%\s+50\.0%$/s
    );
    expect(await below.nth(1).innerText()).toMatch(/^2\s+二街道.*\s+0\.0%\s+0\.0%$/s);
    // Late and missing only: the hospital two days late, the station 22 days overdue.
    const reports = p.getByTestId('completeness-reports').locator('tbody tr.ant-table-row');
    expect(await reports.count()).toBe(2);
    expect(await reports.nth(0).innerText()).toMatch(/社康站.*缺报.*22/s);
    expect(await reports.nth(1).innerText()).toMatch(/人民医院.*迟报.*2026-05-12 09:00.*clerk\.hosp.*2/s);
    expect(await foreignWords(p, 'zh', data)).toEqual([]);
    await p.screenshot({
      path: join(process.env.TMPDIR ?? '/tmp', 'weijian-completeness.png'),
      fullPage: true,
    });

    const csvHref = await p.getByRole('link', { name: /导出 CSV/ }).getAttribute('href');
    const csv = await p.request.get(`${base}${csvHref ?? ''}`);
    expect(await csv.text()).toMatch(new RegExp(`合计,${f.district},[^,]+,3,2,1,1,1,0,66.7,33.3`));

    // Drill down into the second street: its one expected report is missing.
    await p.getByRole('button', { name: /二街道/ }).click();
    await p.waitForURL(new RegExp(`ou=${f.streets[1]}`));
    await p.getByTestId('count-expected').getByText('1', { exact: true }).waitFor();
    expect(await stat('missing')).toBe('1');
    expect(await stat('completenessRate')).toBe('0.0%');
    await p.context().close();
  });

  it('says the same in English, with no Chinese words of its own', async () => {
    clock.now = new Date('2026-06-01T09:00:00+08:00');
    const p = await signedIn('stats.district', 'stats-password', 'en');
    const data = watchData(p);
    await p.goto(`${base}/data/completeness?dataSet=SERVICES_MONTHLY&pe=202604`);
    await p.getByText('Deadline: 2026-05-10').waitFor();
    await p.getByText('Missing', { exact: true }).first().waitFor();
    expect(await p.getByTestId('count-timelinessRate').locator('.ant-statistic-content').innerText()).toBe(
      '33.3%'
    );
    expect(await foreignWords(p, 'en', data)).toEqual([]);
    await p.context().close();
  });

  it('tells the district what waits for approval through the header’s notices, and leads there', async () => {
    clock.now = new Date('2026-06-01T09:00:00+08:00');
    const p = await signedIn('stats.district', 'stats-password');
    const unread = async () =>
      Number((await p.getByTestId('unread-count').locator('.ant-badge-count').innerText()).trim());
    await p.getByTestId('unread-count').locator('.ant-badge-count').waitFor();
    const before = await unread();
    await p.getByRole('button', { name: /^通知，\d+ 条未读$/ }).click();
    await p.waitForURL(/\/notifications$/);
    const inbox = p.getByTestId('inbox');
    // The clinic on time and the hospital late: two April reports wait for the district's approval;
    // the station's is missing.
    await inbox.getByText('医疗服务月报（202604）：2 份已上报，待审核').waitFor();
    await inbox.getByText('医疗服务月报（202604）：1 个单位逾期未报').waitFor();
    const item = inbox.locator('.ant-list-item').filter({ hasText: '2 份已上报，待审核' });
    await item.getByRole('button', { name: '查看' }).click();
    await p.waitForURL(
      new RegExp(`/data/completeness\\?dataSet=SERVICES_MONTHLY&ou=${f.district}&pe=202604`)
    );
    await p.getByText('截止日期：2026-05-10（报告期结束后 10 天，宽限 0 天）').waitFor();
    await expect.poll(unread).toBe(before - 1);
    // Approvals turned off: the choice is kept.
    await p.goto(`${base}/notifications`);
    await p.getByRole('switch', { name: '待审核' }).click();
    await expect
      .poll(async () => p.getByRole('switch', { name: '待审核' }).getAttribute('aria-checked'))
      .toBe('false');
    await p.reload();
    await expect
      .poll(async () => p.getByRole('switch', { name: '待审核' }).getAttribute('aria-checked'))
      .toBe('false');
    await p.context().close();
  });
});
