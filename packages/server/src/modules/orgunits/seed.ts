/**
 * Loads the reference table of administrative regions (reference/regions.csv) as org units.
 * A data step, kept apart from the schema migrations, and idempotent.
 */
import { readFileSync } from 'node:fs';
import type { Db } from '../../db/connection';
import { repoPath } from '../../paths';
import { insertMissingOrgUnits, type OrgUnitInput } from './repository';

/** Parse regions.csv (code,name,level,parent_code,note). */
export function readRegions(file = repoPath('reference/regions.csv')): OrgUnitInput[] {
  const lines = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  return lines.slice(1).map((line) => {
    const [code = '', name = '', level = '', parent = ''] = line.split(',');
    return { code, name, level, parentCode: parent === '' ? null : parent };
  });
}

/** Insert the reference regions that are missing. */
export async function seedRegions(db: Db): Promise<number> {
  return insertMissingOrgUnits(db, readRegions());
}
