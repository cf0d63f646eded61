/**
 * A CSV that cannot be parsed (an unbalanced quote, a stray character after a closing quote)
 * becomes a 4xx naming the row, counted as the imports count rows: the header is row 1.
 */
import { AppError } from '@weijian/core';

interface CsvParseError {
  code: string;
  records?: number;
  lines?: number;
}

function isCsvParseError(e: unknown): e is CsvParseError {
  // csv-parse's CsvError (its codes are CSV_QUOTE_NOT_CLOSED, INVALID_OPENING_QUOTE, …).
  const code = (e as { code?: unknown } | null)?.code;
  return e instanceof Error && e.constructor.name === 'CsvError' && typeof code === 'string';
}

/** The AppError for a parser error (other errors are returned as they are, to be rethrown). */
export function csvError(e: unknown): unknown {
  if (!isCsvParseError(e)) return e;
  // `records` counts the rows read completely before the bad one.
  const row = (e.records ?? 0) + 1;
  const [zh, en] =
    e.code === 'CSV_QUOTE_NOT_CLOSED'
      ? [`第 ${row} 行的引号没有闭合`, `Row ${row}: a quote is opened and never closed`]
      : e.code.includes('QUOTE')
        ? [`第 ${row} 行的引号用法有误`, `Row ${row}: misplaced quote`]
        : [`第 ${row} 行无法解析`, `Row ${row} cannot be read`];
  return new AppError(
    'VALIDATION_FAILED',
    { zh: `CSV 格式有误：${zh}`, en: `Malformed CSV: ${en}` },
    [{ row, message: { zh, en } }],
    { cause: e }
  );
}
