/**
 * `weijian resident check-id` and `weijian resident match`: the resident-ID rules and the record
 * matcher of @weijian/core on the command line. No database: both run on core alone, so they
 * work with or without a server.
 */
import type { Command } from 'commander';
import {
  AppError,
  IDENTIFIER_KINDS,
  birthDateDigits,
  checkResidentId,
  matchResidents,
  normalizeSex,
  parseIdentifier,
  residentRecordSchema,
  type ErrorIssue,
  type IdentifierKind,
  type ResidentRecord,
} from '@weijian/core';
import { z } from 'zod';

/** Where the commands read and write; the defaults are the process's own streams. */
export interface ResidentIo {
  readStdin: () => Promise<string>;
  write: (text: string) => void;
  setExitCode: (code: number) => void;
  /** Today as YYYY-MM-DD when --today is not given. */
  today: () => string;
}

async function readProcessStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

const DEFAULT_IO: ResidentIo = {
  readStdin: readProcessStdin,
  write: (t) => process.stdout.write(t),
  setExitCode: (c) => {
    process.exitCode = c;
  },
  today: localToday,
};

function todayOption(text: string | undefined, io: ResidentIo): string {
  if (text === undefined) return io.today();
  const digits = birthDateDigits(text);
  if (digits === null || !/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    throw new AppError('BAD_REQUEST', {
      zh: `--today 应为 YYYY-MM-DD 形式的日期：${text}`,
      en: `--today is a date written YYYY-MM-DD: ${text}`,
    });
  }
  return text;
}

const SEX_NAMES = { M: '男 male', F: '女 female' } as const;

/** Output of check-id: the same keys for every kind, null where a kind has no such part. */
interface CheckOutput {
  valid: boolean;
  reason: { zh: string; en: string } | null;
  normalized: string | null;
  birthDate: string | null;
  sex: 'M' | 'F' | null;
  regionCode: string | null;
  kind: IdentifierKind | null;
}

function checkId(id: string, kind: IdentifierKind, today: string): CheckOutput {
  if (kind === 'resident-id') {
    const c = checkResidentId(id, { today });
    return {
      valid: c.valid,
      reason: c.reason,
      normalized: c.normalized,
      birthDate: c.birthDate,
      sex: c.sex,
      regionCode: c.regionCode,
      kind: c.kind,
    };
  }
  const r = parseIdentifier(kind, id, { today });
  if (!r.ok) {
    return {
      valid: false,
      reason: r.reason,
      normalized: null,
      birthDate: null,
      sex: null,
      regionCode: null,
      kind,
    };
  }
  const ident = r.identifier;
  return {
    valid: true,
    reason: null,
    normalized: ident.normalized,
    birthDate: 'birthDate' in ident ? ident.birthDate : null,
    sex: 'sex' in ident ? ident.sex : null,
    regionCode: 'regionCode' in ident ? ident.regionCode : null,
    kind: ident.kind,
  };
}

const recordSchema = residentRecordSchema.strict();
const pairSchema = z.object({ a: recordSchema, b: recordSchema }).strict();

/** At most this many problems are listed; the rest are counted. */
const MAX_ISSUES = 20;

/** Reads `{"a": {…}, "b": {…}}` lines; every problem names its line. Throws before anything is printed. */
export function parsePairLines(text: string): { line: number; a: ResidentRecord; b: ResidentRecord }[] {
  const pairs: { line: number; a: ResidentRecord; b: ResidentRecord }[] = [];
  const issues: ErrorIssue[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const row = i + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      issues.push({ row, message: { zh: '不是有效的 JSON', en: 'not valid JSON' } });
      return;
    }
    const parsed = pairSchema.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues.slice(0, 3)) {
        const field = issue.path.join('.');
        const unknown = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : '';
        issues.push({
          row,
          field: field || undefined,
          message: unknown
            ? { zh: `未知字段：${unknown}`, en: `unknown field: ${unknown}` }
            : {
                zh: '应为 {"a": {…}, "b": {…}}，字段为字符串：name、sex、birthDate、idNumber、idType、phone、address',
                en: 'expected {"a": {…}, "b": {…}} with string fields name, sex, birthDate, idNumber, idType, phone, address',
              },
        });
      }
      return;
    }
    for (const side of ['a', 'b'] as const) {
      const r = parsed.data[side];
      if (r.sex && normalizeSex(r.sex) === null) {
        issues.push({
          row,
          field: `${side}.sex`,
          value: r.sex,
          message: {
            zh: '性别应为 男/女、M/F 或 1/2（0、9 表示未知）',
            en: 'sex is 男/女, M/F or 1/2 (0 and 9 mean unknown)',
          },
        });
      }
      if (r.birthDate && birthDateDigits(r.birthDate) === null) {
        issues.push({
          row,
          field: `${side}.birthDate`,
          value: r.birthDate,
          message: {
            zh: '出生日期应为 1985-03-12、19850312 或 1985年3月12日 等形式',
            en: 'birth date is written like 1985-03-12, 19850312 or 1985年3月12日',
          },
        });
      }
    }
    pairs.push({ line: row, a: parsed.data.a, b: parsed.data.b });
  });
  if (issues.length > 0) {
    const shown = issues.slice(0, MAX_ISSUES);
    const more = issues.length - shown.length;
    const first = shown[0]?.row ?? 0;
    throw new AppError(
      'VALIDATION_FAILED',
      {
        zh: `输入有 ${issues.length} 处错误（第一处在第 ${first} 行），未输出任何结果${more > 0 ? `；另有 ${more} 处未列出` : ''}`,
        en: `The input has ${issues.length} problem(s), the first on line ${first}; nothing was printed${more > 0 ? `; ${more} more not listed` : ''}`,
      },
      shown
    );
  }
  if (pairs.length === 0) {
    throw new AppError('BAD_REQUEST', {
      zh: '标准输入中没有记录对：每行一个 {"a": {…}, "b": {…}}',
      en: 'No pairs on standard input: one {"a": {…}, "b": {…}} per line',
    });
  }
  return pairs;
}

/** Adds `resident check-id` and `resident match` to the weijian command. */
export function registerResidentCommands(program: Command, io: ResidentIo = DEFAULT_IO): void {
  const resident = program
    .command('resident')
    .description('resident identity: check ID numbers, match records');

  resident
    .command('check-id <id>')
    .description('validate an ID number (GB 11643 resident ID by default; exit code 1 when not valid)')
    .option('--kind <kind>', `identifier kind: ${IDENTIFIER_KINDS.join(' | ')}`, 'resident-id')
    .option(
      '--today <date>',
      'today as YYYY-MM-DD, for the future-birth-date check (default: the system date)'
    )
    .option('--json', 'print {valid, reason, normalized, birthDate, sex, regionCode, kind}')
    .action((id: string, opts: { kind: string; today?: string; json?: boolean }) => {
      if (!(IDENTIFIER_KINDS as readonly string[]).includes(opts.kind)) {
        throw new AppError('BAD_REQUEST', {
          zh: `未知证件类型 ${opts.kind}，可选：${IDENTIFIER_KINDS.join('、')}`,
          en: `Unknown identifier kind ${opts.kind}; one of ${IDENTIFIER_KINDS.join(', ')}`,
        });
      }
      const out = checkId(id, opts.kind as IdentifierKind, todayOption(opts.today, io));
      if (opts.json) io.write(`${JSON.stringify(out)}\n`);
      else if (out.valid) {
        const parts = [
          out.normalized,
          out.birthDate,
          out.sex ? SEX_NAMES[out.sex] : null,
          out.regionCode ? `地址码 region ${out.regionCode}` : null,
        ].filter((p) => p !== null);
        io.write(`有效 valid: ${parts.join(' · ')}\n`);
      } else io.write(`无效 invalid: ${out.reason?.zh ?? ''}\n  ${out.reason?.en ?? ''}\n`);
      if (!out.valid) io.setExitCode(1);
    });

  resident
    .command('match')
    .description(
      'compare pairs of resident records, one {"a": {…}, "b": {…}} JSON line each on standard input; one result line per pair'
    )
    .option('--today <date>', 'today as YYYY-MM-DD, for ID validation (default: the system date)')
    .option('--json', 'print {decision, score, reasons} as one JSON line per pair')
    .action(async (opts: { today?: string; json?: boolean }) => {
      const today = todayOption(opts.today, io);
      const pairs = parsePairLines(await io.readStdin());
      // Everything is computed before anything is written: an error leaves no partial output.
      const results = pairs.map((p) => matchResidents(p.a, p.b, { today }));
      let text = '';
      for (const [i, r] of results.entries()) {
        if (opts.json) text += `${JSON.stringify(r)}\n`;
        else {
          const evidence = r.reasons
            .filter((x) => x.level !== 'missing')
            .map((x) => `${x.zh}${x.weight !== 0 ? ` ${x.weight > 0 ? '+' : ''}${x.weight}` : ''}`)
            .join('；');
          text += `${pairs[i]?.line ?? i + 1}\t${r.decision}\t${r.score}\t${evidence}\n`;
        }
      }
      io.write(text);
    });
}
