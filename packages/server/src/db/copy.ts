/**
 * Bulk loading with COPY, the fastest way rows get into PostgreSQL, behind the same Kysely handle
 * as every other query: `copyInto` sends `COPY … FROM STDIN` with the rows as one text parameter,
 * and the connection (pg through pg-copy-streams, PGlite through its /dev/blob input) streams that
 * text to the server instead of binding it. Used for unindexed staging tables.
 */
import { sql, type Kysely } from 'kysely';

/** Marks a COPY whose data is the query's one parameter. */
export const COPY_MARK = '/*weijian:copy-stdin*/';

/** A value in COPY's text format: \N for null, backslash escapes for the separators. */
function field(v: string | number | boolean | null): string {
  if (v === null) return '\\N';
  if (typeof v !== 'string') return String(v);
  return v.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'
  );
}

/** Load rows (each an array in column order) into a table with COPY. */
export async function copyInto<T>(
  db: Kysely<T>,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly (string | number | boolean | null)[])[]
): Promise<void> {
  if (rows.length === 0) return;
  const text = rows.map((r) => r.map(field).join('\t')).join('\n') + '\n';
  const target = sql.raw(`${table} (${columns.join(', ')})`);
  await sql`COPY ${target} FROM STDIN ${sql.raw(COPY_MARK)} ${text}`.execute(db);
}

/** The COPY statement without its data parameter, when a query is such a COPY. */
export function copyStatement(text: string, parameters: readonly unknown[]): string | null {
  const at = text.indexOf(COPY_MARK);
  if (at < 0 || parameters.length !== 1 || typeof parameters[0] !== 'string') return null;
  return text.slice(0, at).trim();
}
