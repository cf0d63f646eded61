/**
 * The rules a resident must meet before it is stored, shared by the form (one resident) and the
 * import (many): identifiers valid per core identity and agreeing with the birth date and sex they
 * encode; dates possible; the home unit a street, township, community or facility; the caller's
 * scope holding the home unit or the facility that will own the health record. Each problem is an
 * issue naming its field (and row, for files), in Chinese and English.
 */
import {
  IDENTIFIER_KIND_NAMES,
  type ErrorIssue,
  type PreparedResident,
  type ResidentCreate,
} from '@weijian/core';
import type { OrgUnit } from '../orgunits';
import { checkIdentifiers, prepared, type CheckedIdentifier } from './identity';

/** What the checks need to know besides the record: units, the caller's scope, today. */
export interface CheckContext {
  scope: string;
  today: string;
  /** The units the records name (absent or undefined = unknown). */
  units: ReadonlyMap<string, OrgUnit | undefined>;
}

/** A record that passed every check, in clear, with what will be stored from it. */
export interface CheckedResident {
  input: ResidentCreate;
  identifiers: CheckedIdentifier[];
  prepared: PreparedResident;
}

/** Field names as issues give them: the API's by default, a file's column headers for imports. */
export type FieldName = (field: string) => string;

const inScope = (u: OrgUnit | undefined, scope: string) => u?.path.includes(`/${scope}/`) === true;

/** Checks one resident; `row` numbers issues for files. */
export function checkResident(
  c: CheckContext,
  input: ResidentCreate,
  options: { row?: number; field?: FieldName; skipScope?: boolean } = {}
): { value?: CheckedResident; issues: ErrorIssue[] } {
  const name = options.field ?? ((f: string) => f);
  const rowPart = options.row === undefined ? {} : { row: options.row };
  const issues: ErrorIssue[] = [];
  const add = (field: string, value: unknown, zh: string, en: string) =>
    issues.push({ ...rowPart, field: name(field), value, message: { zh, en } });

  const ids = checkIdentifiers(input.identifiers, c.today, {
    ...rowPart,
    field: (i) => name(`identifiers.${i}.value`),
  });
  issues.push(...ids.issues);
  for (const id of ids.ok) {
    const p = id.parsed;
    const kind = IDENTIFIER_KIND_NAMES[p.kind];
    if ('birthDate' in p && p.birthDate !== input.birthDate) {
      add(
        'birthDate',
        input.birthDate,
        `出生日期与${kind.zh}号码中的 ${p.birthDate} 不符`,
        `Birth date disagrees with ${p.birthDate} in the ${kind.en} number`
      );
    }
    if ('sex' in p && p.sex && input.sex !== 'U' && p.sex !== input.sex) {
      add(
        'sex',
        input.sex,
        `性别与${kind.zh}号码不符（号码为${p.sex === 'M' ? '男' : '女'}）`,
        `Sex disagrees with the ${kind.en} number (${p.sex === 'M' ? 'male' : 'female'})`
      );
    }
  }
  if (input.birthDate > c.today) {
    add('birthDate', input.birthDate, '出生日期晚于今天', 'Birth date is after today');
  }
  if (input.deathDate && (input.deathDate < input.birthDate || input.deathDate > c.today)) {
    add(
      'deathDate',
      input.deathDate,
      '死亡日期须在出生日期与今天之间',
      'Date of death must lie between the birth date and today'
    );
  }
  const home = c.units.get(input.homeUnit);
  const facility = input.recordFacility ? c.units.get(input.recordFacility) : undefined;
  if (!home || home.levelRank < 4) {
    add(
      'homeUnit',
      input.homeUnit,
      '居住单位须为已登记的街道（乡镇）、社区或机构',
      'The home unit must be a known street, township, community or facility'
    );
  }
  if (input.recordFacility && (!facility || facility.level !== 'facility' || !inScope(facility, c.scope))) {
    add(
      'recordFacility',
      input.recordFacility,
      '建档机构须为您范围内的医疗卫生机构',
      'The record facility must be a health facility inside your scope'
    );
  }
  if (
    !options.skipScope &&
    home &&
    home.levelRank >= 4 &&
    !inScope(home, c.scope) &&
    !inScope(facility, c.scope)
  ) {
    add(
      'homeUnit',
      input.homeUnit,
      '居住单位不在您的管辖范围内（可在您范围内的机构建档）',
      'The home unit is outside your scope (open the record at a facility of yours instead)'
    );
  }
  if (issues.length > 0) return { issues };
  const primary = ids.ok[0];
  return {
    issues,
    value: {
      input,
      identifiers: ids.ok,
      prepared: prepared(
        {
          name: input.name,
          sex: input.sex,
          birthDate: input.birthDate,
          phone: input.phone ?? null,
          address: input.address ?? null,
          identifier: primary ? { kind: primary.kind, normalized: primary.normalized } : null,
        },
        c.today
      ),
    },
  };
}
