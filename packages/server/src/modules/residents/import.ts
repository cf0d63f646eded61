/**
 * Import of residents from CSV or XLSX, with the Chinese headers of provincial primary-care
 * exports (姓名, 性别, 出生日期, 身份证号, 电话, 住址, 所属社区 …; English headers also read).
 * All or nothing: every problem is reported with its row and column (in Chinese and English) and
 * nothing is written; an identifier given twice in the file, or already in the index, is an error
 * naming the other row or record. Likely duplicates (no shared identifier) are reported and, when
 * the file is written, queued for review. The write is batched inside one transaction.
 */
import {
  AppError,
  BlockingIndex,
  birthDateDigits,
  blockingKeys,
  candidatePairs,
  comparePrepared,
  detectIdentifier,
  isoDate,
  normalizeSex,
  residentCreateSchema,
  type ErrorIssue,
  type ResidentCreate,
} from '@weijian/core';
import type { AppContext } from '../../context';
import { MAX_TABLE_BYTES, readTable } from '../../files/read-table';
import { actorOf, writeAudit } from '../audit';
import type { SessionUser } from '../auth';
import { chinaDay, findOrgUnit, findUnits, type OrgUnit } from '../orgunits';
import { checkResident, type CheckedResident } from './checks';
import { candidatesInIndex } from './duplicates';
import { blockingHashes, cipherOf, identifierLookup } from './identity';
import * as repo from './repository/residents';
import { queueCandidates } from './service';
import { storeResidents } from './store';

type User = Pick<SessionUser, 'id' | 'username' | 'role' | 'orgUnitCode'>;

/** Largest file accepted (the spreadsheet reader's limit). */
export const MAX_RESIDENT_UPLOAD = MAX_TABLE_BYTES;

/** Most issues listed in one refusal (the count of all is in the message). */
const MAX_ISSUES = 1000;

type Column = 'name' | 'sex' | 'birthDate' | 'idNumber' | 'phone' | 'address' | 'homeUnit' | 'deathDate';

/** Header spellings, normalised (no spaces, lower case). */
const HEADERS: Record<Column, string[]> = {
  name: ['姓名', '居民姓名', 'name'],
  sex: ['性别', 'sex'],
  birthDate: ['出生日期', '出生年月日', 'birthdate', 'birth_date'],
  idNumber: ['身份证号', '身份证号码', '证件号码', '公民身份号码', 'idnumber', 'id_number'],
  phone: ['电话', '联系电话', '本人电话', '手机', '手机号码', 'phone'],
  address: ['住址', '现住址', '家庭住址', '居住地址', 'address'],
  homeUnit: ['所属社区', '社区', '所属街道', '居住社区', '社区编码', 'homeunit', 'home_unit'],
  deathDate: ['死亡日期', 'deathdate', 'death_date'],
};
const REQUIRED: Column[] = ['name', 'sex', 'birthDate', 'homeUnit'];
const LABEL: Record<Column, { zh: string; en: string }> = {
  name: { zh: '姓名', en: 'name' },
  sex: { zh: '性别', en: 'sex' },
  birthDate: { zh: '出生日期', en: 'birth date' },
  idNumber: { zh: '身份证号', en: 'ID number' },
  phone: { zh: '电话', en: 'phone' },
  address: { zh: '住址', en: 'address' },
  homeUnit: { zh: '所属社区', en: 'home unit' },
  deathDate: { zh: '死亡日期', en: 'date of death' },
};

/** What an import did, or (dry run) would do. */
export interface ResidentImportResult {
  dryRun: boolean;
  rows: number;
  created: number;
  /** Likely duplicates: within the file (row with row) and against the index (row with record). */
  possibleDuplicates: { row: number; otherRow?: number; residentId?: number; score: number }[];
  ids?: number[];
}

const norm = (h: string) => h.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

function headerMap(header: readonly string[]): {
  cols: Partial<Record<Column, number>>;
  issues: ErrorIssue[];
} {
  const cols: Partial<Record<Column, number>> = {};
  header.forEach((h, i) => {
    const n = norm(h);
    for (const [col, names] of Object.entries(HEADERS) as [Column, string[]][]) {
      if (cols[col] === undefined && names.includes(n)) cols[col] = i;
    }
  });
  const issues = REQUIRED.filter((c) => cols[c] === undefined).map((c) => ({
    row: 1,
    field: LABEL[c].zh,
    message: { zh: `缺少“${LABEL[c].zh}”列`, en: `Missing the ${LABEL[c].en} column (${LABEL[c].zh})` },
  }));
  return { cols, issues };
}

/** Unit codes by what a file may write: the code itself, or a unit's name inside the caller's scope. */
async function unitResolver(
  ctx: AppContext,
  scope: string,
  values: Iterable<string>
): Promise<{ code: (v: string) => string | null; units: Map<string, OrgUnit | undefined> }> {
  const units = new Map<string, OrgUnit | undefined>();
  const byName = new Map<string, string | null>();
  const own = await findUnits(ctx.db, { below: [scope] });
  for (const u of own) {
    units.set(u.code, u);
    byName.set(u.name, byName.has(u.name) ? null : u.code);
  }
  for (const v of new Set(values)) {
    if (!units.has(v) && !byName.has(v)) units.set(v, await findOrgUnit(ctx.db, v));
  }
  return {
    code: (v) => (units.get(v) ? v : (byName.get(v) ?? null)),
    units,
  };
}

/** Import a CSV or XLSX file of residents (the route's entry). */
export async function importResidents(
  ctx: AppContext,
  user: User,
  buf: Buffer,
  filename: string,
  options: { dryRun: boolean; recordFacility?: string | undefined; synthetic?: boolean }
): Promise<ResidentImportResult> {
  return importRows(ctx, user, await readTable(buf, filename), options);
}

/** Import rows of text cells (the first is the header): the checks, then one batched transaction. */
export async function importRows(
  ctx: AppContext,
  user: User,
  table: readonly (readonly string[])[],
  options: { dryRun: boolean; recordFacility?: string | undefined; synthetic?: boolean }
): Promise<ResidentImportResult> {
  const cipher = cipherOf(ctx.fieldCipher);
  const today = chinaDay(ctx.now());
  const [header = [], ...body] = table;
  const { cols, issues } = headerMap(header);
  if (issues.length > 0) throw refusal(issues, issues.length);
  const cell = (r: readonly string[], c: Column) => {
    const i = cols[c];
    return i === undefined ? '' : (r[i] ?? '').trim();
  };
  const resolver = await unitResolver(
    ctx,
    user.orgUnitCode,
    body.map((r) => cell(r, 'homeUnit'))
  );
  if (options.recordFacility) {
    resolver.units.set(options.recordFacility, await findOrgUnit(ctx.db, options.recordFacility));
  }

  const all: ErrorIssue[] = [];
  const checked: { row: number; value: CheckedResident }[] = [];
  const firstRowOf = new Map<string, number>();
  body.forEach((r, i) => {
    const row = i + 2;
    if (r.every((c) => c.trim() === '')) return;
    const rowIssues: ErrorIssue[] = [];
    const add = (c: Column, value: unknown, zh: string, en: string) =>
      rowIssues.push({ row, field: LABEL[c].zh, value, message: { zh, en } });
    const sex = normalizeSex(cell(r, 'sex'));
    if (sex === null) {
      add('sex', cell(r, 'sex'), '性别应为 男/女/未知（或 1/2/9）', 'Sex must be 男/女/未知 (or 1/2/9, M/F)');
    }
    const idText = cell(r, 'idNumber');
    const detected = idText === '' ? null : detectIdentifier(idText, { today });
    if (detected && !detected.ok) {
      add(
        'idNumber',
        idText,
        `证件号码无效：${detected.reason.zh}`,
        `Invalid identifier: ${detected.reason.en}`
      );
    }
    const dates: Partial<Record<'birthDate' | 'deathDate', string>> = {};
    for (const c of ['birthDate', 'deathDate'] as const) {
      const t = cell(r, c);
      if (t === '') continue;
      const d = birthDateDigits(t);
      if (d === null) {
        add(
          c,
          t,
          `${LABEL[c].zh}格式无法识别（如 1985-03-12）`,
          `Unreadable ${LABEL[c].en} (e.g. 1985-03-12)`
        );
      } else if (!isoDate.safeParse(`${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}`).success) {
        add(c, t, `${LABEL[c].zh}不是有效日期`, `The ${LABEL[c].en} is not a valid date`);
      } else {
        dates[c] = `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}`;
      }
    }
    const homeText = cell(r, 'homeUnit');
    const home = homeText === '' ? null : resolver.code(homeText);
    if (homeText !== '' && home === null) {
      add(
        'homeUnit',
        homeText,
        '所属社区不存在或名称不唯一（可填机构编码）',
        'Unknown or ambiguous home unit (a unit code works)'
      );
    }
    if (rowIssues.length > 0) {
      all.push(...rowIssues);
      return;
    }
    const candidate = {
      name: cell(r, 'name'),
      sex: sex === '' || sex === null ? 'U' : sex,
      birthDate: dates.birthDate ?? '',
      deathDate: dates.deathDate ?? null,
      homeUnit: home ?? '',
      phone: cell(r, 'phone') || null,
      address: cell(r, 'address') || null,
      identifiers: detected?.ok
        ? [{ kind: detected.identifier.kind, value: detected.identifier.normalized }]
        : [],
      newHousehold: false,
      recordFacility: options.recordFacility ?? null,
      synthetic: options.synthetic ?? false,
    };
    const parsed = residentCreateSchema.safeParse(candidate);
    if (!parsed.success) {
      for (const iss of parsed.error.issues) {
        const key = String(iss.path[0] ?? 'name');
        const c = (key in LABEL ? key : 'name') as Column;
        const label = LABEL[c];
        all.push({
          row,
          field: label.zh,
          value: cell(r, c),
          message: { zh: `${label.zh}无效：${iss.message}`, en: `Invalid ${label.en}: ${iss.message}` },
        });
      }
      return;
    }
    const input: ResidentCreate = parsed.data;
    const res = checkResident({ scope: user.orgUnitCode, today, units: resolver.units }, input, {
      row,
      field: (f) => (f.startsWith('identifiers') ? LABEL.idNumber.zh : (LABEL[f as Column]?.zh ?? f)),
    });
    if (!res.value) {
      all.push(...res.issues);
      return;
    }
    for (const id of res.value.identifiers) {
      const key = `${id.kind}\u0000${id.normalized}`;
      const first = firstRowOf.get(key);
      if (first !== undefined) {
        all.push({
          row,
          field: LABEL.idNumber.zh,
          value: idText,
          message: { zh: `证件号码与第 ${first} 行重复`, en: `Same identifier as row ${first}` },
        });
        return;
      }
      firstRowOf.set(key, row);
    }
    checked.push({ row, value: res.value });
  });

  // Against the index: an identifier already registered is an error naming its record.
  const keys = checked.flatMap((c) =>
    c.value.identifiers.map((id) => ({
      row: c.row,
      kind: id.kind,
      lookup: identifierLookup(cipher, id.kind, id.normalized),
    }))
  );
  const holders = await repo.holdersOf(ctx.db, keys);
  const held = new Map(holders.map((h) => [`${h.kind}\u0000${h.lookup}`, h.residentId]));
  for (const k of keys) {
    const existing = held.get(`${k.kind}\u0000${k.lookup}`);
    if (existing !== undefined) {
      all.push({
        row: k.row,
        field: LABEL.idNumber.zh,
        value: existing,
        message: {
          zh: `证件号码已登记在居民档案 ${existing}，同一人不能重复建档`,
          en: `This identifier already belongs to resident record ${existing}`,
        },
      });
    }
  }
  if (all.length > 0) {
    throw refusal(all.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)).slice(0, MAX_ISSUES), all.length);
  }

  // Likely duplicates: within the file (core blocking over the prepared rows) and against the index.
  const possible: ResidentImportResult['possibleDuplicates'] = [];
  const inFile: { i: number; j: number; score: number; reasons: unknown[] }[] = [];
  const index = new BlockingIndex(checked.length);
  for (const c of checked) index.add(blockingKeys(c.value.prepared));
  candidatePairs(index, (i, j) => {
    const a = checked[i];
    const b = checked[j];
    if (!a || !b) return;
    const m = comparePrepared(a.value.prepared, b.value.prepared);
    if (m.decision !== 'distinct') {
      possible.push({ row: a.row, otherRow: b.row, score: m.score });
      inFile.push({ i, j, score: m.score, reasons: m.reasons });
    }
  });
  const hashes = checked.map((c) => blockingHashes(cipher, c.value.prepared));
  const found = await candidatesInIndex(
    ctx.db,
    cipher,
    today,
    checked.map((c, i) => ({ prepared: c.value.prepared, hashes: hashes[i] ?? [] }))
  );
  found.forEach((list, i) => {
    for (const f of list) {
      possible.push({ row: checked[i]?.row ?? 0, residentId: f.residentId, score: f.result.score });
    }
  });
  if (options.dryRun) {
    return { dryRun: true, rows: checked.length, created: 0, possibleDuplicates: possible };
  }

  const actor = actorOf(user, ctx.now());
  const ids = await ctx.db.transaction().execute(async (tx) => {
    const stored = await storeResidents(
      tx,
      cipher,
      actor,
      checked.map((c) => c.value),
      today
    );
    const pairs = [
      ...inFile.map((p) => ({
        a: stored[p.i] as number,
        b: stored[p.j] as number,
        score: p.score,
        reasons: p.reasons,
      })),
      ...found.flatMap((list, i) =>
        list.map((f) => ({
          a: stored[i] as number,
          b: f.residentId,
          score: f.result.score,
          reasons: f.result.reasons,
        }))
      ),
    ];
    await queueCandidates(tx, pairs, ctx.now());
    await writeAudit(tx, actor, {
      action: 'resident.import',
      entity: 'residents',
      entityId: stored.length > 0 ? `${stored[0]}..${stored.at(-1)}` : '-',
      details: { rows: stored.length, queued: pairs.length, recordFacility: options.recordFacility ?? null },
    });
    return stored;
  });
  return { dryRun: false, rows: checked.length, created: ids.length, possibleDuplicates: possible, ids };
}

function refusal(issues: ErrorIssue[], total: number): AppError {
  return new AppError(
    'VALIDATION_FAILED',
    {
      zh: `导入文件有 ${total} 处错误，未导入任何记录`,
      en: `The file has ${total} error(s); nothing was imported`,
    },
    issues
  );
}
