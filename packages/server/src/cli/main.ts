/**
 * The `weijian` command: serve, migrate, user add, plan list/show/import, target parse, detect …
 * Errors print in Chinese and English with their row and field, and exit non-zero.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Command } from 'commander';
import { ALGORITHMS, AppError, detect, parseCountsCsv, parseTarget, type AlgorithmName } from '@weijian/core';
import { bootstrap } from '../bootstrap';
import { readConfig } from '../config';
import { openDatabase } from '../db/connection';
import type { Scale } from '../modules/demo';
import { serve } from '../serve';
import { readServerLock } from '../server-lock';
import { restoreBackup, writeBackup } from '../modules/backup';
import { backupThroughServer, openBackend, type Backend, type ReportFormat } from './backend';
import { progressPrinter } from './progress';
import { registerImmunizationCommands } from './immunization-commands';
import { registerResidentCommands } from './resident-commands';
import type { Lang } from '../modules/reports';
import {
  printError,
  printEvaluation,
  printImport,
  printJson,
  printPlan,
  printPlanList,
  printDetection,
  printTarget,
} from './output';

async function withBackend(fn: (b: Backend) => Promise<void>): Promise<void> {
  const backend = await openBackend();
  try {
    await fn(backend);
  } finally {
    await backend.close();
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const program = new Command('weijian')
  .description('Weijian 卫健: health development plans as live software')
  .showHelpAfterError();

program
  .command('serve')
  .description('serve the web app and API (PORT, DATABASE_URL, WEIJIAN_DATA_DIR)')
  .action(serve);

program
  .command('migrate')
  .description('apply database migrations and load reference data and the shipped plans')
  .action(async () => {
    const config = readConfig();
    if (!config.databaseUrl && readServerLock(config.dataDir)) {
      process.stdout.write(
        'A running server holds the database and has migrated it already. 服务器正在运行，已完成迁移。\n'
      );
      return;
    }
    const database = await openDatabase(
      config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir }
    );
    try {
      const report = await bootstrap(database.db);
      process.stdout.write(
        `migrations applied: ${report.migrations.join(', ') || 'none'}; org units added: ${report.orgUnits}; plans changed: ${report.plansChanged.join(', ') || 'none'}\n`
      );
    } finally {
      await database.close();
    }
  });

program
  .command('backup')
  .description(
    'back up the database (PGlite: its data directory, through the running server if any; PostgreSQL: a logical dump)'
  )
  .requiredOption('-o, --output <file>', 'file to write (gzip)')
  .option(
    '--logical',
    'PGlite: a logical dump (portable to PostgreSQL, smaller) instead of the data directory'
  )
  .action(async (opts: { output: string; logical?: boolean }) => {
    const started = performance.now();
    const config = readConfig();
    const lock = config.databaseUrl ? null : readServerLock(config.dataDir);
    let kind: string;
    if (lock) {
      await backupThroughServer(lock, opts.output, opts.logical ?? false);
      kind = `${opts.logical ? 'logical' : 'pglite-datadir'} (through the running server)`;
    } else {
      const database = await openDatabase(
        config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir }
      );
      try {
        kind = (await writeBackup(database, opts.output, new Date(), { logical: opts.logical ?? false }))
          .kind;
      } finally {
        await database.close();
      }
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `backup written 已备份: ${opts.output} (${statSync(opts.output).size} bytes, ${kind}, ${seconds} s)\n`
    );
  });

program
  .command('restore <file>')
  .description(
    'restore a backup into a new, empty database (WEIJIAN_DATA_DIR or DATABASE_URL); the server must be stopped'
  )
  .action(async (file: string) => {
    const started = performance.now();
    const config = readConfig();
    if (!config.databaseUrl && readServerLock(config.dataDir)) {
      throw new AppError('CONFLICT', {
        zh: '服务器正在使用该数据目录，请先停止服务器',
        en: 'A running server holds the data directory; stop it first',
      });
    }
    const r = await restoreBackup(
      file,
      config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir }
    );
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `restored 已恢复: ${file} (${r.kind}${r.rows !== undefined ? `, ${r.rows} rows` : ''}, ${seconds} s)\n`
    );
  });

const user = program.command('user').description('manage users');
user
  .command('add <username>')
  .description('create a user (password from --password or WEIJIAN_PASSWORD)')
  .requiredOption('--role <role>', 'admin | planner | clerk | viewer')
  .requiredOption('--org-unit <code>', 'org-unit scope, e.g. 440304 for 福田区, 100000 for all')
  .option('--password <password>', 'password (at least 12 characters, not a common one)')
  .option('--name <displayName>', 'display name')
  .action(
    async (username: string, opts: { role: string; orgUnit: string; password?: string; name?: string }) => {
      const password = opts.password ?? process.env.WEIJIAN_PASSWORD;
      if (!password) {
        throw new AppError('VALIDATION_FAILED', {
          zh: '请用 --password 或环境变量 WEIJIAN_PASSWORD 提供密码',
          en: 'Give the password with --password or WEIJIAN_PASSWORD',
        });
      }
      await withBackend(async (b) => {
        const { id } = await b.addUser({
          username,
          password,
          role: opts.role,
          orgUnit: opts.orgUnit,
          ...(opts.name ? { displayName: opts.name } : {}),
        });
        process.stdout.write(`user ${username} created (id ${id})\n`);
      });
    }
  );

const plan = program.command('plan').description('plans');
plan
  .command('list')
  .option('--json', 'print JSON')
  .action(async (opts: { json?: boolean }) => {
    await withBackend(async (b) => {
      const plans = await b.listPlans();
      // As JSON, every plan comes whole: rows with raw and typed targets, and projects.
      if (opts.json) printJson(await Promise.all(plans.map((p) => b.getPlan(p.id))));
      else printPlanList(plans);
    });
  });
plan
  .command('show <id>')
  .option('--json', 'print JSON')
  .action(async (id: string, opts: { json?: boolean }) => {
    await withBackend(async (b) => {
      const detail = await b.getPlan(id);
      if (opts.json) printJson(detail);
      else printPlan(detail);
    });
  });
plan
  .command('import <file>')
  .description('import a plan indicator table (CSV or XLSX; Chinese headers, English aliases)')
  .requiredOption('--id <id>', 'plan id, e.g. nanshan-2021')
  .requiredOption('--region <code>', 'national administrative code of the region')
  .requiredOption('--period <period>', 'plan period, e.g. 2021-2025')
  .requiredOption('--base-year <year>', 'base year, e.g. 2020')
  .requiredOption('--title <title>', 'plan title')
  .option('--dry-run', 'check the file and report; write nothing')
  .option('--json', 'print JSON')
  .action(
    async (
      file: string,
      opts: {
        id: string;
        region: string;
        period: string;
        baseYear: string;
        title: string;
        dryRun?: boolean;
        json?: boolean;
      }
    ) => {
      const baseYear = Number(opts.baseYear);
      if (!Number.isInteger(baseYear)) {
        throw new AppError('VALIDATION_FAILED', {
          zh: `基期年不是整数：${opts.baseYear}`,
          en: `Base year is not an integer: ${opts.baseYear}`,
        });
      }
      const buffer = readFileSync(file);
      await withBackend(async (b) => {
        const result = await b.importPlan({
          buffer,
          filename: basename(file),
          id: opts.id,
          region: opts.region,
          period: opts.period,
          baseYear,
          title: opts.title,
          dryRun: opts.dryRun ?? false,
        });
        if (opts.json) printJson(result);
        else printImport(result);
      });
    }
  );

program
  .command('evaluate')
  .description('status of every row of a plan in a year (achieved, on schedule, behind …)')
  .requiredOption('--plan <id>', 'plan id, e.g. futian-2016')
  .requiredOption('--year <year>', 'year to evaluate')
  .option('--json', 'print a JSON array, one entry per plan row')
  .action(async (opts: { plan: string; year: string; json?: boolean }) => {
    const year = Number(opts.year);
    if (!Number.isInteger(year)) {
      throw new AppError('VALIDATION_FAILED', {
        zh: `年份不是整数：${opts.year}`,
        en: `Year is not an integer: ${opts.year}`,
      });
    }
    await withBackend(async (b) => {
      const result = await b.evaluate(opts.plan, year);
      if (opts.json) printJson(result.rows);
      else printEvaluation(result);
    });
  });

const programmes = program
  .command('programmes')
  .description('resident programmes (hypertension, diabetes …)');
programmes
  .command('verify')
  .description(
    'recount every programme membership from the records and compare with the stored counts; exit 1 on a difference'
  )
  .option('--json', 'print the report as JSON')
  .action(async (opts: { json?: boolean }) => {
    await withBackend(async (b) => {
      const report = await b.verifyProgrammes();
      if (opts.json) printJson(report);
      else {
        process.stdout.write(
          `${report.equal ? 'equal 一致' : 'DIFFERENT 不一致'}: ${report.residents} residents 居民, ${report.memberships} memberships 计入, ${report.cells} cells 数据格, ${report.rollupCells} roll-up cells 汇总格, through ${report.throughYear}\n`
        );
        for (const d of report.differences.slice(0, 20)) {
          process.stdout.write(
            `  ${d.kind} ${d.element} ${d.orgUnit} ${d.period}${d.residentId !== undefined ? ` resident ${d.residentId}` : ''}: recount 重算 ${d.recount}, stored 存储 ${d.stored}\n`
          );
        }
      }
      if (!report.equal) process.exitCode = 1;
    });
  });

program
  .command('report')
  .description(
    'evaluation reports (中期/终期评估) as Word, Excel or HTML; several plans or years make a batch'
  )
  .requiredOption('--plan <ids>', 'plan id, or several separated by commas')
  .requiredOption('--year <years>', 'year, several separated by commas, or a range such as 2021-2025')
  .option('--format <format>', 'docx | xlsx | html', 'docx')
  .option('--lang <lang>', 'zh | en', 'zh')
  .requiredOption('-o, --output <path>', 'file to write; a directory for a batch')
  .action(async (opts: { plan: string; year: string; format: string; lang: string; output: string }) => {
    if (!['docx', 'xlsx', 'html'].includes(opts.format) || !['zh', 'en'].includes(opts.lang)) {
      throw new AppError('VALIDATION_FAILED', {
        zh: '格式应为 docx、xlsx 或 html，语言应为 zh 或 en',
        en: 'Format must be docx, xlsx or html; language zh or en',
      });
    }
    const plans = opts.plan
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    const years = yearList(opts.year);
    const batch = plans.length * years.length > 1;
    if (batch) mkdirSync(opts.output, { recursive: true });
    await withBackend(async (b) => {
      const progress = progressPrinter();
      const phase = { zh: '生成评估报告', en: 'writing evaluation reports' };
      let done = 0;
      const total = plans.length * years.length;
      try {
        for (const planId of plans) {
          for (const year of years) {
            if (batch) progress.update({ done, total, phase });
            const body = await b.report(planId, year, opts.format as ReportFormat, opts.lang as Lang);
            const file = batch
              ? join(opts.output, `${planId}-${year}-${opts.lang}.${opts.format}`)
              : opts.output;
            writeFileSync(file, body);
            done++;
            if (batch) progress.update({ done, total, phase });
            else process.stdout.write(`${file} (${body.length} bytes)\n`);
          }
        }
      } finally {
        progress.end();
      }
      if (batch) process.stdout.write(`${done} 份报告 reports → ${opts.output}\n`);
    });
  });

/** `2023`, `2021,2023`, `2021-2025` → the years. */
function yearList(text: string): number[] {
  const years = text.split(',').flatMap((part) => {
    const m = /^\s*(\d{4})\s*(?:-\s*(\d{4}))?\s*$/.exec(part);
    if (!m) {
      throw new AppError('VALIDATION_FAILED', {
        zh: `年份应为 2023、2021,2023 或 2021-2025 的形式：${part}`,
        en: `Years look like 2023, 2021,2023 or 2021-2025: ${part}`,
      });
    }
    const from = Number(m[1]);
    const to = Number(m[2] ?? m[1]);
    return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
  });
  if (years.length === 0 || years.length > 50) {
    throw new AppError('VALIDATION_FAILED', {
      zh: `年份范围无效：${text}`,
      en: `Invalid year range: ${text}`,
    });
  }
  return years;
}

const demo = program.command('demo').description('synthetic demo data (marked synthetic everywhere)');
demo
  .command('generate')
  .description("create synthetic facilities and values from 2019 on, shaped to each plan's stated values")
  .option('--seed <n>', 'random seed', '1')
  .option('--scale <scale>', 'district | city | province', 'district')
  .option('--from <year>', 'first year', '2019')
  .option('--to <year>', 'last year (default: the last complete year)')
  .action(async (opts: { seed: string; scale: string; from: string; to?: string }) => {
    if (!['district', 'city', 'province'].includes(opts.scale)) {
      throw new AppError('VALIDATION_FAILED', {
        zh: `规模应为 district、city 或 province：${opts.scale}`,
        en: `Scale must be district, city or province: ${opts.scale}`,
      });
    }
    await withBackend(async (b) => {
      const progress = progressPrinter();
      const r = await b
        .generateDemo(
          {
            seed: Number(opts.seed),
            scale: opts.scale as Scale,
            fromYear: Number(opts.from),
            toYear: opts.to === undefined ? new Date().getFullYear() - 1 : Number(opts.to),
          },
          progress.update
        )
        .finally(progress.end);
      process.stdout.write(
        `已生成合成数据（仅供演示，非实际统计）: ${r.units} 个机构, ${r.values} 个数值\n` +
          `synthetic data created (for demonstration only, not real statistics): ${r.units} units, ${r.values} values\n`
      );
    });
  });
demo
  .command('remove')
  .description('remove every synthetic unit and value')
  .action(async () => {
    await withBackend(async (b) => {
      const r = await b.removeDemo();
      process.stdout.write(`synthetic data removed 已删除合成数据: ${r.units} units, ${r.values} values\n`);
    });
  });

demo
  .command('surveillance')
  .description(
    'synthetic case reports and sentinel counts for the streets of a region, then a detection run (all marked synthetic)'
  )
  .requiredOption('--region <code>', 'district (or city) whose streets get the data')
  .requiredOption('--as-of <date>', 'the last day of the synthetic data, YYYY-MM-DD')
  .option('--seed <n>', 'random seed', '1')
  .action(async (opts: { region: string; asOf: string; seed: string }) => {
    await withBackend(async (b) => {
      const r = await b.surveillanceDemo({ region: opts.region, asOf: opts.asOf, seed: Number(opts.seed) });
      process.stdout.write(
        `synthetic surveillance data 已生成合成监测数据: ${r.cases} cases, ${r.counts} sentinel counts, ${r.run.signals} signals\n`
      );
    });
  });

program
  .command('target')
  .description('target expressions')
  .command('parse <text>')
  .description('parse a target text; "-" reads one text per line from stdin and prints a JSON array')
  .option('--json', 'print JSON')
  .action(async (text: string, opts: { json?: boolean }) => {
    if (text === '-') {
      const lines = (await readStdin()).split(/\r?\n/).filter((l) => l.trim() !== '');
      printJson(lines.map((l) => parseTarget(l)));
      return;
    }
    const target = parseTarget(text);
    if (opts.json) printJson(target);
    else printTarget(target);
  });

program
  .command('detect')
  .description(`run an outbreak detector on a date,observed CSV (weekly or daily): ${ALGORITHMS.join(', ')}`)
  .requiredOption('--algorithm <name>', 'detector name')
  .requiredOption('--input <csv>', 'CSV of date,observed; "-" reads standard input')
  .option('--params <json>', 'controls with R surveillance\'s names, e.g. \'{"b":4,"w":3}\'', '{}')
  .option('--json', 'print JSON')
  .action(async (opts: { algorithm: string; input: string; params: string; json?: boolean }) => {
    if (!(ALGORITHMS as readonly string[]).includes(opts.algorithm)) {
      throw new AppError('BAD_REQUEST', {
        zh: `未知算法 ${opts.algorithm}，可选：${ALGORITHMS.join('、')}`,
        en: `Unknown algorithm ${opts.algorithm}; one of ${ALGORITHMS.join(', ')}`,
      });
    }
    let params: unknown;
    try {
      params = JSON.parse(opts.params);
    } catch {
      throw new AppError('BAD_REQUEST', { zh: '--params 不是有效的 JSON', en: '--params is not valid JSON' });
    }
    const text = opts.input === '-' ? await readStdin() : readFileSync(opts.input, 'utf8');
    const points = detect(opts.algorithm as AlgorithmName, parseCountsCsv(text), params);
    const rows = points.map((p) => ({
      date: p.date,
      observed: p.observed,
      expected: p.expected,
      upperbound: p.upperbound,
      alarm: p.alarm,
      score: p.score,
    }));
    if (opts.json) printJson(rows);
    else printDetection(rows);
  });

registerResidentCommands(program);
registerImmunizationCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  process.exitCode = printError(e);
}
