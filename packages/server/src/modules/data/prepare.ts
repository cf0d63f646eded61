/**
 * Checks incoming values before anything is written: known element, a period of the element's
 * type, a number (and an integer where counts are asked for), a known org unit inside the
 * user's scope, a period not locked by an approval, no key twice. Each problem names its row and
 * field in Chinese and English.
 */
import { parsePeriod, type Catalogue, type DataElement, type ErrorIssue, type Period } from '@weijian/core';
import type { Db } from '../../db/connection';
import { unitPaths } from '../orgunits';
import { valueKey, type ValueKey } from './keys';
import { approvalsFor } from './repository/approvals';

/** A value as it arrives from a form, a file or the API. */
export interface ValueInput {
  /** Row number in the file (1-based, header = 1) or position in the request. */
  row: number;
  element: string;
  orgUnit: string;
  period: string;
  disagg?: string;
  /** Empty or null deletes the value. */
  value: string | number | null;
  comment?: string | null;
  followup?: boolean;
}

export interface PreparedValue extends ValueKey {
  row: number;
  periodStart: string;
  /** null: delete */
  value: number | null;
  comment: string | null;
  followup: boolean;
}

export interface PrepareContext {
  catalogue: Catalogue;
  /** Org unit of the user's scope, or null for unrestricted (local command, demo generator). */
  scope: string | null;
  /** Org-unit paths already looked up (kept across chunks of one import). */
  paths: Map<string, string | null>;
  elements: Map<string, DataElement>;
  /** Parsed periods, by identifier (a file repeats the same few dozen). */
  periods: Map<string, Period | null>;
}

export function prepareContext(catalogue: Catalogue, scope: string | null): PrepareContext {
  return {
    catalogue,
    scope,
    paths: new Map(),
    elements: new Map(catalogue.dataElements.map((d) => [d.code, d])),
    periods: new Map(),
  };
}

/** The columns of a value file as the template names them (数据元编码 …), for messages. */
const COLUMN: Record<string, { zh: string; en: string }> = {
  dataElement: { zh: '数据元编码', en: 'data element' },
  orgUnit: { zh: '机构编码', en: 'org unit' },
  period: { zh: '期间', en: 'period' },
  value: { zh: '数值', en: 'value' },
  disagg: { zh: '分类', en: 'disaggregation' },
  comment: { zh: '备注', en: 'comment' },
};

/** A problem in one row: the row number stays in its own field (shown once), the message names the column. */
function issue(row: number, field: string, zh: string, en: string, value?: unknown): ErrorIssue {
  const column = COLUMN[field] ?? { zh: field, en: field };
  return {
    row,
    field,
    ...(value !== undefined ? { value } : {}),
    message: { zh: `${column.zh}：${zh}`, en: `${column.en}: ${en}` },
  };
}

/** Longest comment stored with a value. */
export const MAX_COMMENT = 1000;

const DISAGG = /^([a-z][a-z0-9_]*=[^;=]+)(;[a-z][a-z0-9_]*=[^;=]+)*$/;

function readValue(input: ValueInput, de: DataElement, issues: ErrorIssue[]): number | null | undefined {
  if (input.value === null || (typeof input.value === 'string' && input.value.trim() === '')) return null;
  const text = typeof input.value === 'number' ? String(input.value) : input.value.trim().replace(/,/g, '');
  if (!/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text)) {
    issues.push(
      issue(
        input.row,
        'value',
        `“${String(input.value)}”不是数字`,
        `"${String(input.value)}" is not a number`,
        input.value
      )
    );
    return undefined;
  }
  const n = Number(text);
  if (de.valueType === 'integer' && (!Number.isInteger(n) || n < 0)) {
    issues.push(
      issue(
        input.row,
        'value',
        `${de.name.zh}应为非负整数，而不是 ${text}`,
        `${de.name.en} must be a non-negative whole number, not ${text}`,
        input.value
      )
    );
    return undefined;
  }
  if (de.valueType === 'percent' && (n < 0 || n > 100)) {
    issues.push(
      issue(
        input.row,
        'value',
        `${de.name.zh}应在 0–100 之间`,
        `${de.name.en} must be between 0 and 100`,
        input.value
      )
    );
    return undefined;
  }
  return n;
}

/** Check a batch; returns the values that passed and the issues of the rest. */
export async function prepareValues(
  db: Db,
  ctx: PrepareContext,
  inputs: readonly ValueInput[]
): Promise<{ values: PreparedValue[]; issues: ErrorIssue[] }> {
  const issues: ErrorIssue[] = [];
  const missing = [...new Set(inputs.map((i) => i.orgUnit))].filter((c) => !ctx.paths.has(c));
  const found = await unitPaths(db, missing);
  for (const c of missing) ctx.paths.set(c, found.get(c) ?? null);

  const seen = new Set<string>();
  const values: PreparedValue[] = [];
  for (const input of inputs) {
    const before = issues.length;
    const de = ctx.elements.get(input.element);
    if (!de) {
      issues.push(
        issue(
          input.row,
          'dataElement',
          `未知数据元“${input.element}”`,
          `unknown data element "${input.element}"`,
          input.element
        )
      );
    }
    let periodStart = '';
    let p = ctx.periods.get(input.period);
    if (p === undefined) {
      try {
        p = parsePeriod(input.period);
      } catch {
        p = null;
      }
      ctx.periods.set(input.period, p);
    }
    if (p) {
      periodStart = p.start;
      if (de && p.type !== de.periodType) {
        issues.push(
          issue(
            input.row,
            'period',
            `${de.name.zh}按${({ month: '月', quarter: '季', year: '年' } as const)[de.periodType]}报告，期间“${input.period}”不符`,
            `${de.name.en} is reported by ${de.periodType}; "${input.period}" is not a ${de.periodType}`,
            input.period
          )
        );
      }
    } else {
      issues.push(
        issue(
          input.row,
          'period',
          `期间“${input.period}”格式无效`,
          `invalid period "${input.period}"`,
          input.period
        )
      );
    }
    const path = ctx.paths.get(input.orgUnit) ?? null;
    // Unknown and out-of-scope units answer alike, so codes outside one's scope cannot be probed.
    if (path === null || (ctx.scope !== null && !path.includes(`/${ctx.scope}/`))) {
      issues.push(
        issue(
          input.row,
          'orgUnit',
          `机构“${input.orgUnit}”不存在或不在您的管理范围内`,
          `org unit "${input.orgUnit}" is unknown or outside your scope`,
          input.orgUnit
        )
      );
    }
    if ((input.comment ?? '').length > MAX_COMMENT) {
      issues.push(
        issue(
          input.row,
          'comment',
          `备注超过 ${MAX_COMMENT} 字`,
          `comment longer than ${MAX_COMMENT} characters`
        )
      );
    }
    const disagg = (input.disagg ?? '').trim();
    if (disagg !== '' && !DISAGG.test(disagg)) {
      issues.push(
        issue(
          input.row,
          'disagg',
          `分类“${disagg}”应写作 sex=F;age=0-4`,
          `disaggregation "${disagg}" must look like sex=F;age=0-4`,
          disagg
        )
      );
    } else if (disagg !== '' && de) checkDisaggregation(input.row, disagg, de, issues);
    const value = de ? readValue(input, de, issues) : undefined;
    const key = { element: input.element, orgUnit: input.orgUnit, period: input.period, disagg };
    if (seen.has(valueKey(key))) {
      issues.push(
        issue(input.row, 'dataElement', '同一数据值出现了两次', 'the same value appears twice', input.element)
      );
    }
    seen.add(valueKey(key));
    if (issues.length === before && value !== undefined) {
      values.push({
        ...key,
        row: input.row,
        periodStart,
        value,
        comment: input.comment ?? null,
        followup: input.followup ?? false,
      });
    }
  }
  await checkLocks(db, ctx, values, issues);
  const failed = new Set(issues.map((i) => i.row));
  return { values: values.filter((v) => !failed.has(v.row)), issues };
}

/** A disaggregation must use the categories and options its element declares. */
function checkDisaggregation(row: number, disagg: string, de: DataElement, issues: ErrorIssue[]): void {
  const allowed = de.disaggregation ?? {};
  for (const part of disagg.split(';')) {
    const [key = '', option = ''] = part.split('=');
    const options = allowed[key];
    if (!options) {
      issues.push(
        issue(
          row,
          'disagg',
          `${de.name.zh}不按“${key}”分类`,
          `${de.name.en} is not disaggregated by "${key}"`,
          disagg
        )
      );
    } else if (!options.includes(option)) {
      issues.push(
        issue(
          row,
          'disagg',
          `“${key}”的取值应为 ${options.join('、')}`,
          `"${key}" must be one of ${options.join(', ')}`,
          disagg
        )
      );
    }
  }
}

/** Values under an approved (locked) data set × unit × period cannot change. */
async function checkLocks(
  db: Db,
  ctx: PrepareContext,
  values: PreparedValue[],
  issues: ErrorIssue[]
): Promise<void> {
  const locks = await approvalsFor(
    db,
    values.map((v) => v.element),
    values.map((v) => v.period)
  );
  if (locks.length === 0) return;
  for (const v of values) {
    const path = ctx.paths.get(v.orgUnit) ?? '';
    const lock = locks.find(
      (l) => l.element === v.element && l.period === v.period && path.includes(`/${l.orgUnit}/`)
    );
    if (lock) {
      issues.push(
        issue(
          v.row,
          'period',
          `${lock.orgUnit} 已审核 ${lock.dataSet} ${v.period}，数据已锁定`,
          `${lock.dataSet} ${v.period} is approved by ${lock.orgUnit} and locked`,
          v.period
        )
      );
    }
  }
}
