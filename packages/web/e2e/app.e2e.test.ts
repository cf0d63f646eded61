/**
 * The web app in a real browser (Debian's Chromium through playwright-core) against a real
 * server on an in-memory database with the seven plans loaded.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '@weijian/server/app';
import { bootstrap } from '@weijian/server/bootstrap';
import { openDatabase, type Database } from '@weijian/server/db/connection';
import { SYSTEM_ACTOR } from '@weijian/server/modules/audit/index';
import { createUser } from '@weijian/server/modules/auth/index';
import { catalogue } from '@weijian/server/modules/catalogue/index';
import { createDistrict } from '@weijian/server/test/fixtures';
import { generateDemo, generateSurveillanceDemo } from '@weijian/server/modules/demo/index';
import { readPlanDirectory } from '@weijian/server/modules/plans/index';
import { repoPath } from '@weijian/server/paths';
import { foreignWords, watchData } from './language';

const CHROMIUM = '/usr/bin/chromium';
const webDir = join(import.meta.dirname, '..');
// In CI a missing browser is a failure, not a skip.
const haveBrowser = existsSync(CHROMIUM) || process.env.CI === 'true';
// The page and the server share one fixed clock, so the suite passes whatever today is.
// `WEIJIAN_E2E_CLOCK=2026-03-15T09:00:00+08:00 npx vitest run packages/web/e2e` runs it on another day.
const CLOCK = new Date(process.env.WEIJIAN_E2E_CLOCK ?? '2026-12-01T09:30:00+08:00');
// Days on which a form that opens on "this month" must still work: the first and last month
// of the year, and a day in between.
const ENTRY_DAYS = ['2026-01-01T00:30:00+08:00', '2026-03-15T12:00:00+08:00', '2026-12-01T09:30:00+08:00'];
// Synthetic demo values for Futian (440304) in these years only, so the screens built on them must
// mark exactly these years and no others.
const DEMO_YEARS = [2021, 2022];
const TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/;

describe.skipIf(!haveBrowser)('web app in Chromium', () => {
  let database: Database;
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let base = '';
  const clock = { now: CLOCK };

  /** A fresh browser context whose pages read the given time from their clock. */
  async function contextAt(at: Date): Promise<BrowserContext> {
    const ctx = await browser.newContext();
    await ctx.clock.install({ time: at });
    return ctx;
  }

  /** A signed-in page in its own context, in the given interface language. */
  async function signedIn(
    username: string,
    password: string,
    lang: 'zh' | 'en' = 'zh'
  ): Promise<{ ctx: BrowserContext; p: Page }> {
    const ctx = await contextAt(clock.now);
    await ctx.addInitScript((l) => {
      localStorage.setItem('weijian.lang', l);
    }, lang);
    const p = await ctx.newPage();
    await p.setViewportSize({ width: 1400, height: 900 });
    await p.goto(`${base}/login`);
    await p.getByLabel(lang === 'zh' ? '用户名' : 'Username').fill(username);
    await p.getByLabel(lang === 'zh' ? '密码' : 'Password').fill(password);
    await p.keyboard.press('Enter');
    await p.waitForURL(/\/plans$/);
    return { ctx, p };
  }

  /** Hover a chart at a fraction of its width and read its tooltip. */
  async function tooltipAt(chart: Locator, fraction: number): Promise<string> {
    const tip = chart.locator('.wj-chart-tooltip');
    await chart.scrollIntoViewIfNeeded();
    // A drawer slides in: hover again until the chart stands still under the pointer.
    for (let i = 0; i < 20; i++) {
      const box = await chart.boundingBox();
      if (box) {
        await chart.page().mouse.move(box.x + box.width * fraction, box.y + box.height * (0.55 + i / 100));
      }
      if (await tip.isVisible()) return tip.innerText();
      await chart.page().waitForTimeout(250);
    }
    throw new Error('the chart showed no tooltip');
  }

  beforeAll(async () => {
    const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'error'], {
      cwd: webDir,
      encoding: 'utf8',
    });
    expect(build.status, build.stderr).toBe(0);
    database = await openDatabase();
    await bootstrap(database.db);
    await generateDemo(database.db, catalogue(), readPlanDirectory(repoPath('plans')), SYSTEM_ACTOR, {
      seed: 1,
      scale: 'district',
      fromYear: DEMO_YEARS[0] ?? 2021,
      toYear: DEMO_YEARS.at(-1) ?? 2022,
      regions: ['440304'],
    });
    // A district with three years of synthetic surveillance data and its epidemiologist.
    const epi = await createDistrict(database.db);
    await generateSurveillanceDemo(database.db, SYSTEM_ACTOR, {
      region: epi.district,
      asOf: '2026-11-27',
      seed: 5,
      years: 3,
    });
    await createUser(database.db, SYSTEM_ACTOR, {
      username: 'epi.district',
      password: 'epi-password',
      role: 'epidemiologist',
      orgUnitCode: epi.district,
    });
    // The display name the first-start admin gets is the role's own name: the header must not say it twice.
    await createUser(database.db, SYSTEM_ACTOR, {
      username: 'admin.e2e',
      password: 'admin-e2e-password',
      role: 'admin',
      orgUnitCode: '100000',
      displayName: '系统管理员',
    });
    await createUser(database.db, SYSTEM_ACTOR, {
      username: 'zhang.wei',
      password: 'futian-planner',
      role: 'planner',
      orgUnitCode: '440300',
      displayName: '张伟',
    });
    app = await buildApp({
      db: database.db,
      catalogue: catalogue(),
      now: () => clock.now,
      webDir: join(webDir, 'dist'),
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-quic',
        '--no-first-run',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.clock.install({ time: CLOCK });
  });

  afterAll(async () => {
    await browser.close();
    await app.close();
    await database.close();
  });

  it('signs in with the keyboard and lists the plans in scope, in Chinese', async () => {
    await page.goto(`${base}/plans`);
    await page.waitForURL(/\/login/);
    // The username field has the focus when the page opens; the rest is keyboard only.
    await page.getByLabel('用户名').waitFor();
    await page.keyboard.type('zhang.wei');
    await page.keyboard.press('Tab');
    await page.keyboard.type('futian-planner');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/plans$/);
    await page.getByText('福田区卫生健康“十四五”规划').waitFor();
    const rows = await page.locator('.ant-table-tbody tr.ant-table-row').count();
    expect(rows).toBe(4);
    expect(await page.getByTestId('current-user').textContent()).toContain('张伟');
    await page.screenshot({ path: join(process.env.TMPDIR ?? '/tmp', 'weijian-plans.png') });
  });

  it('shows a plan as written beside the parsed targets, with its projects', async () => {
    await page.getByText('福田区卫生健康“十四五”规划').click();
    await page.waitForURL(/\/plans\/futian-2021$/);
    await page.getByText('人均期望寿命', { exact: true }).waitFor();
    const body = await page.locator('body').innerText();
    expect(body).toContain('≥84.53');
    expect(body).toContain('每万人口全科医生数');
    expect(body).toContain('约束性');
    await page.screenshot({ path: join(process.env.TMPDIR ?? '/tmp', 'weijian-plan.png'), fullPage: false });
    await page.getByRole('tab', { name: /重点项目/ }).click();
    await page.getByText('中大八院旧楼装修改造').waitFor();
  });

  it('shows the scorecard of the previous plan with its written statuses and the contradiction', async () => {
    await page.goto(`${base}/plans/futian-2016`);
    await page.getByRole('tab', { name: '评估' }).click();
    await page.getByText('原文记为“完成规划目标”').waitFor();
    const text = await page.locator('body').innerText();
    expect(text).toContain('达到时序进度');
    expect(text).toContain('98.0%');
    expect(text).toContain('已取消');
    await page.screenshot({ path: join(process.env.TMPDIR ?? '/tmp', 'weijian-scorecard.png') });
    // The indicator page: the row across the years with its schedule and owner.
    await page.getByRole('button', { name: '3 岁以下儿童系统管理率' }).click();
    await page.locator('.ant-drawer').getByText('责任单位').waitFor();
    expect(await page.locator('.ant-drawer').innerText()).toContain('≥92');
    await page.keyboard.press('Escape');
    await page.goto(`${base}/league`);
    await page.getByText('婴儿死亡率（‰）').waitFor();
    await page.goto(`${base}/plans/futian-2021`);
  });

  it('switches to English', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('tab', { name: /Indicator table/ }).click();
    await page.getByText('at least 84.53').first().waitFor();
    expect(await page.locator('body').innerText()).toContain('at least 84.53');
  });

  it.each(ENTRY_DAYS)(
    'lets a clerk fill a monthly form cell by cell, and the district indicator explains itself (page clock %s)',
    async (day) => {
      clock.now = new Date(day);
      const f = await createDistrict(database.db);
      const clerkName = `clerk.chc.${day.slice(0, 10)}`;
      const statsName = `stats.district.${day.slice(0, 10)}`;
      await createUser(database.db, SYSTEM_ACTOR, {
        username: clerkName,
        password: 'clerk-password',
        role: 'clerk',
        orgUnitCode: f.facilities.chc,
      });
      await createUser(database.db, SYSTEM_ACTOR, {
        username: statsName,
        password: 'stats-password',
        role: 'planner',
        orgUnitCode: f.district,
      });
      const clerk = await contextAt(clock.now);
      const p = await clerk.newPage();
      await p.goto(`${base}/login`);
      await p.getByLabel('用户名').fill(clerkName);
      await p.getByLabel('密码').fill('clerk-password');
      await p.keyboard.press('Enter');
      await p.waitForURL(/\/plans$/);
      await p.goto(`${base}/data/entry`);
      await p.getByLabel('报表', { exact: true }).click();
      await p.getByTitle('妇幼卫生月报').click();
      // The cells of March 2024 are filled only once that form has arrived: a form still loading
      // for the month the page opened on would replace them.
      const formLoaded = p.waitForResponse(
        (r) => r.url().includes('/form?') && r.url().includes('pe=202403')
      );
      await p.getByLabel('年', { exact: true }).click();
      await p.locator('.ant-select-item-option[title="2024"]').click();
      await p.getByLabel('月', { exact: true }).click();
      // The option in the open list, not the selected value (which reads 3 in March).
      await p.locator('.ant-select-item-option[title="3"]').click();
      await formLoaded;
      const births = p.getByLabel('活产数');
      await births.fill('abc');
      await p.getByText('请输入数字').first().waitFor();
      await births.fill('400');
      await births.press('Enter');
      // Enter saved the cell and moved to the next one: the infant deaths.
      await p.keyboard.type('2');
      await p.keyboard.press('Enter');
      await p.getByText('已保存').nth(1).waitFor();
      await clerk.close();

      const stats = await contextAt(clock.now);
      const s = await stats.newPage();
      await s.goto(`${base}/login`);
      await s.getByLabel('用户名').fill(statsName);
      await s.getByLabel('密码').fill('stats-password');
      await s.keyboard.press('Enter');
      await s.waitForURL(/\/plans$/);
      await s.goto(`${base}/analytics?dx=IMR&pe=202403&ou=${f.district}`);
      const cell = s.getByRole('button', { name: '查看计算说明' }).first();
      await cell.waitFor();
      expect((await cell.innerText()).trim()).toBe('5');
      await cell.click();
      await s.getByText('分子').first().waitFor();
      const drawer = await s.locator('.ant-drawer').innerText();
      expect(drawer).toContain('婴儿死亡数');
      expect(drawer).toContain('机构上报');
      await s.screenshot({ path: join(process.env.TMPDIR ?? '/tmp', 'weijian-explain.png') });
      await stats.close();
      clock.now = CLOCK;
    }
  );

  it('lets an epidemiologist open the day’s signals, see the evidence and its curve, and triage', async () => {
    const ctx = await contextAt(clock.now);
    const p = await ctx.newPage();
    await p.goto(`${base}/login`);
    await p.getByLabel('用户名').fill('epi.district');
    await p.getByLabel('密码').fill('epi-password');
    await p.keyboard.press('Enter');
    await p.waitForURL(/\/plans$/);
    await p.getByRole('link', { name: '监测预警' }).click();
    await p
      .getByRole('cell', { name: /多点触发/ })
      .first()
      .waitFor();
    await p.locator('tbody').getByText('流行性感冒').first().waitFor();
    const board = await p.locator('table').innerText();
    expect(board).toContain('合成数据');
    expect(board).toContain('病例报告 + 学校');
    expect(board).toContain('流行性感冒');
    // Escalated multi-point signals come first; Enter on the row opens it.
    await p.locator('tbody tr').first().focus();
    await p.keyboard.press('Enter');
    await p.waitForURL(/\/surveillance\/signals\/\d+/);
    await p.getByTestId('epi-curve').first().waitFor();
    const explanation = await p.getByTestId('signal-explanation').first().innerText();
    expect(explanation).toMatch(/观察 \d+，期望 [\d.]+，阈值 [\d.]+/);
    expect(await p.locator('body').innerText()).toContain('基线');
    await p.getByLabel('下一步').click();
    await p.getByTitle('升级', { exact: true }).click();
    await p.getByLabel('备注').fill('学校与发热门诊同时上升');
    await p.getByRole('button', { name: /提\s*交/ }).click();
    await p.getByText('学校与发热门诊同时上升').waitFor();
    // The step is stamped with the server's clock, shown in Beijing time as YYYY-MM-DD HH:mm.
    const beijing = new Date(CLOCK.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
    expect(await p.locator('.ant-timeline').innerText()).toContain(`${beijing} · epi.district`);
    // The curve is built on synthetic counts, and its tooltip says so.
    expect(await tooltipAt(p.getByTestId('epi-curve').first(), 0.9)).toContain('合成数据');
    // Every baseline range reads from the earlier date to the later one.
    const ranges = await p.getByTestId('signal-baseline').allInnerTexts();
    expect(ranges.length).toBeGreaterThan(0);
    for (const r of ranges) {
      const [from = '', to = ''] = r.match(/\d{4}-\d{2}-\d{2}/g) ?? [];
      expect(from <= to, r).toBe(true);
    }
    // Method names and p-values are written for people: no `farringtonFlexible`, no `2.1e-7`.
    const body = await p.locator('body').innerText();
    expect(body).not.toMatch(/farringtonFlexible|earsC\d|\de-\d/);
    await p.screenshot({ path: join(process.env.TMPDIR ?? '/tmp', 'weijian-signal.png'), fullPage: true });
    // Case reports are in the menu.
    await p.locator('.ant-layout-header').getByRole('link', { name: '病例报告' }).click();
    await p.waitForURL(/\/surveillance\/cases$/);
    await p
      .getByText(/及时（|迟报（/)
      .first()
      .waitFor();
    const reported = await p.locator('tbody tr.ant-table-row td:nth-child(5)').allInnerTexts();
    expect(reported.length).toBeGreaterThan(0);
    for (const r of reported) expect(r).toMatch(TIME);
    await ctx.close();
  });

  it('reaches the city–district cascade from the plan, the city’s value at its decimals and marked synthetic', async () => {
    const { ctx, p } = await signedIn('zhang.wei', 'futian-planner');
    await p.goto(`${base}/plans/futian-2021`);
    await p.getByTestId('cascade-link').click();
    await p.waitForURL(/\/plans\/futian-2021\/cascade$/);
    // The Futian table: general practitioners per 10,000, district ≥6.5 against Shenzhen's ≥5.0.
    const table = p.getByTestId('cascade-table');
    const gp = table.locator('tr', { hasText: '每万人口拥有全科医生数' });
    await gp.waitFor();
    expect(await gp.innerText()).toContain('区级目标高于市级要求（区 ≥6.5，市 ≥5.0）');
    await p.getByLabel('年份').click();
    await p.locator('.ant-select-item-option[title="2021"]').click();
    await p.waitForURL(/year=2021/);
    const beds = table.locator('tr', { hasText: '每千人口拥有病床数' });
    await beds.getByTestId('synthetic-mark').waitFor();
    expect(await beds.innerText()).toMatch(/深圳市\s+\d+(\.\d{1,2})?\s/);
    expect(await table.innerText()).not.toMatch(/\d\.\d{3,}/);
    await p.screenshot({ path: join(process.env.TMPDIR ?? '/tmp', 'weijian-cascade.png'), fullPage: true });
    await ctx.close();
  });

  it('charts every selected indicator, values at their decimals, synthetic values marked in the tooltip', async () => {
    const { ctx, p } = await signedIn('zhang.wei', 'futian-planner');
    await p.goto(`${base}/analytics?dx=BEDS_PER_1000;IMR&pe=2021;2022&ou=440304;CHILDREN:440304`);
    const charts = p.getByTestId('indicator-chart');
    await charts.nth(1).locator('canvas').waitFor();
    expect(await charts.count()).toBe(2);
    const text = await p.locator('body').innerText();
    expect(text).toContain('每千人口医疗卫生机构床位数（张）');
    expect(text).toContain('婴儿死亡率（‰）');
    // The link's CHILDREN:440304 is named, not shown as a code.
    expect(text).toContain('福田区的下级');
    expect(text).not.toContain('CHILDREN');
    const values = await p.getByRole('button', { name: '查看计算说明' }).allInnerTexts();
    expect(values.length).toBeGreaterThan(4);
    for (const v of values) expect(v.trim()).toMatch(/^(\d+(\.\d{1,2})?|—)$/);
    const tip = await tooltipAt(charts.nth(1), 0.3);
    expect(tip).toContain('合成数据');
    expect(tip).not.toMatch(/\d\.\d{3,}/);
    await p.screenshot({ path: join(process.env.TMPDIR ?? '/tmp', 'weijian-analytics.png'), fullPage: true });
    await ctx.close();
  });

  it('says which year a status belongs to and marks the synthetic years in the trend chart', async () => {
    const { ctx, p } = await signedIn('zhang.wei', 'futian-planner');
    await p.goto(`${base}/plans/futian-2021`);
    await p.getByRole('tab', { name: '评估' }).click();
    await p.getByLabel('评估年份').click();
    await p.locator('.ant-select-item-option[title="2021"]').click();
    const row = p.getByRole('tabpanel').locator('tr.ant-table-row', { hasText: '每千人口拥有病床数' });
    await row.getByTestId('synthetic-mark').first().waitFor();
    const status = (await row.locator('td').first().innerText()).trim();
    await row.getByRole('button', { name: '每千人口拥有病床数' }).click();
    const drawer = p.locator('.ant-drawer');
    await drawer.getByTestId('trend-status').waitFor();
    expect(await drawer.innerText()).toContain('2021 年实现情况');
    expect(await drawer.getByTestId('trend-status').innerText()).toContain(status);
    expect(await drawer.getByTestId('trend-synthetic').innerText()).toContain(
      `${DEMO_YEARS.join('、')} 年的数值含合成演示数据`
    );
    // 2020 … 2025 on the axis: 2021 is the second of six.
    const tip = await tooltipAt(p.getByTestId('trend-chart'), 0.25);
    expect(tip).toMatch(/^2021 年：/);
    expect(tip).toContain('合成数据');
    await p.screenshot({ path: join(process.env.TMPDIR ?? '/tmp', 'weijian-trend.png') });
    await ctx.close();
  });

  it('lists import errors with the row once and the column in Chinese', async () => {
    const { ctx, p } = await signedIn('zhang.wei', 'futian-planner');
    await p.getByRole('button', { name: '导入规划' }).click();
    const modal = p.locator('.ant-modal');
    await modal.locator('input[type=file]').setInputFiles({
      name: 'plan.csv',
      mimeType: 'text/csv',
      // Row 3 (the header is row 1) has an attribute no plan uses.
      buffer: Buffer.from(
        '序号,指标名称,单位,基期值,目标值,指标属性\n1,人均期望寿命,岁,83.5,≥84.5,预期性\n2,婴儿死亡率,‰,2,≤3,必须性\n'
      ),
    });
    await modal.getByLabel('规划编号').fill('nanshan-2021');
    await modal.getByLabel('规划名称').fill('南山区卫生健康“十四五”规划');
    await modal.getByLabel('地区').fill('福田区');
    await p.keyboard.press('Enter');
    await modal.getByRole('button', { name: /导\s*入/ }).click();
    const alert = modal.getByRole('alert');
    await alert.getByText('错误（未写入任何内容）').waitFor();
    const issues = await alert.locator('li').allInnerTexts();
    expect(issues).toEqual(['第 3 行：指标属性“必须性”无法识别，应为约束性、预期性或倡导性']);
    await ctx.close();
  });

  it.each(['zh', 'en'] as const)(
    'shows every main page in one language, and the user’s name and role once (%s)',
    async (lang) => {
      const { ctx, p } = await signedIn('admin.e2e', 'admin-e2e-password', lang);
      const data = watchData(p);
      const role = lang === 'zh' ? '系统管理员' : 'Administrator';
      const header = await p.getByTestId('current-user').innerText();
      expect(header.split(role).length - 1, header).toBe(1);
      expect(header).toContain('admin.e2e');
      const tab = async (n: number): Promise<void> => {
        await p.getByRole('tab').nth(n).click();
        await p.getByRole('tabpanel').locator('.ant-table-row').first().waitFor();
      };
      const steps: [string, () => Promise<unknown>][] = [
        ['/plans', () => p.goto(`${base}/plans`, { waitUntil: 'networkidle' })],
        ['/plans/futian-2021', () => p.goto(`${base}/plans/futian-2021`, { waitUntil: 'networkidle' })],
        ['scorecard', () => tab(1)],
        ['text targets', () => tab(2)],
        ['projects', () => tab(3)],
        [
          'trend',
          async () => {
            await tab(1);
            await p.getByRole('tabpanel').locator('.ant-table-row .ant-btn-link').first().click();
            await p.getByTestId('trend-status').waitFor();
          },
        ],
        [
          'cascade',
          () => p.goto(`${base}/plans/futian-2021/cascade?year=2021`, { waitUntil: 'networkidle' }),
        ],
        [
          'contradictions',
          async () => {
            await p.goto(`${base}/plans/xiangqiao-2016`, { waitUntil: 'networkidle' });
            // The Xiangqiao review table: 2020 under-5 mortality 0.14‰ against infant mortality 0.35‰.
            expect(await p.getByTestId('plan-checks').innerText()).toMatch(/0\.14‰.*0\.35‰/);
          },
        ],
        ['/catalogue', () => p.goto(`${base}/catalogue`, { waitUntil: 'networkidle' })],
        [
          '/analytics',
          () =>
            p.goto(`${base}/analytics?dx=BEDS_PER_1000;IMR&pe=2021&ou=440304;CHILDREN:440304`, {
              waitUntil: 'networkidle',
            }),
        ],
        [
          'explain',
          async () => {
            await p.locator('.ant-table-tbody .ant-btn-link').first().click();
            await p.locator('.ant-drawer .ant-descriptions').waitFor();
          },
        ],
        ['/league', () => p.goto(`${base}/league`, { waitUntil: 'networkidle' })],
        ['/data/entry', () => p.goto(`${base}/data/entry`, { waitUntil: 'networkidle' })],
        ['/data/import', () => p.goto(`${base}/data/import`, { waitUntil: 'networkidle' })],
        ['/surveillance', () => p.goto(`${base}/surveillance`, { waitUntil: 'networkidle' })],
        [
          'signal',
          async () => {
            await p.locator('tbody tr.ant-table-row').first().click();
            await p.getByTestId('signal-baseline').first().waitFor();
          },
        ],
        ['/surveillance/cases', () => p.goto(`${base}/surveillance/cases`, { waitUntil: 'networkidle' })],
      ];
      const leaks: Record<string, string[]> = {};
      for (const [name, step] of steps) {
        await step();
        await p.waitForTimeout(200);
        const words = await foreignWords(p, lang, data);
        if (words.length > 0) leaks[name] = words;
      }
      expect(leaks).toEqual({});
      await ctx.close();
    }
  );

  it('refuses a bad password with a message in the chosen language', async () => {
    const ctx = await contextAt(clock.now);
    const p = await ctx.newPage();
    await p.goto(`${base}/login`);
    await p.getByLabel('用户名').fill('zhang.wei');
    await p.getByLabel('密码').fill('wrong-password');
    await p.getByRole('button', { name: /登\s*录/ }).click();
    await p.getByRole('alert').getByText('用户名或密码错误').waitFor();
    await ctx.close();
  });
});
