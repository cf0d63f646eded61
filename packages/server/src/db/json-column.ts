/**
 * JSON columns are read through the zod schema of what they hold, so a stored value that is not
 * what the code expects (written by an older build, edited by hand, restored from a bad copy)
 * stops with an error naming the table, the row and the column, instead of travelling on as a
 * value of the wrong type.
 */
import type { z } from 'zod';
import { AppError, type ErrorIssue } from '@weijian/core';

/** Where a JSON value was read from, for the error message. */
export interface ColumnRef {
  table: string;
  column: string;
  /** The row's key (id, or the columns of a composite key joined by `/`). */
  row: string | number;
}

function invalid(ref: ColumnRef, issues: ErrorIssue[]): AppError {
  return new AppError(
    'INTERNAL',
    {
      zh: `数据库中存储的值无效：表 ${ref.table}，行 ${String(ref.row)}，列 ${ref.column}`,
      en: `Invalid value stored in the database: table ${ref.table}, row ${String(ref.row)}, column ${ref.column}`,
    },
    issues
  );
}

/**
 * Parse a stored value with its schema: a JSON column's content, or a text column that holds one
 * of a closed set of words (an origin, a status).
 * @throws AppError INTERNAL naming the table, row and column, with each invalid path as an issue
 */
export function parseColumn<S extends z.ZodType>(schema: S, value: unknown, ref: ColumnRef): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw invalid(
    ref,
    parsed.error.issues.slice(0, 20).map((i) => ({
      field: [`${ref.table}.${ref.column}`, ...i.path.map(String)].join('.'),
      message: { zh: `格式不符：${i.message}`, en: i.message },
    }))
  );
}

/**
 * Parse a text column that holds JSON, then check it with its schema.
 * @throws AppError INTERNAL naming the table, row and column when it is not JSON or not the shape
 */
export function parseJsonText<S extends z.ZodType>(schema: S, text: string, ref: ColumnRef): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid(ref, [
      { field: `${ref.table}.${ref.column}`, message: { zh: '不是有效的 JSON', en: 'Not valid JSON' } },
    ]);
  }
  return parseColumn(schema, value, ref);
}
