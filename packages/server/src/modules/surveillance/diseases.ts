/**
 * The notifiable-disease table (reference/notifiable-diseases.csv), versioned by effective date so
 * a report keeps the meaning it had when it was made: reclassifications are new versions, merges
 * close the old code and name the new one (`replaced_by`), and series follow the chain.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { AppError, isoDate, type DiseaseTable, type NotifiableDisease } from '@weijian/core';
import type { Db } from '../../db/connection';
import { repoPath } from '../../paths';
import { type Actor, writeAudit } from '../audit';
import { listDiseases, toDisease, upsertDisease } from './repository/diseases';

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
export type DiseaseVersion = NotifiableDisease;

/** Reads and validates the shipped table; a bad row is named with its line and field. */
export function readDiseaseTable(path = repoPath('reference/notifiable-diseases.csv')): DiseaseVersion[] {
  const [head = '', ...lines] = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const cols = head.split(',');
  return lines.map((line, i) => {
    const cells = line.split(',');
    const parsed = rowSchema.safeParse(Object.fromEntries(cols.map((c, j) => [c, cells[j] ?? ''])));
    if (parsed.success) return toDisease(parsed.data);
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

const key = (d: { code: string; effectiveFrom: string }) => `${d.code}@${d.effectiveFrom}`;

/** Everything of a version, in a fixed order, to tell whether the file changed it. */
const fingerprint = (d: NotifiableDisease): string =>
  JSON.stringify([
    d.code,
    d.effectiveFrom,
    d.effectiveTo,
    d.name.zh,
    d.name.en,
    d.class,
    d.managedAsA,
    d.singleCaseAlert,
    d.reportLimitHours,
    d.syndromeGroup,
    d.replacedBy,
    d.basis,
  ]);

/** Brings the database table in line with the file; writes (and audits) only what changed. */
export async function syncDiseases(db: Db, actor: Actor, rows = readDiseaseTable()): Promise<number> {
  const existing = await listDiseaseVersions(db);
  const before = new Map(existing.map((d) => [key(d), fingerprint(d)]));
  let changed = 0;
  for (const row of rows) {
    if (before.get(key(row)) === fingerprint(row)) continue;
    await upsertDisease(db, row);
    await writeAudit(db, actor, {
      action: 'upsert',
      entity: 'notifiable_disease',
      entityId: key(row),
      details: { ...row },
    });
    changed++;
  }
  return changed;
}

/** Every version, oldest first per code. */
export function listDiseaseVersions(db: Db): Promise<DiseaseVersion[]> {
  return listDiseases(db);
}

/** The version of a disease in force on a date, or undefined when it was not notifiable then. */
export function versionAt(
  versions: readonly DiseaseVersion[],
  code: string,
  date: string
): DiseaseVersion | undefined {
  return versions.find(
    (v) => v.code === code && v.effectiveFrom <= date && (v.effectiveTo === null || date <= v.effectiveTo)
  );
}

/** The code a disease is counted under today, following merges (hpai → novel_flu). */
export function currentCode(versions: readonly DiseaseVersion[], code: string): string {
  const seen = new Set<string>();
  let c = code;
  for (;;) {
    const next = versions.filter((v) => v.code === c).at(-1)?.replacedBy;
    if (!next || seen.has(next)) return c;
    seen.add(c);
    c = next;
  }
}

/** Whether every case alerts on its own: class A, managed as class A, or flagged for single-case alerts. */
export function alertsOnEveryCase(v: DiseaseVersion): boolean {
  return v.class === 'A' || v.managedAsA || v.singleCaseAlert;
}

/** Every version, and the versions in force on a day (`GET /api/surveillance/diseases`). */
export async function diseaseTable(db: Db, date: string): Promise<DiseaseTable> {
  const versions = await listDiseaseVersions(db);
  const codes = [...new Set(versions.map((v) => v.code))];
  return { versions, inForce: codes.flatMap((c) => versionAt(versions, c, date) ?? []) };
}
