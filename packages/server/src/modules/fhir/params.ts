/**
 * FHIR search parameters the facade honours, read from the query: `patient` (Patient/<id> or the
 * id), `date` with the prefixes eq, ge, le, gt, lt on a day (repeatable; all must hold), and
 * token `code` as `[system|]code`. A malformed value is refused with the parameter named.
 */
import { AppError } from '@weijian/core';

const bad = (field: string, zh: string, en: string, value: unknown): AppError =>
  new AppError('VALIDATION_FAILED', { zh: '查询参数有误', en: 'Invalid search parameter' }, [
    { field, value, message: { zh, en } },
  ]);

/** The resident id of a `patient` parameter. */
export function patientParam(value: string | undefined): number {
  const m = /^(?:Patient\/)?(\d{1,10})$/.exec(value ?? '');
  const id = m ? Number(m[1]) : NaN;
  if (!Number.isInteger(id) || id < 1 || id > 2_147_483_647) {
    throw bad('patient', '应为 Patient/编号', 'Must be Patient/<id>', value);
  }
  return id;
}

const DAY = /^(eq|ge|le|gt|lt)?(\d{4}-\d{2}-\d{2})$/;

/** A calendar day that exists, from 1900 on (no record of the platform is older). */
function realDay(day: string): boolean {
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day && day >= '1900-01-01';
}

/** A test on a day (`YYYY-MM-DD`) built from `date` parameters; none given → every day passes. */
export function dateParam(values: string | string[] | undefined, field = 'date'): (day: string) => boolean {
  const list = values === undefined ? [] : Array.isArray(values) ? values : [values];
  const tests = list.map((v) => {
    const m = DAY.exec(v);
    const day = m?.[2] ?? '';
    if (!m || !realDay(day)) {
      throw bad(
        field,
        '日期应为 YYYY-MM-DD，可加前缀 eq、ge、le、gt、lt',
        'A day YYYY-MM-DD with an optional prefix eq, ge, le, gt or lt',
        v
      );
    }
    const op = m[1] ?? 'eq';
    return (d: string) =>
      op === 'eq'
        ? d === day
        : op === 'ge'
          ? d >= day
          : op === 'le'
            ? d <= day
            : op === 'gt'
              ? d > day
              : d < day;
  });
  return (d) => tests.every((t) => t(d));
}

/** One day given as `date` (no prefix, or eq), or the default. */
export function singleDay(value: string | undefined, fallback: string, field = 'date'): string {
  if (value === undefined) return fallback;
  const m = DAY.exec(value);
  const day = m?.[2] ?? '';
  if (!m || (m[1] !== undefined && m[1] !== 'eq') || !realDay(day)) {
    throw bad(field, '应为一个日期 YYYY-MM-DD', 'One day YYYY-MM-DD', value);
  }
  return day;
}

/** A token `[system|]code` as a test on codings; none given → everything passes. */
export function tokenParam(
  value: string | undefined
): (codings: readonly { system?: string; code?: string }[]) => boolean {
  if (value === undefined) return () => true;
  const alternatives = value.split(',').map((t) => {
    const bar = t.indexOf('|');
    return bar < 0 ? { system: null, code: t } : { system: t.slice(0, bar), code: t.slice(bar + 1) };
  });
  return (codings) =>
    codings.some((c) =>
      alternatives.some(
        (a) => c.code === a.code && (a.system === null || a.system === '' || a.system === c.system)
      )
    );
}
