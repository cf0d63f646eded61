/**
 * The first sheet of an XLSX as a grid of text, streamed so that a small file that expands to
 * millions of cells (a 645 KB upload once took 13 s and 2 GB) is refused as soon as it passes the
 * configured cell count, before memory grows. The zip is opened from its central directory, so
 * entries are read in the order needed (styles and shared strings before the sheet) without
 * temporary files, and every inflated entry passes a byte counter. Cells are read with exceljs's
 * own streaming readers, so their text is what `cell.text` gave before.
 */
import { createRequire } from 'node:module';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import ExcelJS from 'exceljs';
import { AppError } from '@weijian/core';
import { readLimits } from '../limits';

/** The part of unzipper (exceljs's own zip reader, which ships no types) used here. */
interface Unzipper {
  Open: { buffer(data: Buffer): Promise<{ files: { path: string; stream(): Readable }[] }> };
}
const unzipper = createRequire(import.meta.url)('unzipper') as Unzipper;

/** Inflated bytes allowed per cell of the limit (generous: a cell's XML is some 20–60 bytes). */
const BYTES_PER_CELL = 256;

interface StreamRow {
  number: number;
  cellCount: number;
  getCell(c: number): { text: string };
}
type SheetReader = AsyncIterable<StreamRow>;
/** The internals of exceljs's streaming WorkbookReader used here (stable since exceljs 4.0). */
interface WorkbookReaderInternals {
  options: Record<string, string>;
  sharedStrings?: unknown[];
  model?: { sheets?: { id: number; rId: string }[] };
  workbookRels?: { Id: string; Target: string }[];
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<{ index: number; text: unknown }>;
  _parseWorksheet(
    iterator: AsyncIterable<unknown>,
    sheetNo: string
  ): Generator<{ eventType: string; value: SheetReader }>;
}

function tooLarge(limit: number, read: number): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', {
    zh: `Excel 文件展开后超过 ${limit.toLocaleString('en')} 个单元格（读到第 ${read.toLocaleString('en')} 个时停止）；请拆分文件，或改用 CSV`,
    en: `The Excel file expands beyond ${limit.toLocaleString('en')} cells (stopped at ${read.toLocaleString('en')}); split it or use CSV`,
  });
}

function unreadable(filename: string, cause?: unknown): AppError {
  return new AppError(
    'BAD_REQUEST',
    { zh: `无法读取 Excel 文件：${filename}`, en: `Cannot read the Excel file: ${filename}` },
    [],
    { cause }
  );
}

/** A stream that fails once more than `limit` bytes have passed through it. */
function byteLimit(limit: number, cells: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      seen += chunk.length;
      if (seen > limit) done(tooLarge(cells, Math.floor(seen / BYTES_PER_CELL)));
      else done(null, chunk);
    },
  });
}

/**
 * Read the first worksheet as rows of trimmed text, padded to the widest row; row i is sheet
 * row i + 1 (empty rows included).
 * @param maxCells - cells the grid may hold (rows × widest row); default WEIJIAN_MAX_XLSX_CELLS
 * @throws AppError PAYLOAD_TOO_LARGE past the limit, BAD_REQUEST when the file is not a workbook
 */
export async function xlsxGrid(
  buf: Buffer,
  filename: string,
  maxCells = readLimits().xlsxCells
): Promise<string[][]> {
  let dir;
  try {
    dir = await unzipper.Open.buffer(buf);
  } catch (e) {
    throw unreadable(filename, e);
  }
  const files = new Map(dir.files.map((f) => [f.path.replace(/^\//, ''), f]));
  const opened: Readable[] = [];
  const open = (path: string): Readable | null => {
    const entry = files.get(path);
    if (!entry) return null;
    const raw = entry.stream();
    const limited = raw.pipe(byteLimit(maxCells * BYTES_PER_CELL, maxCells));
    raw.on('error', (e) => limited.destroy(e));
    opened.push(raw, limited);
    return limited;
  };
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([]), {
    sharedStrings: 'emit',
    styles: 'cache',
    worksheets: 'emit',
    hyperlinks: 'ignore',
    entries: 'ignore',
  }) as unknown as WorkbookReaderInternals;
  try {
    const rels = open('xl/_rels/workbook.xml.rels');
    const workbook = open('xl/workbook.xml');
    if (!rels || !workbook) throw unreadable(filename);
    await reader._parseRels(rels);
    await reader._parseWorkbook(workbook);
    const styles = open('xl/styles.xml');
    if (styles) await reader._parseStyles(styles);
    const strings: unknown[] = [];
    const shared = open('xl/sharedStrings.xml');
    if (shared) {
      for await (const s of reader._parseSharedStrings(shared)) {
        if (strings.length >= maxCells) throw tooLarge(maxCells, strings.length);
        strings.push(s.text);
      }
    }
    reader.sharedStrings = strings;
    const sheetPath = firstSheetPath(reader, [...files.keys()]);
    const sheet = sheetPath ? open(sheetPath) : null;
    if (!sheetPath || !sheet) {
      throw new AppError('BAD_REQUEST', {
        zh: 'Excel 文件没有工作表',
        en: 'The Excel file has no worksheet',
      });
    }
    const sheetNo = /sheet(\d+)\.xml$/.exec(sheetPath)?.[1] ?? '1';
    const rows: string[][] = [];
    let width = 0;
    let cells = 0;
    for (const { value: worksheet } of reader._parseWorksheet(sheet, sheetNo)) {
      for await (const row of worksheet) {
        width = Math.max(width, row.cellCount);
        cells += row.cellCount;
        // The grid is padded to the widest row, so its size is what memory will hold.
        if (cells > maxCells || row.number * width > maxCells) {
          throw tooLarge(maxCells, Math.max(cells, row.number * width));
        }
        const text: string[] = [];
        for (let c = 1; c <= row.cellCount; c++) text.push(row.getCell(c).text.trim());
        rows[row.number - 1] = text;
      }
    }
    return Array.from(rows, (r) => {
      const out = r ?? [];
      while (out.length < width) out.push('');
      return out;
    });
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw unreadable(filename, e);
  } finally {
    for (const s of opened) s.destroy();
  }
}

/** The path of the workbook's first sheet (in the workbook's order), or the lowest-numbered one. */
function firstSheetPath(reader: WorkbookReaderInternals, paths: readonly string[]): string | null {
  const first = reader.model?.sheets?.[0];
  const target = first && reader.workbookRels?.find((r) => r.Id === first.rId)?.Target;
  if (target) {
    const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    if (paths.includes(path)) return path;
  }
  const sheets = paths
    .filter((p) => /^xl\/worksheets\/sheet\d+\.xml$/.test(p))
    .sort((a, b) => Number(/(\d+)\.xml$/.exec(a)?.[1]) - Number(/(\d+)\.xml$/.exec(b)?.[1]));
  return sheets[0] ?? null;
}
