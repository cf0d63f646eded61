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

  it('switches to English', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('tab', { name: /Indicator table/ }).click();
    await page.getByText('at least 84.53').first().waitFor();
    expect(await page.locator('body').innerText()).toContain('at least 84.53');
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
