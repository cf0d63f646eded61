/**
 * `weijian immunization …` in-process, on the repository's schedule file. Expected rows are the
 * published 2021 table applied by hand to a child born 15 January 2024.
 */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { AppError } from '@weijian/core';
import { loadSchedules, registerImmunizationCommands } from './immunization-commands';

const schedules = loadSchedules();

async function run(args: string[]) {
  let out = '';
  const program = new Command('weijian').exitOverride();
  registerImmunizationCommands(program, {
    write: (t) => {
      out += t;
    },
    schedules: () => schedules,
  });
  let error: unknown = null;
  try {
    await program.parseAsync(['immunization', ...args], { from: 'user' });
  } catch (e) {
    error = e;
  }
  return { out, error };
}

interface Row {
  vaccine: string;
  dose: number;
  dueDate: string;
  status: string;
}

const rows = (out: string): [string, number, string, string][] =>
  (JSON.parse(out) as Row[]).map((r) => [r.vaccine, r.dose, r.dueDate, r.status]);

describe('weijian immunization due', () => {
  it('prints every dose of the schedule with vaccine, dose, dueDate and status', async () => {
    const r = await run([
      'due',
      '--birth',
      '2024-01-15',
      '--given',
      '乙肝疫苗:1:2024-01-15,卡介苗:1:2024-01-15,HepB:2:2024-02-15',
      '--as-of',
      '2024-03-20',
      '--json',
    ]);
    expect(r.error).toBeNull();
    expect(rows(r.out)).toEqual([
      ['乙肝疫苗', 1, '2024-01-15', 'given'],
      ['乙肝疫苗', 2, '2024-02-15', 'given'],
      ['乙肝疫苗', 3, '2024-07-15', 'not_yet_due'],
      ['卡介苗', 1, '2024-01-15', 'given'],
      ['脊灰灭活疫苗', 1, '2024-03-15', 'due'],
      ['脊灰灭活疫苗', 2, '2024-04-15', 'not_yet_due'],
      ['脊灰减毒活疫苗', 3, '2024-05-15', 'not_yet_due'],
      ['脊灰减毒活疫苗', 4, '2028-01-15', 'not_yet_due'],
      ['百白破疫苗', 1, '2024-04-15', 'not_yet_due'],
      ['百白破疫苗', 2, '2024-05-15', 'not_yet_due'],
      ['百白破疫苗', 3, '2024-06-15', 'not_yet_due'],
      ['百白破疫苗', 4, '2025-07-15', 'not_yet_due'],
      ['白破疫苗', 5, '2030-01-15', 'not_yet_due'],
      ['麻腮风疫苗', 1, '2024-09-15', 'not_yet_due'],
      ['麻腮风疫苗', 2, '2025-07-15', 'not_yet_due'],
      ['乙脑减毒活疫苗', 1, '2024-09-15', 'not_yet_due'],
      ['乙脑减毒活疫苗', 2, '2026-01-15', 'not_yet_due'],
      ['A群流脑多糖疫苗', 1, '2024-07-15', 'not_yet_due'],
      ['A群流脑多糖疫苗', 2, '2024-10-15', 'not_yet_due'],
      ['A群C群流脑多糖疫苗', 3, '2027-01-15', 'not_yet_due'],
      ['A群C群流脑多糖疫苗', 4, '2030-01-15', 'not_yet_due'],
      ['甲肝减毒活疫苗', 1, '2025-07-15', 'not_yet_due'],
    ]);
  });

  it('marks overdue doses, and follows the first JE dose into the inactivated series', async () => {
    const r = await run([
      'due',
      '--birth',
      '2024-01-15',
      '--given',
      '乙脑灭活疫苗:1:2024-09-20',
      '--as-of',
      '2024-09-25',
      '--json',
    ]);
    const out = rows(r.out);
    expect(out.filter(([v]) => v.startsWith('乙脑'))).toEqual([
      ['乙脑灭活疫苗', 1, '2024-09-15', 'given'],
      ['乙脑灭活疫苗', 2, '2024-09-27', 'not_yet_due'],
      ['乙脑灭活疫苗', 3, '2026-01-15', 'not_yet_due'],
      ['乙脑灭活疫苗', 4, '2030-01-15', 'not_yet_due'],
    ]);
    // IPV 1 was due from 15 March to 14 April; HepB 2 (15 Feb) is past its month too.
    expect(out.find(([v, d]) => v === '脊灰灭活疫苗' && d === 1)?.[3]).toBe('overdue');
    // HepB 1 should have been given within 24 hours: now a catch-up dose.
    expect(out.find(([v, d]) => v === '乙肝疫苗' && d === 1)?.[3]).toBe('catch_up');
  });

  it('plans with inactivated JE and HepA when preferred, and writes a readable table without --json', async () => {
    const r = await run([
      'due',
      '--birth',
      '2024-01-15',
      '--as-of',
      '2024-01-15',
      '--prefer',
      '乙脑灭活疫苗,HepA-I',
    ]);
    expect(r.error).toBeNull();
    expect(r.out).toContain('乙脑灭活疫苗（JE-I）第4剂\t2030-01-15\t未到期 not yet due');
    expect(r.out).toContain('甲肝灭活疫苗（HepA-I）第2剂\t2026-01-15');
    expect(r.out).toContain('乙肝疫苗（HepB）第1剂\t2024-01-15\t应接种 due');
    expect(r.out).not.toContain('乙脑减毒活疫苗');
  });

  it('refuses a bad date, naming the option, in Chinese and English', async () => {
    const r = await run(['due', '--birth', '2024-02-30', '--as-of', '2024-03-01']);
    expect(r.out).toBe('');
    expect(r.error).toBeInstanceOf(AppError);
    expect((r.error as AppError).messages).toEqual({
      zh: '--birth 应为 YYYY-MM-DD 形式的日期：2024-02-30',
      en: '--birth is a date written YYYY-MM-DD: 2024-02-30',
    });
  });

  it('refuses an unknown vaccine, naming the item, and prints nothing', async () => {
    const r = await run([
      'due',
      '--birth',
      '2024-01-15',
      '--as-of',
      '2024-03-01',
      '--given',
      'HepB:1:2024-01-15,乙肝:2:2024-02-15',
    ]);
    expect(r.out).toBe('');
    const e = r.error as AppError;
    expect(e).toBeInstanceOf(AppError);
    expect(e.issues[0]?.field).toBe('--given[2].vaccine');
    expect(e.messages.zh).toContain('第 2 项“乙肝:2:2024-02-15”：未知疫苗“乙肝”');
    expect(e.messages.en).toContain('item 2 "乙肝:2:2024-02-15": unknown vaccine "乙肝"');
  });

  it('refuses a dose after the as-of date and an unknown --prefer', async () => {
    const late = await run([
      'due',
      '--birth',
      '2024-01-15',
      '--as-of',
      '2024-03-01',
      '--given',
      'HepB:2:2024-04-01',
    ]);
    expect((late.error as AppError).messages.en).toBe(
      'Cannot compute the schedule: item 1 "乙肝疫苗:2:2024-04-01": given after the as-of date 2024-03-01'
    );
    const prefer = await run(['due', '--birth', '2024-01-15', '--as-of', '2024-03-01', '--prefer', 'MMR']);
    expect((prefer.error as AppError).messages.zh).toBe(
      '--prefer 的“MMR”不是可替代的疫苗，可选：JE-L、JE-I、HepA-L、HepA-I'
    );
  });
});

describe('weijian immunization schedule', () => {
  it('lists the table as data', async () => {
    const r = await run(['schedule', '--json']);
    const table = JSON.parse(r.out) as { vaccine: string; dose: number; age: { zh: string } }[];
    expect(table.filter((t) => t.vaccine === '百白破疫苗').map((t) => [t.dose, t.age.zh])).toEqual([
      [1, '3月龄'],
      [2, '4月龄'],
      [3, '5月龄'],
      [4, '18月龄'],
    ]);
    expect(table).toHaveLength(28);
  });
});
