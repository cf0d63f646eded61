/**
 * The immunization schedule editions in catalogue/immunization/, read once per process, and the
 * edition in force on a day.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { AppError, parseImmunizationSchedule, type ImmunizationSchedule } from '@weijian/core';
import { repoPath } from '../../paths';

let cached: ImmunizationSchedule[] | undefined;

/** Every edition shipped with the repository, parsed and checked. */
export function schedules(): ImmunizationSchedule[] {
  if (!cached) {
    const dir = repoPath('catalogue', 'immunization');
    cached = readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) =>
        parseImmunizationSchedule(parse(readFileSync(join(dir, f), 'utf8')), `catalogue/immunization/${f}`)
      );
  }
  return cached;
}

/** The edition in force on a day: the latest that has started, else the earliest. */
export function scheduleOn(day: string): ImmunizationSchedule {
  const byStart = [...schedules()].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
  const chosen =
    byStart.filter((s) => s.effectiveFrom <= day && (s.effectiveTo ?? '9999-12-31') >= day).at(-1) ??
    byStart[0];
  if (!chosen) {
    throw new AppError('NOT_FOUND', {
      zh: 'catalogue/immunization/ 中没有免疫程序文件',
      en: 'No immunization schedule in catalogue/immunization/',
    });
  }
  return chosen;
}
