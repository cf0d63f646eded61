import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NOUFAILY_CONTROL } from '@weijian/core';
import { repoPath } from '../paths';

const BIN = repoPath('packages/server/bin/weijian.js');
const dataDir = mkdtempSync(join(tmpdir(), 'weijian-cli-'));

function run(args: string[], input?: string, dir = join(dataDir, 'db')) {
  const env: NodeJS.ProcessEnv = { ...process.env, WEIJIAN_DATA_DIR: dir };
  delete env.DATABASE_URL;
  const r = spawnSync(process.execPath, [BIN, ...args], { input, env, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A port nobody listens on. */
async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the weijian command', () => {
  it('detects on a CSV with R control names and agrees with R surveillance', () => {
    const series = readFileSync(
      repoPath('packages/core/src/surveillance/fixtures/r/cluster5.series.csv'),
      'utf8'
    );
    const file = join(dataDir, 'cluster5.csv');
    writeFileSync(file, series);
    const params = JSON.stringify({ ...NOUFAILY_CONTROL, range: 104 });
    const r = run([
      'detect',
      '--algorithm',
      'farringtonFlexible',
      '--input',
      file,
      '--params',
      params,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const ours = JSON.parse(r.stdout) as {
      date: string;
      upperbound: number | null;
      alarm: boolean;
      expected: number | null;
    }[];
    const want = readFileSync(
      repoPath('packages/core/src/surveillance/fixtures/r/cluster5.farringtonFlexible-noufaily.csv'),
      'utf8'
    )
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    expect(ours.map((p) => p.date)).toEqual(want.map((w) => w[0]));
    ours.forEach((p, i) => {
      const ub = want[i]?.[2];
      if (ub) expect(p.upperbound).toBe(Number(ub));
      expect(p.alarm ? '1' : '0').toBe(want[i]?.[4]);
    });
  });

  it('refuses an unknown control and a bad row, naming them', () => {
    const file = join(dataDir, 'bad.csv');
    writeFileSync(file, 'date,observed\n2026-01-05,3\n2026-01-12,x\n');
    const bad = run(['detect', '--algorithm', 'earsC1', '--input', file, '--json']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/3/);
    expect(bad.stderr).toMatch(/observed/);
    writeFileSync(
      file,
      Array.from({ length: 12 }, (_, i) => `2026-01-${String(i + 1).padStart(2, '0')},${i}`).join('\n')
    );
    const unknown = run(['detect', '--algorithm', 'earsC1', '--input', file, '--params', '{"bogus":1}']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/bogus/);
    const c3 = run(['detect', '--algorithm', 'earsC3', '--input', file, '--json']);
    expect(c3.code, c3.stderr).toBe(0);
    expect(JSON.parse(c3.stdout)).toHaveLength(1);
  });

  it('checks a resident ID and matches record pairs, as spawned by a user', () => {
    // GB 11643's own example: born 1949-12-31 in 110105 (朝阳区), sequence 002 is even: female.
    const id = run(['resident', 'check-id', '11010519491231002X', '--json']);
    expect(id.code, id.stderr).toBe(0);
    expect(JSON.parse(id.stdout)).toMatchObject({
      valid: true,
      normalized: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'F',
      regionCode: '110105',
    });
    const bad = run(['resident', 'check-id', '110105194912310021', '--json']);
    expect(bad.code).not.toBe(0);
    expect(JSON.parse(bad.stdout)).toMatchObject({ valid: false });
    const pair = (a: object, b: object) => JSON.stringify({ a, b });
    const same = { name: '张伟', sex: 'M', birthDate: '1980-05-12', phone: '13800138000' };
    const m = run(
      ['resident', 'match', '--json'],
      `${pair({ ...same, idNumber: '11010519491231002X' }, { ...same, name: '张玮', idNumber: '11010519491231002X' })}\n` +
        `${pair(same, { name: '李娜', sex: 'F', birthDate: '1992-01-03', phone: '13900139000' })}\n`
    );
    expect(m.code, m.stderr).toBe(0);
    const lines = m.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { decision: string });
    expect(lines.map((l) => l.decision)).toEqual(['match', 'distinct']);
  });

  it('lists a child’s doses of the national schedule as spawned by a user', () => {
    // Born 15 January 2024: HepB 2 at one month (15 Feb), IPV at two and three months (15 Mar,
    // 15 Apr) per the 2021 schedule; on 20 April the first two are past their month, the third due.
    const r = run([
      'immunization',
      'due',
      '--birth',
      '2024-01-15',
      '--given',
      '乙肝疫苗:1:2024-01-15,卡介苗:1:2024-01-15',
      '--as-of',
      '2024-04-20',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const doses = JSON.parse(r.stdout) as {
      vaccine: string;
      dose: number;
      dueDate: string;
      status: string;
    }[];
    const find = (vaccine: string, dose: number) =>
      doses.find((d) => d.vaccine === vaccine && d.dose === dose);
    expect(find('乙肝疫苗', 1)?.status).toBe('given');
    expect(find('乙肝疫苗', 2)).toMatchObject({ dueDate: '2024-02-15', status: 'overdue' });
    expect(find('脊灰灭活疫苗', 1)).toMatchObject({ dueDate: '2024-03-15', status: 'overdue' });
    expect(find('脊灰灭活疫苗', 2)).toMatchObject({ dueDate: '2024-04-15', status: 'due' });
    const bad = run([
      'immunization',
      'due',
      '--birth',
      '2024-01-15',
      '--given',
      '不存在疫苗:1:2024-01-15',
      '--as-of',
      '2024-04-20',
    ]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('不存在疫苗');
  });

  it('parses one target to JSON', () => {
    const r = run(['target', 'parse', '比2015年降低5%', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      kind: 'change',
      direction: 'decrease',
      amount: 5,
      from: { type: 'year', year: 2015 },
    });
  });

  it('parses one target per line from standard input', () => {
    const r = run(['target', 'parse', '-'], '≥84.53\n4‰以下\n\n逐步下降\n');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { kind: string }[]).map((t) => t.kind)).toEqual([
      'comparison',
      'comparison',
      'qualitative',
    ]);
  });

  it('lists the seven plans on a fresh data directory', () => {
    const r = run(['plan', 'list', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const plans = JSON.parse(r.stdout) as { id: string; rows: { origin: string }[]; projects: unknown[] }[];
    expect(plans.map((p) => p.id).sort()).toEqual([
      'futian-2016',
      'futian-2021',
      'fuzhou-2021',
      'guangming-2021',
      'longgang-2026',
      'xiangqiao-2016',
      'xiangqiao-2021',
    ]);
    const fuzhou = plans.find((p) => p.id === 'fuzhou-2021');
    expect(fuzhou?.projects).toHaveLength(36);
    expect(fuzhou?.rows.filter((row) => row.origin === 'table')).toHaveLength(21);
  });

  it('refuses a malformed table with row numbers in both languages and a non-zero exit', () => {
    const file = join(dataDir, 'bad.csv');
    writeFileSync(file, '指标名称,目标值,目标年\n婴儿死亡率,≤2.5,二〇二五\n');
    const r = run([
      'plan',
      'import',
      file,
      '--id',
      'bad-2021',
      '--region',
      '440305',
      '--period',
      '2021-2025',
      '--base-year',
      '2020',
      '--title',
      'x',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('第 2 行');
    expect(r.stderr).toContain('row 2');
    const list = JSON.parse(run(['plan', 'list', '--json']).stdout) as unknown[];
    expect(list).toHaveLength(7);
  });

  it('imports a table and shows the plan', () => {
    const file = join(dataDir, 'ok.csv');
    writeFileSync(file, 'name,unit,baseline,target,attribute\n婴儿死亡率,‰,1.2,≤2.5,约束性\n');
    const r = run([
      'plan',
      'import',
      file,
      '--id',
      'nanshan-2021',
      '--region',
      '440305',
      '--period',
      '2021-2025',
      '--base-year',
      '2020',
      '--title',
      '南山区规划',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ planId: 'nanshan-2021', changed: true, rows: 1 });
    const show = JSON.parse(run(['plan', 'show', 'nanshan-2021', '--json']).stdout) as {
      rows: { indicator: string }[];
    };
    expect(show.rows[0]?.indicator).toBe('IMR');
  });

  // Starts a server and generates a few years for five regions: minutes on a loaded 2-core machine.
  it(
    'generates demo data through a running server, with progress and the time left, and marks what it built',
    { timeout: 240_000 },
    async () => {
      const dir = join(dataDir, 'served');
      const port = await freePort();
      const env: NodeJS.ProcessEnv = { ...process.env, WEIJIAN_DATA_DIR: dir, PORT: String(port) };
      delete env.DATABASE_URL;
      const server = spawn(process.execPath, [BIN, 'serve'], { env, stdio: 'ignore' });
      try {
        for (let i = 0; i < 120; i++) {
          const up = await fetch(`http://127.0.0.1:${port}/api/health`).then(
            (r) => r.ok,
            () => false
          );
          if (up) break;
          await new Promise((r) => setTimeout(r, 500));
        }
        const gen = run(
          ['demo', 'generate', '--seed', '2', '--from', '2019', '--to', '2021'],
          undefined,
          dir
        );
        expect(gen.code, gen.stderr).toBe(0);
        expect(gen.stdout).toContain('非实际统计');
        // Progress comes as it goes: the phase in both languages, the share done and the time left.
        expect(gen.stderr).toMatch(/写入数值并汇总 writing and rolling up values \d+% \([\d,]+\/[\d,]+\)/);
        expect(gen.stderr).toContain('100%');
        const text = run(['evaluate', '--plan', 'futian-2021', '--year', '2021'], undefined, dir);
        expect(text.code, text.stderr).toBe(0);
        expect(text.stdout).toContain('含合成演示数据');
        expect(text.stdout).toMatch(/婴儿死亡率 .*实际 actual [\d.]+ ※/);
        const json = JSON.parse(
          run(['evaluate', '--plan', 'futian-2021', '--year', '2021', '--json'], undefined, dir).stdout
        ) as {
          name: string;
          synthetic: boolean;
          actual: number | null;
          decimals: number;
        }[];
        const imr = json.find((r) => r.name === '婴儿死亡率');
        expect(imr?.synthetic).toBe(true);
        expect(String(imr?.actual).split('.')[1]?.length ?? 0).toBeLessThanOrEqual(imr?.decimals ?? 0);
        // A batch of reports: one file per plan and year, with progress.
        const out = join(dataDir, 'reports');
        const batch = run(
          [
            'report',
            '--plan',
            'futian-2021,fuzhou-2021',
            '--year',
            '2020-2021',
            '--format',
            'html',
            '-o',
            out,
          ],
          undefined,
          dir
        );
        expect(batch.code, batch.stderr).toBe(0);
        expect(batch.stderr).toContain('生成评估报告 writing evaluation reports 100% (4/4)');
        expect(readdirSync(out).sort()).toEqual([
          'futian-2021-2020-zh.html',
          'futian-2021-2021-zh.html',
          'fuzhou-2021-2020-zh.html',
          'fuzhou-2021-2021-zh.html',
        ]);
        expect(readFileSync(join(out, 'fuzhou-2021-2021-zh.html'), 'utf8')).toContain('本报告含合成演示数据');
        const removed = run(['demo', 'remove'], undefined, dir);
        expect(removed.code, removed.stderr).toBe(0);
        const after = run(['evaluate', '--plan', 'futian-2021', '--year', '2021'], undefined, dir);
        expect(after.stdout).not.toContain('※');
      } finally {
        server.kill('SIGTERM');
        await new Promise((r) => server.once('exit', r));
      }
    }
  );
  it('backs up the embedded database and restores it into an empty directory', () => {
    const file = join(dataDir, 'weijian-backup.tar.gz');
    const backup = run(['backup', '-o', file]);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/backup written 已备份: .*pglite-datadir/);
    const restore = run(['restore', file], undefined, join(dataDir, 'restored'));
    expect(restore.code, restore.stderr).toBe(0);
    const plans = JSON.parse(
      run(['plan', 'list', '--json'], undefined, join(dataDir, 'restored')).stdout
    ) as {
      id: string;
    }[];
    expect(plans.map((p) => p.id)).toContain('nanshan-2021');
    expect(plans).toHaveLength(8);
    const again = run(['restore', file], undefined, join(dataDir, 'restored'));
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already holds a database');
  });
});
