/**
 * Reads an uploaded spreadsheet (CSV or XLSX) into rows of text cells. It refuses what it cannot
 * read (too large, not a spreadsheet) with a clear error before anything else looks at it.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { AppError } from '@weijian/core';
import { csvError } from './csv-error';
import { xlsxGrid } from './xlsx-stream';
import { refuseNulCells } from '../http/input-guards';

/** Largest spreadsheet accepted, in bytes. */
export const MAX_TABLE_BYTES = 5 * 1024 * 1024;

/** Whether a buffer starts with the ZIP signature every XLSX file has. */
export function looksLikeXlsx(buf: Buffer): boolean {
  return buf.length > 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04;
}

function looksLikeText(buf: Buffer): boolean {
  const head = buf.subarray(0, 4096);
  return !head.includes(0) && !looksLikeXlsx(buf);
}

/**
 * The first sheet of an XLSX workbook as rows of trimmed text; row i of the result is row i + 1
 * of the sheet (empty rows included), so row numbers in messages match what the user sees.
 * Streamed with a cell limit (xlsx-stream.ts), so a small file that expands to millions of
 * cells is refused before memory grows.
 * @throws AppError BAD_REQUEST when the workbook cannot be read or has no sheet; PAYLOAD_TOO_LARGE
 */
export async function xlsxRows(buf: Buffer, filename: string): Promise<string[][]> {
  const rows = await xlsxGrid(buf, filename);
  rows.forEach((r, i) => refuseNulCells(r, i + 1));
  return rows;
}

/**
 * Read a CSV or XLSX file into rows of trimmed strings (the first row is the header).
 * @throws AppError PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE or BAD_REQUEST
 */
export async function readTable(buf: Buffer, filename: string): Promise<string[][]> {
  if (buf.length > MAX_TABLE_BYTES) {
    throw new AppError('PAYLOAD_TOO_LARGE', {
      zh: `文件过大（${(buf.length / 1048576).toFixed(1)} MB），上限 5 MB`,
      en: `File too large (${(buf.length / 1048576).toFixed(1)} MB); the limit is 5 MB`,
    });
  }
  const lower = filename.toLowerCase();
  if (lower.endsWith('.xlsx') || looksLikeXlsx(buf)) {
    if (!looksLikeXlsx(buf)) throw notSpreadsheet(filename);
    return xlsxRows(buf, filename);
  }
  if (lower.endsWith('.csv') || lower.endsWith('.txt') || looksLikeText(buf)) {
    if (!looksLikeText(buf)) throw notSpreadsheet(filename);
    const text = buf.toString('utf8').replace(/^\uFEFF/, '');
    let rows: string[][];
    try {
      rows = parseCsv(text, { relax_column_count: true, skip_empty_lines: false });
    } catch (e) {
      throw csvError(e);
    }
    rows.forEach((r, i) => refuseNulCells(r, i + 1));
    return rows.map((r) => r.map((c) => c.trim()));
  }
  throw notSpreadsheet(filename);
}

function notSpreadsheet(filename: string): AppError {
  return new AppError('UNSUPPORTED_MEDIA_TYPE', {
    zh: `不是 CSV 或 XLSX 表格：${filename}`,
    en: `Not a CSV or XLSX spreadsheet: ${filename}`,
  });
}
