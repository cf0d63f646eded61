/**
 * The resident screens in a real browser (Debian's Chromium through playwright-core) against a
 * real server on an in-memory database, page and server on one fixed clock (1 December 2026).
 *
 * Outside truths: the hypertension rule set as written (catalogue/programmes/hypertension.yaml —
 * a follow-up within 14 days after an uncontrolled reading, quarterly = 90 days after a
 * controlled one; systolic pressure 50–300 mmHg), dates worked by hand, and GB 11643 check digits.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '@weijian/server/app';
import { bootstrap } from '@weijian/server/bootstrap';
import { openDatabase, type Database } from '@weijian/server/db/connection';
import { SYSTEM_ACTOR } from '@weijian/server/modules/audit/index';
import { createUser } from '@weijian/server/modules/auth/index';
import { catalogue } from '@weijian/server/modules/catalogue/index';
import { testCipher } from '@weijian/server/test/app';
import { createDistrict, type DistrictFixture } from '@weijian/server/test/fixtures';
import { foreignWords, watchData } from './language';

const CHROMIUM = '/usr/bin/chromium';
const webDir = join(import.meta.dirname, '..');
const haveBrowser = existsSync(CHROMIUM) || process.env.CI === 'true';
const CLOCK = new Date('2026-12-01T09:30:00+08:00');
const PASSWORD = 'correct horse battery staple';

/** An 18-digit resident ID with its GB 11643 check digit (ISO 7064 MOD 11-2). */
function residentId(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = first17.split('').reduce((s, d, i) => s + Number(d) * (weights[i] ?? 0), 0);
  return first17 + '10X98765432'.charAt(sum % 11);
}

describe.skipIf(!haveBrowser)('resident screens in Chromium', () => {
  let database: Database;
  let app: FastifyInstance;
  let browser: Browser;
  let base = '';
  let home: DistrictFixture;
  let away: DistrictFixture;
  const ids = { patient: 0, outside: 0, twinA: 0, twinB: 0 };

  async function call(username: string, password: string) {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    const set = res.headers['set-cookie'];
    const cookie = ((Array.isArray(set) ? set[0] : set) ?? '').split(';')[0] ?? '';
    return async (method: 'POST' | 'PUT', url: string, payload: unknown) => {
      const r = await app.inject({ method, url, payload: payload as object, headers: { cookie } });
      if (r.statusCode !== 200) throw new Error(`${method} ${url}: ${r.body}`);
      return r.json<{ id: number; possibleDuplicates?: unknown[] }>();
    };
  }

  async function signedIn(
    username: string,
    password: string,
    lang: 'zh' | 'en' = 'zh'
  ): Promise<{ ctx: BrowserContext; p: Page }> {
    const ctx = await browser.newContext();
    await ctx.clock.install({ time: CLOCK });
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

  beforeAll(async () => {
    // Its own build directory: the other browser suite builds dist/ at the same time.
    const out = mkdtempSync(join(tmpdir(), 'weijian-web-'));
    const build = spawnSync(
      'npx',
      ['vite', 'build', '--logLevel', 'error', '--outDir', out, '--emptyOutDir'],
      {
        cwd: webDir,
        encoding: 'utf8',
      }
    );
    expect(build.status, build.stderr).toBe(0);
    database = await openDatabase();
    await bootstrap(database.db);
    home = await createDistrict(database.db);
    away = await createDistrict(database.db);
    const users: [string, 'doctor' | 'viewer' | 'admin', string][] = [
      ['doc.home', 'doctor', home.district],
      ['doc.away', 'doctor', away.district],
      ['viewer.home', 'viewer', home.district],
      ['admin.res', 'admin', '100000'],
    ];
    for (const [username, role, orgUnitCode] of users) {
      await createUser(database.db, SYSTEM_ACTOR, {
        username,
        password: PASSWORD,
        role,
        orgUnitCode,
      });
    }
    app = await buildApp({
      db: database.db,
      catalogue: catalogue(),
      now: () => CLOCK,
      webDir: out,
      fieldCipher: testCipher(),
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

    const doc = await call('doc.home', PASSWORD);
    ids.patient = (
      await doc('POST', '/api/residents', {
        name: '王秀英',
        sex: 'F',
        birthDate: '1956-03-12',
        homeUnit: home.streets[0],
        phone: '13800138000',
        address: '福华路 8 号',
        identifiers: [{ kind: 'resident-id', value: residentId('44030419560312002') }],
        recordFacility: home.facilities.chc,
      })
    ).id;
    await doc('POST', `/api/residents/${ids.patient}/enrolments`, {
      programme: 'HTN',
      start: '2026-03-01',
      facility: home.facilities.chc,
    });
    await doc('POST', `/api/residents/${ids.patient}/events`, {
      programme: 'HTN',
      type: 'follow-up',
      date: '2026-06-10',
      fields: { mode: 'clinic', sbp: 158, dbp: 96, classification: 'uncontrolled' },
    });
    // Two records of one man, without an ID number: the matcher queues them for review.
    ids.twinA = (
      await doc('POST', '/api/residents', {
        name: '李建国',
        sex: 'M',
        birthDate: '1948-07-02',
        homeUnit: home.streets[1],
        phone: '13900139000',
      })
    ).id;
    const twin = await doc('POST', '/api/residents', {
      name: '李建国',
      sex: 'M',
      birthDate: '1948-07-02',
      homeUnit: home.streets[1],
      phone: '13900139000',
      address: '二街道 3 号',
    });
    ids.twinB = twin.id;
    expect(twin.possibleDuplicates?.length).toBe(1);
    const docAway = await call('doc.away', PASSWORD);
    ids.outside = (
      await docAway('POST', '/api/residents', {
        name: '赵志强',
        sex: 'M',
        birthDate: '1970-01-15',
        homeUnit: away.streets[0],
        identifiers: [{ kind: 'resident-id', value: residentId('44030419700115001') }],
      })
    ).id;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-component-update'],
    });
  }, 240_000);

  afterAll(async () => {
    await browser.close();
    await app.close();
    await database.close();
  });

  it('finds a resident by ID number, asks why before opening the record, and shows the timeline with what is due', async () => {
    const { ctx, p } = await signedIn('doc.home', PASSWORD);
    await p.locator('.ant-layout-header').getByRole('link', { name: '居民档案' }).click();
    await p.waitForURL(/\/residents$/);
    // The search box has the focus: type the ID number and press Enter.
    await p.waitForFunction(() => document.activeElement?.id === 'q');
    await p.keyboard.type(residentId('44030419560312002'));
    await p.keyboard.press('Enter');
    const results = p.getByTestId('resident-results');
    await results.getByText('王秀英').waitFor();
    // A doctor may see identifiers: the number in full, nothing masked.
    expect(await results.innerText()).toContain(residentId('44030419560312002'));
    await results.locator('tr.ant-table-row').first().focus();
    await p.keyboard.press('Enter');
    await p.waitForURL(new RegExp(`/residents/${ids.patient}$`));
    // Nothing of the person is shown before the purpose is given.
    await p.getByText('查阅目的').first().waitFor();
    expect(await p.locator('body').innerText()).not.toContain('福华路');
    await p.getByLabel('随访服务').check();
    await p.getByRole('button', { name: '打开档案' }).click();
    await p.waitForURL(/purpose=follow_up/);
    const identity = p.getByTestId('identity');
    await identity.getByText('福华路 8 号').waitFor();
    expect(await identity.innerText()).toContain('居民身份证');
    const htn = p.getByTestId('programme-HTN');
    await htn.getByTestId('programme-event').first().waitFor();
    const text = await htn.innerText();
    // Uncontrolled on 10 June: the next follow-up within 14 days, by 24 June; on 1 December that
    // is 160 days late (6 days of June, 31 + 31 + 30 + 31 + 30, and 1 December).
    expect(await htn.getByTestId('next-due').innerText()).toContain('2026-06-24 前 · 已逾期 160 天');
    expect(text).toContain('随访方式：门诊；收缩压：158 mmHg；舒张压：96 mmHg');
    expect(text).toContain('控制不满意');
    expect(text).toMatch(/2026-03-01\s+纳入管理/);
    // Newest first: the follow-up of June above the enrolment of March.
    const timeline = await htn.locator('.ant-timeline').innerText();
    expect(timeline.indexOf('2026-06-10')).toBeLessThan(timeline.indexOf('2026-03-01'));
    // The read is in the log, with its purpose.
    const reads = await database.db
      .selectFrom('record_reads')
      .select(['purpose', 'break_glass'])
      .where('resident_id', '=', ids.patient)
      .where('actor', '=', 'doc.home')
      .execute();
    expect(reads.map((r) => r.purpose)).toContain('follow_up');
    await ctx.close();
  });

  it('fills the generated visit form by keyboard, shows the API’s errors at the field, and the next due date after saving', async () => {
    const { ctx, p } = await signedIn('doc.home', PASSWORD);
    await p.goto(`${base}/residents/${ids.patient}?purpose=care`);
    await p.getByRole('link', { name: '录入服务记录' }).click();
    await p.waitForURL(new RegExp(`/residents/${ids.patient}/visit/HTN$`));
    const form = p.getByTestId('visit-form');
    // Generated from the rule set: the follow-up's fields with their ranges and units.
    await form.getByText('应在 50～300 之间 mmHg').waitFor();
    expect(await form.innerText()).toContain('此次随访分类');
    // The date has the focus and reads today in Beijing.
    expect(await p.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe('2026-12-01');
    await form.getByLabel('门诊').check();
    await form.getByLabel('收缩压').fill('400');
    await form.getByLabel('舒张压').fill('82');
    await form.getByLabel('舒张压').press('Enter');
    // Enter saved; the API refused, naming both fields, each shown under its own field.
    const sbpItem = form.locator('.ant-form-item', { has: p.getByLabel('收缩压') });
    await sbpItem.getByText('收缩压 400 mmHg 超出合理范围 50–300 mmHg').waitFor();
    const classItem = form.locator('.ant-form-item', { hasText: '此次随访分类' });
    await classItem.getByText('必须填写此次随访分类').waitFor();
    await form.getByLabel('收缩压').fill('128');
    await form.getByLabel('控制满意').check();
    await form.getByLabel('收缩压').press('Enter');
    // Controlled on 1 December: quarterly, 90 days on — 1 March 2027 (30 + 31 + 28 + 1).
    const saved = p.getByTestId('visit-saved');
    await saved.waitFor();
    expect(await saved.innerText()).toContain('下次应做：面对面随访，2027-03-01 前');
    // Back on the record, the new visit is first and nothing is overdue any more.
    await p.getByRole('link', { name: '返回居民档案' }).click();
    const htn = p.getByTestId('programme-HTN');
    await htn.getByText('2027-03-01 前').waitFor();
    expect(await htn.getByTestId('programme-event').first().innerText()).toContain('收缩压：128 mmHg');
    await ctx.close();
  });

  it('corrects and voids a visit with a reason, keeping the voided one on the record', async () => {
    const { ctx, p } = await signedIn('doc.home', PASSWORD);
    await p.goto(`${base}/residents/${ids.patient}?purpose=care`);
    const htn = p.getByTestId('programme-HTN');
    const june = htn.getByTestId('programme-event').filter({ hasText: '收缩压：158 mmHg' });
    await june.getByRole('link', { name: '更正' }).click();
    const form = p.getByTestId('visit-form');
    await form.getByText('更正服务记录').waitFor();
    expect(await form.getByLabel('收缩压').inputValue()).toBe('158');
    await form.getByLabel('收缩压').fill('148');
    await form.getByLabel('收缩压').press('Enter');
    // The reason is required by the API and shown at its field.
    await form.locator('.ant-form-item', { hasText: '更正理由' }).locator('.ant-form-item-explain').waitFor();
    await form.getByLabel('更正理由').fill('录入时多按了一位');
    await form.getByLabel('更正理由').press('Enter');
    await p.getByTestId('visit-saved').waitFor();
    await p.getByRole('link', { name: '返回居民档案' }).click();
    const corrected = htn.getByTestId('programme-event').filter({ hasText: '收缩压：148 mmHg' });
    await corrected.getByRole('button', { name: '作废' }).click();
    await p.locator('.ant-modal').getByLabel('作废理由').fill('重复录入');
    await p.keyboard.press('Enter');
    await htn.getByText('已作废：重复录入').waitFor();
    expect(await htn.getByTestId('programme-event').count()).toBe(2);
    await ctx.close();
  });

  it('shows a viewer masked results and marks nothing for a role that may not record', async () => {
    const { ctx, p } = await signedIn('viewer.home', PASSWORD);
    const menu = await p.locator('.ant-layout-header').innerText();
    expect(menu).toContain('居民档案');
    expect(menu).not.toContain('随访清单');
    expect(menu).not.toContain('重复档案');
    await p.goto(`${base}/residents?q=13800138000`);
    const results = p.getByTestId('resident-results');
    await results.locator('tr.ant-table-row').first().waitFor();
    const row = await results.innerText();
    expect(row).not.toContain('王秀英');
    expect(row).not.toContain('13800138000');
    await p.getByText('姓名、证件号码和电话已脱敏显示').waitFor();
    await ctx.close();
  });

  it('offers break-the-glass outside the scope, warned that it is logged and reviewed, and the reviewer sees it', async () => {
    const { ctx, p } = await signedIn('doc.home', PASSWORD);
    await p.goto(`${base}/residents/${ids.outside}?purpose=care`);
    const glass = p.getByTestId('break-glass');
    await glass.waitFor();
    expect(await glass.innerText()).toContain('本次查阅将连同理由记录在案，并由审核人员逐条复核');
    expect(await p.locator('body').innerText()).not.toContain('赵志强');
    await glass.getByRole('button', { name: '说明理由并查阅' }).click();
    await glass.getByText('请说明查阅理由').waitFor();
    await glass.getByLabel('查阅理由').fill('急诊抢救，患者昏迷');
    await glass.getByRole('button', { name: '说明理由并查阅' }).click();
    await p.getByTestId('break-glass-active').waitFor();
    await p.getByTestId('identity').getByText('赵志强').waitFor();
    await ctx.close();

    const admin = await signedIn('admin.res', PASSWORD);
    await admin.p.locator('.ant-layout-header').getByRole('link', { name: '紧急查阅复核' }).click();
    const table = admin.p.getByTestId('reads-review');
    const row = table.locator('tr.ant-table-row', { hasText: 'doc.home' });
    await row.waitFor();
    expect(await row.innerText()).toContain('诊疗服务：急诊抢救，患者昏迷');
    await row.getByLabel('复核意见').fill('已核实急诊记录');
    await row.getByRole('button', { name: '理由充分' }).click();
    await table.getByText('没有待复核的紧急查阅').waitFor();
    await admin.ctx.close();
  });

  it('shows a queued pair side by side and records the decision', async () => {
    const { ctx, p } = await signedIn('admin.res', PASSWORD);
    await p.locator('.ant-layout-header').getByRole('link', { name: '重复档案' }).click();
    const pair = p.getByTestId('duplicate-pair').filter({ hasText: `档案 ${ids.twinA}` });
    await pair.getByTestId('duplicate-side').nth(1).getByText('二街道 3 号').waitFor();
    const sides = await pair.getByTestId('duplicate-side').allInnerTexts();
    expect(sides.every((s) => s.includes('李建国') && s.includes('1948-07-02'))).toBe(true);
    await pair.getByRole('button', { name: `合并到档案 ${ids.twinA}` }).click();
    await pair.getByLabel('合并理由').fill('同一人，电话与出生日期一致');
    await p.keyboard.press('Enter');
    await p.getByText('没有待复核的疑似重复档案').waitFor();
    const merged = await database.db
      .selectFrom('residents')
      .select(['status', 'merged_into'])
      .where('id', '=', ids.twinB)
      .executeTakeFirstOrThrow();
    expect(merged).toEqual({ status: 'merged', merged_into: ids.twinA });
    await ctx.close();
  });

  it.each(['zh', 'en'] as const)('shows every resident screen in one language (%s)', async (lang) => {
    const { ctx, p } = await signedIn('admin.res', PASSWORD, lang);
    const data = watchData(p);
    // Load once under watch, so the signed-in user's own data (the unit's name in the header) is known.
    await p.goto(`${base}/residents`, { waitUntil: 'networkidle' });
    await data.settled();
    const steps: [string, () => Promise<unknown>][] = [
      ['search', () => p.goto(`${base}/residents?q=13800138000`, { waitUntil: 'networkidle' })],
      ['purpose', () => p.goto(`${base}/residents/${ids.patient}`, { waitUntil: 'networkidle' })],
      [
        'record',
        async () => {
          await p.goto(`${base}/residents/${ids.patient}?purpose=care`, { waitUntil: 'networkidle' });
          await p.getByTestId('programme-HTN').getByTestId('programme-event').first().waitFor();
        },
      ],
      [
        'visit',
        async () => {
          await p.goto(`${base}/residents/${ids.patient}/visit/HTN`, { waitUntil: 'networkidle' });
          await p.getByTestId('visit-form').locator('input').first().waitFor();
        },
      ],
      [
        'duplicates',
        async () => {
          await p.goto(`${base}/admin/duplicates`, { waitUntil: 'networkidle' });
          // Each pair reads its two records only once the queue is in: wait for those reads too.
          await p.waitForTimeout(500);
          await p.waitForLoadState('networkidle');
        },
      ],
      ['reads', () => p.goto(`${base}/admin/record-reads`, { waitUntil: 'networkidle' })],
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
  });
});
