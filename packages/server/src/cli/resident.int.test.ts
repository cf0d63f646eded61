import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { AppError } from '@weijian/core';
import { registerResidentCommands } from './resident-commands';

/** Runs `weijian resident …` in-process with a fixed today and the given standard input. */
async function run(args: string[], stdin = '') {
  let out = '';
  let code = 0;
  const program = new Command('weijian').exitOverride();
  registerResidentCommands(program, {
    readStdin: () => Promise.resolve(stdin),
    write: (t) => {
      out += t;
    },
    setExitCode: (c) => {
      code = c;
    },
    today: () => '2026-06-30',
  });
  let error: unknown = null;
  try {
    await program.parseAsync(['resident', ...args], { from: 'user' });
  } catch (e) {
    error = e;
  }
  return { out, code, error };
}

describe('weijian resident check-id', () => {
  it('prints {valid, reason, normalized, birthDate, sex, regionCode} for the GB 11643 example', async () => {
    const r = await run(['check-id', '11010519491231002x', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      valid: true,
      reason: null,
      normalized: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'F',
      regionCode: '110105',
      kind: 'resident-id',
    });
  });

  it('converts a 15-digit number', async () => {
    const r = await run(['check-id', '110105491231002', '--json']);
    expect(JSON.parse(r.out)).toMatchObject({ valid: true, normalized: '11010519491231002X' });
  });

  it('explains a wrong check character in both languages and exits 1', async () => {
    const r = await run(['check-id', '110105194912310021', '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.out) as { valid: boolean; reason: { zh: string; en: string }; normalized: null };
    expect(out.valid).toBe(false);
    expect(out.normalized).toBeNull();
    expect(out.reason.zh).toBe('校验码错误：第 18 位应为 X，实际为 1');
    expect(out.reason.en).toBe('Wrong check character: the 18th should be X, not 1');
  });

  it('refuses a birth date after --today', async () => {
    // 11010520270101001: sum 94, mod 11 = 6 → 6.
    const later = await run(['check-id', '110105202701010016', '--json', '--today', '2027-01-01']);
    expect(JSON.parse(later.out)).toMatchObject({ valid: true });
    const before = await run(['check-id', '110105202701010016', '--json']);
    expect(JSON.parse(before.out)).toMatchObject({ valid: false });
    expect(before.out).toContain('after today, 2026-06-30');
  });

  it('checks other kinds with --kind and prints text without --json', async () => {
    const r = await run(['check-id', '911398199012310021', '--kind', 'foreign-permanent-residence']);
    expect(r.out).toBe('有效 valid: 911398199012310021 · 1990-12-31 · 女 female\n');
    const bad = await run(['check-id', 'H123', '--kind', 'passports']);
    expect(bad.error).toBeInstanceOf(AppError);
    expect((bad.error as AppError).messages.en).toContain('Unknown identifier kind passports');
  });
});

describe('weijian resident match', () => {
  const line = (a: object, b: object) => JSON.stringify({ a, b });

  it('prints one {decision, score, reasons} line per pair', async () => {
    const input = [
      line(
        { name: '张伟', sex: '男', birthDate: '1985-03-12', phone: '138-1234-5678' },
        { name: '张玮', sex: 'M', birthDate: '19850312', phone: '+86 13812345678' }
      ),
      '',
      line({ name: '王丽', idNumber: '11010519491231002X' }, { name: '王莉', idNumber: '110105491231002' }),
      line(
        { name: '李四', sex: '男', birthDate: '1970-01-01' },
        { name: '张三', sex: '女', birthDate: '1990-05-05' }
      ),
    ].join('\n');
    const r = await run(['match', '--json'], input);
    expect(r.error).toBeNull();
    const out = r.out
      .trim()
      .split('\n')
      .map(
        (l) => JSON.parse(l) as { decision: string; score: number; reasons: { zh: string; en: string }[] }
      );
    expect(out.map((o) => o.decision)).toEqual(['match', 'match', 'distinct']);
    expect(out[0]?.reasons.map((x) => x.zh)).toContain('同音姓名');
    expect(out[0]?.reasons.map((x) => x.en)).toContain('homophone name (same pinyin)');
    expect(out[1]?.reasons[0]?.zh).toBe('证件号码相同');
  });

  it('refuses bad lines, naming each line and field in both languages, and prints nothing', async () => {
    const input = [
      line({ name: '张伟' }, { name: '张玮' }),
      '{"a": {"name": "张伟"}',
      line({ name: '张伟', birthdate: '1985-03-12' }, {}),
      line({ name: '张伟', sex: 'X' }, { birthDate: 'soon' }),
      JSON.stringify({ a: { name: 5 }, b: {} }),
    ].join('\n');
    const r = await run(['match', '--json'], input);
    expect(r.out).toBe('');
    expect(r.error).toBeInstanceOf(AppError);
    const e = r.error as AppError;
    expect(e.messages.zh).toContain('第一处在第 2 行');
    expect(e.messages.en).toContain('the first on line 2');
    expect(e.issues.map((i) => [i.row, i.field])).toEqual([
      [2, undefined],
      [3, 'a'],
      [4, 'a.sex'],
      [4, 'b.birthDate'],
      [5, 'a.name'],
    ]);
    expect(e.issues[1]?.message).toEqual({ zh: '未知字段：birthdate', en: 'unknown field: birthdate' });
  });

  it('refuses empty input', async () => {
    const r = await run(['match'], '\n\n');
    expect((r.error as AppError).messages.en).toContain('No pairs');
  });
});
