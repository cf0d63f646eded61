/**
 * The web app in a real browser (Debian's Chromium through playwright-core) against a real
 * server on an in-memory database with the seven plans loaded.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '@weijian/server/app';
import { bootstrap } from '@weijian/server/bootstrap';
import { openDatabase, type Database } from '@weijian/server/db/connection';
import { SYSTEM_ACTOR } from '@weijian/server/modules/audit/repository';
import { createUser } from '@weijian/server/modules/auth/service';
import { catalogue } from '@weijian/server/modules/catalogue/load';
import { createDistrict } from '@weijian/server/test/fixtures';
import { generateSurveillanceDemo } from '@weijian/server/modules/demo/surveillance';

const CHROMIUM = '/usr/bin/chromium';
const webDir = join(import.meta.dirname, '..');
// In CI a missing browser is a failure, not a skip.
const haveBrowser = existsSync(CHROMIUM) || process.env.CI === 'true';

describe.skipIf(!haveBrowser)('web app in Chromium', () => {
  let database: Database;
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let base = '';

  beforeAll(async () => {
    const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'error'], {
      cwd: webDir,
      encoding: 'utf8',
    });
    expect(build.status, build.stderr).toBe(0);
    database = await openDatabase();
    await bootstrap(database.db);
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
      now: () => new Date(),
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

  it('lets a clerk fill a monthly form cell by cell, and the district indicator explains itself', async () => {
    const f = await createDistrict(database.db);
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
    });
    const clerk = await browser.newContext();
    const p = await clerk.newPage();
    await p.goto(`${base}/login`);
    await p.getByLabel('用户名').fill('clerk.chc');
    await p.getByLabel('密码').fill('clerk-password');
    await p.keyboard.press('Enter');
    await p.waitForURL(/\/plans$/);
    await p.goto(`${base}/data/entry`);
    await p.getByLabel('报表', { exact: true }).click();
    await p.getByTitle('妇幼卫生月报').click();
    await p.getByLabel('年', { exact: true }).click();
    await p.getByTitle('2024', { exact: true }).click();
    await p.getByLabel('月', { exact: true }).click();
    // The list opens at the current month and renders only the options in view (in December,
    // 3 is not in the page at all): move to 3 with the keyboard, as a user may.
    const current = new Date().getMonth() + 1;
    for (let i = 0; i < Math.abs(current - 3); i++) {
      await p.keyboard.press(current > 3 ? 'ArrowUp' : 'ArrowDown');
    }
    await p.keyboard.press('Enter');
    await p.getByText('202403').first().waitFor();
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

    const stats = await browser.newContext();
    const s = await stats.newPage();
    await s.goto(`${base}/login`);
    await s.getByLabel('用户名').fill('stats.district');
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
  });

  it('lets an epidemiologist open the day’s signals, see the evidence and its curve, and triage', async () => {
    const f = await createDistrict(database.db);
    await generateSurveillanceDemo(database.db, SYSTEM_ACTOR, {
      region: f.district,
      asOf: '2026-11-27',
      seed: 5,
      years: 3,
    });
    await createUser(database.db, SYSTEM_ACTOR, {
      username: 'epi.district',
      password: 'epi-password',
      role: 'epidemiologist',
      orgUnitCode: f.district,
    });
    const ctx = await browser.newContext();
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
    await p.screenshot({ path: join(process.env.TMPDIR ?? '/tmp', 'weijian-signal.png'), fullPage: true });
    await p.goto(`${base}/surveillance/cases`);
    await p
      .getByText(/及时（|迟报（/)
      .first()
      .waitFor();
    await ctx.close();
  });

  it('refuses a bad password with a message in the chosen language', async () => {
    const ctx = await browser.newContext();
    const p = await ctx.newPage();
    await p.goto(`${base}/login`);
    await p.getByLabel('用户名').fill('zhang.wei');
    await p.getByLabel('密码').fill('wrong-password');
    await p.getByRole('button', { name: /登\s*录/ }).click();
    await p.getByRole('alert').getByText('用户名或密码错误').waitFor();
    await ctx.close();
  });
});
