/**
 * Data-value files: CSV (streamed in chunks, so a city's file never sits whole in memory), XLSX,
 * and DHIS2 dataValueSets JSON. Headers in Chinese or as DHIS2 writes them.
 */
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { AppError } from '@weijian/core';
import { csvError } from '../../files/csv-error';
import { refuseNulCells } from '../../http/input-guards';
import { looksLikeXlsx, xlsxRows } from '../../files/read-table';
import type { ValueInput } from './prepare';

export const CHUNK_ROWS = 50_000;
/** Largest XLSX accepted (it is read whole). */
export const MAX_XLSX_BYTES = 20 * 1024 * 1024;

const COLUMNS = {
  element: ['数据元编码', '数据元', 'dataelement', 'data_element', 'de'],
  orgUnit: ['机构编码', '机构', 'orgunit', 'org_unit', 'ou'],
  period: ['期间', '报告期', 'period', 'pe'],
  value: ['数值', '值', 'value'],
  disagg: ['分类', 'disagg', 'catoptcombo', 'categoryoptioncombo'],
  comment: ['备注', 'comment'],
  followup: ['需跟进', 'followup'],
} as const;
type Column = keyof typeof COLUMNS;

const norm = (s: string): string => s.replace(/\s+/g, '').toLowerCase();

function mapHeader(header: string[]): Record<Column, number | undefined> {
  const index = {} as Record<Column, number | undefined>;
  for (const col of Object.keys(COLUMNS) as Column[]) {
    const i = header.findIndex((h) => COLUMNS[col].some((alias) => norm(alias) === norm(h)));
    index[col] = i < 0 ? undefined : i;
  }
  const missing = (['element', 'orgUnit', 'period', 'value'] as const).filter((c) => index[c] === undefined);
  if (missing.length > 0) {
    const zh: Record<string, string> = {
      element: '数据元编码',
      orgUnit: '机构编码',
      period: '期间',
      value: '数值',
    };
    throw new AppError(
      'VALIDATION_FAILED',
      {
        zh: `缺少必需的列：${missing.map((m) => zh[m]).join('、')}`,
        en: `Missing required columns: ${missing.join(', ')}`,
      },
      missing.map((m) => ({
        row: 1,
        field: m,
        message: { zh: `第 1 行（表头）缺少“${zh[m] ?? m}”列`, en: `Row 1 (header) has no "${m}" column` },
      }))
    );
  }
  return index;
}

function toInput(cells: string[], index: Record<Column, number | undefined>, row: number): ValueInput {
  const cell = (c: Column): string => (index[c] === undefined ? '' : (cells[index[c]] ?? '').trim());
  return {
    row,
    element: cell('element'),
    orgUnit: cell('orgUnit'),
    period: cell('period'),
    disagg: cell('disagg') === 'default' ? '' : cell('disagg'),
    value: cell('value'),
    comment: cell('comment') || null,
    followup: /^(true|1|是)$/i.test(cell('followup')),
  };
}

/** Chunks of values from a CSV stream. */
export async function* csvChunks(stream: Readable): AsyncGenerator<ValueInput[]> {
  const parser = stream.pipe(parse({ relax_column_count: true, bom: true, skip_empty_lines: true }));
  let index: Record<Column, number | undefined> | null = null;
  let row = 0;
  let chunk: ValueInput[] = [];
  const records = (async function* () {
    try {
      yield* parser as AsyncIterable<string[]>;
    } catch (e) {
      throw csvError(e);
    }
  })();
  for await (const record of records) {
    row++;
    refuseNulCells(record, row);
    if (index === null) {
      index = mapHeader(record);
      continue;
    }
    chunk.push(toInput(record, index, row));
    if (chunk.length >= CHUNK_ROWS) {
      yield chunk;
      chunk = [];
    }
  }
  if (index === null) throw new AppError('VALIDATION_FAILED', { zh: '文件为空', en: 'The file is empty' });
  if (chunk.length > 0) yield chunk;
}

/** Chunks of values from an XLSX buffer (first sheet). */
export async function xlsxChunks(buf: Buffer): Promise<ValueInput[][]> {
  if (buf.length > MAX_XLSX_BYTES) {
    throw new AppError('PAYLOAD_TOO_LARGE', {
      zh: 'Excel 文件超过 20 MB，请改用 CSV',
      en: 'Excel file over 20 MB; use CSV instead',
    });
  }
  const [header, ...body] = await xlsxRows(buf, 'xlsx');
  if (!header) throw new AppError('VALIDATION_FAILED', { zh: '文件为空', en: 'The file is empty' });
  refuseNulCells(header, 1);
  body.forEach((cells, i) => refuseNulCells(cells, i + 2));
  const index = mapHeader(header);
  // Sheet row numbers are kept (header = 1), blank rows are skipped.
  const inputs = body.flatMap((cells, i) =>
    cells.every((c) => c === '') ? [] : [toInput(cells, index, i + 2)]
  );
  const chunks: ValueInput[][] = [];
  for (let i = 0; i < inputs.length; i += CHUNK_ROWS) chunks.push(inputs.slice(i, i + CHUNK_ROWS));
  return chunks;
}

/**
 * Chunks from an uploaded file: XLSX by its signature, CSV otherwise (text only).
 * @throws AppError UNSUPPORTED_MEDIA_TYPE for anything that is neither
 */
export async function fileChunks(
  stream: Readable,
  filename: string
): Promise<AsyncIterable<ValueInput[]> | ValueInput[][]> {
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await iterator.next();
  const head: Buffer = first.done ? Buffer.alloc(0) : first.value;
  const rest = Readable.from(
    (async function* () {
      if (head.length) yield head;
      for (let n = await iterator.next(); !n.done; n = await iterator.next()) yield n.value;
    })()
  );
  if (looksLikeXlsx(head)) {
    const parts: Buffer[] = [];
    for await (const part of rest) parts.push(part as Buffer);
    return xlsxChunks(Buffer.concat(parts));
  }
  if (head.subarray(0, 4096).includes(0) || /\.(xls|png|jpe?g|pdf|docx?|zip)$/i.test(filename)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', {
      zh: `不是 CSV 或 XLSX 表格：${filename}`,
      en: `Not a CSV or XLSX spreadsheet: ${filename}`,
    });
  }
  return csvChunks(rest);
}

/** DHIS2 dataValueSets JSON → one chunk of values. */
export function dataValueSetChunks(body: {
  period?: string | undefined;
  orgUnit?: string | undefined;
  dataValues: {
    dataElement: string;
    period?: string | undefined;
    orgUnit?: string | undefined;
    value?: string | number | null | undefined;
    comment?: string | undefined;
    categoryOptionCombo?: string | undefined;
    followup?: boolean | undefined;
  }[];
}): ValueInput[][] {
  const inputs = body.dataValues.map((dv, i) => ({
    row: i + 1,
    element: dv.dataElement,
    orgUnit: dv.orgUnit ?? body.orgUnit ?? '',
    period: dv.period ?? body.period ?? '',
    disagg: dv.categoryOptionCombo && dv.categoryOptionCombo !== 'default' ? dv.categoryOptionCombo : '',
    value: dv.value ?? null,
    comment: dv.comment ?? null,
    followup: dv.followup ?? false,
  }));
  const chunks: ValueInput[][] = [];
  for (let i = 0; i < inputs.length; i += CHUNK_ROWS) chunks.push(inputs.slice(i, i + CHUNK_ROWS));
  return chunks;
}
