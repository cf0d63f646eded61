/**
 * `weijian immunization due` and `weijian immunization schedule`: the national immunization
 * schedule of @weijian/core on the command line. No database: the schedule ships as data in
 * catalogue/immunization/, and the due list is computed from the dates given.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { parse } from 'yaml';
import {
  AppError,
  ageText,
  dueList,
  findVaccine,
  isIsoDate,
  parseGiven,
  parseImmunizationSchedule,
  type DoseStatus,
  type DueDose,
  type ImmunizationSchedule,
} from '@weijian/core';
import { repoPath } from '../paths';

/**
 * Where the commands write, and which schedules they read; the defaults are the process's own.
 * Errors are thrown as AppError: `main.ts` prints them in both languages and exits non-zero.
 */
export interface ImmunizationIo {
  write: (text: string) => void;
  /** Every schedule edition available; the one in force on --as-of is used. */
  schedules: () => ImmunizationSchedule[];
}

/** The schedules in catalogue/immunization/, parsed and checked. */
export function loadSchedules(dir = repoPath('catalogue', 'immunization')): ImmunizationSchedule[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) =>
      parseImmunizationSchedule(parse(readFileSync(join(dir, f), 'utf8')), `catalogue/immunization/${f}`)
    );
}

const DEFAULT_IO: ImmunizationIo = {
  write: (t) => process.stdout.write(t),
  schedules: () => loadSchedules(),
};

/** The edition in force on a date: the latest that has started, else the earliest. */
function scheduleOn(schedules: ImmunizationSchedule[], date: string): ImmunizationSchedule {
  const byStart = [...schedules].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
  const started = byStart.filter((s) => s.effectiveFrom <= date && (s.effectiveTo ?? '9999-12-31') >= date);
  const chosen = started.at(-1) ?? byStart[0];
  if (!chosen) {
    throw new AppError('NOT_FOUND', {
      zh: 'catalogue/immunization/ 中没有免疫程序文件',
      en: 'No immunization schedule in catalogue/immunization/',
    });
  }
  return chosen;
}

function dateOption(name: string, text: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || !isIsoDate(text)) {
    throw new AppError(
      'BAD_REQUEST',
      {
        zh: `${name} 应为 YYYY-MM-DD 形式的日期：${text}`,
        en: `${name} is a date written YYYY-MM-DD: ${text}`,
      },
      [{ field: name, value: text, message: { zh: '日期无效', en: 'not a date' } }]
    );
  }
  return text;
}

/** --prefer "JE-I,HepA-I" (or 乙脑灭活疫苗,甲肝灭活疫苗): track codes of alternatives. */
function preferOption(schedule: ImmunizationSchedule, text: string | undefined): string[] {
  if (text === undefined || text.trim() === '') return [];
  const tracks = schedule.series
    .filter((s) => s.tracks.length > 1)
    .flatMap((s) => s.tracks.map((t) => t.code));
  return text
    .split(/[,，]/)
    .map((x) => x.trim())
    .filter((x) => x !== '')
    .map((x) => {
      const code = findVaccine(schedule, x)?.code;
      if (code === undefined || !tracks.includes(code)) {
        throw new AppError('BAD_REQUEST', {
          zh: `--prefer 的“${x}”不是可替代的疫苗，可选：${tracks.join('、')}`,
          en: `--prefer "${x}" is not an alternative vaccine; one of ${tracks.join(', ')}`,
        });
      }
      return code;
    });
}

const STATUS_NAMES: Record<DoseStatus, string> = {
  given: '已接种 given',
  due: '应接种 due',
  overdue: '逾期 overdue',
  catch_up: '需补种 catch-up',
  not_yet_due: '未到期 not yet due',
  not_needed: '不再接种 not needed',
};

/** One element of the --json array. */
function jsonDose(d: DueDose): Record<string, unknown> {
  return {
    vaccine: d.name.zh,
    code: d.vaccine,
    dose: d.dose,
    dueDate: d.dueDate,
    status: d.status,
    givenDate: d.givenDate,
    givenAs: d.givenAs,
    plannedDate: d.plannedDate,
    timely: d.timely,
    series: d.series,
    track: d.track,
    lateCourse: d.lateCourse,
    reason: d.reason,
  };
}

/** Adds `immunization due` and `immunization schedule` to the weijian command. */
export function registerImmunizationCommands(program: Command, io: ImmunizationIo = DEFAULT_IO): void {
  const immunization = program
    .command('immunization')
    .description('national immunization schedule (2021 edition): doses due for a child');

  immunization
    .command('due')
    .description(
      'every dose of the schedule for a child on a date: due date and status (given, due, overdue, catch_up, not_yet_due, not_needed)'
    )
    .requiredOption('--birth <date>', 'date of birth, YYYY-MM-DD')
    .requiredOption('--as-of <date>', 'the day to judge on, YYYY-MM-DD')
    .option(
      '--given <doses>',
      'doses given, "vaccine:dose:date,…" — the schedule\'s Chinese name or code, e.g. "乙肝疫苗:1:2024-01-15,HepB:2:2024-02-15"'
    )
    .option(
      '--prefer <vaccines>',
      'for a child with no dose yet of JE or hepatitis A: the vaccine to plan with (JE-I, HepA-I; default the live ones)'
    )
    .option('--json', 'print a JSON array: vaccine, code, dose, dueDate, status, givenDate, plannedDate …')
    .action((opts: { birth: string; asOf: string; given?: string; prefer?: string; json?: boolean }) => {
      const birth = dateOption('--birth', opts.birth);
      const asOf = dateOption('--as-of', opts.asOf);
      const schedule = scheduleOn(io.schedules(), asOf);
      const given = parseGiven(schedule, opts.given ?? '');
      const prefer = preferOption(schedule, opts.prefer);
      // Everything is computed before anything is written: an error leaves no partial output.
      const r = dueList(schedule, { birthDate: birth }, given, asOf, { prefer });
      if (opts.json) {
        io.write(`${JSON.stringify(r.doses.map(jsonDose), null, 2)}\n`);
        return;
      }
      let text = `${schedule.name.zh} · ${schedule.name.en}\n出生 born ${birth} · 截至 as of ${asOf}\n\n`;
      for (const d of r.doses) {
        const when = d.givenDate ?? d.plannedDate ?? '';
        text += `${d.name.zh}（${d.vaccine}）第${d.dose}剂\t${d.dueDate}\t${STATUS_NAMES[d.status]}\t${when}\t${d.reason.zh}\n`;
      }
      for (const u of r.unplaced) {
        const v = schedule.vaccines.find((x) => x.code === u.dose.vaccine);
        text += `\n未计入 not counted: ${v?.name.zh ?? u.dose.vaccine} 第${u.dose.dose}剂 ${u.dose.date} — ${u.reason.zh} / ${u.reason.en}`;
      }
      io.write(`${text}${r.unplaced.length > 0 ? '\n' : ''}`);
    });

  immunization
    .command('schedule')
    .description('the schedule table: vaccine, dose, age, as data')
    .option('--as-of <date>', 'the edition in force on this day (default: the latest)')
    .option('--json', 'print a JSON array')
    .action((opts: { asOf?: string; json?: boolean }) => {
      const schedules = io.schedules();
      const schedule = scheduleOn(schedules, opts.asOf ? dateOption('--as-of', opts.asOf) : '9999-12-31');
      const rows = schedule.series.flatMap((series) =>
        series.tracks.flatMap((track) =>
          track.doses.map((slot) => {
            const v = schedule.vaccines.find((x) => x.code === slot.vaccine);
            return {
              vaccine: v?.name.zh ?? slot.vaccine,
              code: slot.vaccine,
              dose: slot.dose,
              age: ageText(slot.age),
              series: series.code,
              alternative: series.tracks.length > 1,
            };
          })
        )
      );
      if (opts.json) io.write(`${JSON.stringify(rows, null, 2)}\n`);
      else {
        io.write(
          `${schedule.name.zh} · ${schedule.name.en}\n` +
            rows
              .map(
                (r) =>
                  `${r.vaccine}（${r.code}）第${r.dose}剂\t${r.age.zh} ${r.age.en}${r.alternative ? '\t可替代 alternative' : ''}`
              )
              .join('\n') +
            '\n'
        );
      }
    });
}
