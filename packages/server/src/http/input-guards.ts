/**
 * Text the database cannot store never reaches it: a NUL character in any string of the query,
 * the path or a JSON body is refused with the field named. PostgreSQL's text type cannot hold
 * U+0000, so without this a stray NUL became a 500 deep inside a write.
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '@weijian/core';

/** Path of the first string containing U+0000 inside a value (depth-limited), or null. */
export function findNul(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (depth > 32 || value === null || typeof value !== 'object') return null;
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    if (key.includes('\u0000')) return `${path}.${key}`;
    const found = findNul(inner, `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return null;
}

/** The error for a NUL character in a field (or a file's row and column). */
export function nulError(field: string, row?: number): AppError {
  const where = row === undefined ? field : `第 ${row} 行 ${field}`;
  const whereEn = row === undefined ? field : `row ${row}, ${field}`;
  return new AppError(
    'VALIDATION_FAILED',
    {
      zh: `${where} 含有空字符（NUL），无法保存`,
      en: `${whereEn} contains a NUL character, which cannot be stored`,
    },
    [
      {
        ...(row === undefined ? {} : { row }),
        field,
        message: { zh: '含有空字符（NUL）', en: 'Contains a NUL character' },
      },
    ]
  );
}

/** Refuse any text cell of a file that holds a NUL character, naming its row (1-based) and column. */
export function refuseNulCells(cells: readonly string[], row: number, header?: readonly string[]): void {
  const i = cells.findIndex((c) => c.includes('\u0000'));
  if (i >= 0) throw nulError(header?.[i] ?? `column ${i + 1}`, row);
}

/** Register the check for every route (after parsing, before schema validation). */
export function registerInputGuards(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    for (const [part, value] of [
      ['params', request.params],
      ['querystring', request.query],
      ['body', request.body],
    ] as const) {
      const field = findNul(value, part);
      if (field) {
        done(nulError(field));
        return;
      }
    }
    done();
  });
}
