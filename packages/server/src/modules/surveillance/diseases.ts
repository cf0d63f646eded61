/**
 * The notifiable-disease table (reference/notifiable-diseases.csv), versioned by effective date so
 * a report keeps the meaning it had when it was made: reclassifications are new versions, merges
 * close the old code and name the new one (`replaced_by`), and series follow the chain.
 */
import { readFileSync } from 'node:fs';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { AppError, isoDate } from '@weijian/core';
import type { DB } from '../../db/types';
import { repoPath } from '../../paths';
import { type Actor, writeAudit } from '../audit';

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
const rowSchema = z.object({
  code: z.string().regex(/^[a-z0-9_]+$/),
  effective_from: isoDate,
  effective_to: z.union([isoDate, z.literal('')]).transform((v) => v || null),
  name: z.string().min(1),
  name_en: z.string().min(1),
  class: z.enum(['A', 'B', 'C', 'other']),
  managed_as_a: bool,
  single_case_alert: bool,
  report_limit_hours: z.coerce.number().pipe(z.union([z.literal(2), z.literal(24)])),
  syndrome_group: z.string().min(1),
  replaced_by: z.string().transform((v) => v || null),
  basis: z.string().transform((v) => v || null),
});
/** One version of a disease's entry. */
export type DiseaseVersion = z.infer<typeof rowSchema>;

/** Reads and validates the shipped table; a bad row is named with its line and field. */
export function readDiseaseTable(path = repoPath('reference/notifiable-diseases.csv')): DiseaseVersion[] {
  const [head = '', ...lines] = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const cols = head.split(',');
  return lines.map((line, i) => {
    const cells = line.split(',');
    const parsed = rowSchema.safeParse(Object.fromEntries(cols.map((c, j) => [c, cells[j] ?? ''])));
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    throw new AppError(
      'VALIDATION_FAILED',
      { zh: `法定传染病目录第 ${i + 2} 行无效`, en: `Notifiable-disease table line ${i + 2} is invalid` },
      [
        {
          row: i + 2,
          field: String(issue?.path[0] ?? ''),
          message: { zh: issue?.message ?? '', en: issue?.message ?? '' },
        },
      ]
    );
  });
}

const key = (d: { code: string; effective_from: string }) => `${d.code}@${d.effective_from}`;

/** Brings the database table in line with the file; writes (and audits) only what changed. */
export async function syncDiseases(db: Kysely<DB>, actor: Actor, rows = readDiseaseTable()): Promise<number> {
  const existing = await listDiseaseVersions(db);
  const before = new Map(existing.map((d) => [key(d), JSON.stringify(d)]));
  let changed = 0;
  for (const row of rows) {
    if (before.get(key(row)) === JSON.stringify(row)) continue;
    await db
      .insertInto('notifiable_diseases')
      .values(row)
      .onConflict((oc) => oc.columns(['code', 'effective_from']).doUpdateSet(row))
      .execute();
    await writeAudit(db, actor, {
      action: 'upsert',
      entity: 'notifiable_disease',
      entityId: key(row),
      details: row,
    });
    changed++;
  }
  return changed;
}

/** Every version, oldest first per code. */
export async function listDiseaseVersions(db: Kysely<DB>): Promise<DiseaseVersion[]> {
  const rows = await db
    .selectFrom('notifiable_diseases')
    .select([
      'code',
      sql<string>`effective_from::text`.as('effective_from'),
      sql<string | null>`effective_to::text`.as('effective_to'),
      'name',
      'name_en',
      'class',
      'managed_as_a',
      'single_case_alert',
      'report_limit_hours',
      'syndrome_group',
      'replaced_by',
      'basis',
    ])
    .orderBy('code')
    .orderBy('effective_from')
    .execute();
  return rows.map((r) => ({ ...r, report_limit_hours: r.report_limit_hours as 2 | 24 }));
}

/** The version of a disease in force on a date, or undefined when it was not notifiable then. */
export function versionAt(
  versions: readonly DiseaseVersion[],
  code: string,
  date: string
): DiseaseVersion | undefined {
  return versions.find(
    (v) => v.code === code && v.effective_from <= date && (v.effective_to === null || date <= v.effective_to)
  );
}

/** The code a disease is counted under today, following merges (hpai → novel_flu). */
export function currentCode(versions: readonly DiseaseVersion[], code: string): string {
  const seen = new Set<string>();
  let c = code;
  for (;;) {
    const next = versions.filter((v) => v.code === c).at(-1)?.replaced_by;
    if (!next || seen.has(next)) return c;
    seen.add(c);
    c = next;
  }
}

/** Whether every case alerts on its own: class A, managed as class A, or flagged for single-case alerts. */
export function alertsOnEveryCase(v: DiseaseVersion): boolean {
  return v.class === 'A' || v.managed_as_a || v.single_case_alert;
}
