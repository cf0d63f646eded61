/**
 * Patient read and search over the residents service: every person shown is read through
 * `getResident` (scope, team or break-the-glass; the read logged with its purpose) and masked as the
 * residents API masks for the caller's role (masked values leave as the `masked` data-absent
 * reason). A resident the caller may not reach answers "not found", as an unknown id does.
 */
import { AppError, fhir, isAppError, type ResidentView } from '@weijian/core';

import type { AppContext } from '../../context';
import { getResident, searchResidents } from '../residents';
import type { FhirCaller } from './caller';

const notFound = (id: number | string): AppError =>
  new AppError('NOT_FOUND', {
    zh: `居民档案不存在，或不在您的管辖范围和签约团队内：Patient/${String(id)}`,
    en: `No resident Patient/${String(id)}, or outside your scope and teams`,
  });

/** A resident view as the Patient mapper takes it. */
export function patientOf(v: ResidentView, base: string): fhir.Patient {
  const p = fhir.toPatient(
    {
      id: v.id,
      name: v.name,
      nameMasked: v.masked,
      sex: v.sex,
      birthDate: v.birthDate,
      deathDate: v.deathDate,
      identifiers: v.identifiers.map((i) => ({
        kind: fhir.FHIR_KIND[i.kind] ?? i.kind,
        value: v.masked ? null : i.value,
      })),
      phone: v.masked ? null : v.phone,
      homeUnit: v.homeUnit,
      active: v.status !== 'merged',
      synthetic: v.synthetic,
    },
    base
  );
  if (v.status === 'merged' && v.mergedInto !== null) {
    p.link = [{ other: { reference: `Patient/${String(v.mergedInto)}` }, type: 'replaced-by' }];
  }
  return p;
}

/** One resident as a Patient (the read logged). */
export async function readPatient(ctx: AppContext, c: FhirCaller, id: number): Promise<fhir.Patient> {
  try {
    const v = await getResident(ctx, c.user, id, {
      purpose: `FHIR ${c.purpose}`,
      breakGlassReason: c.breakGlass,
    });
    return patientOf(v, c.base);
  } catch (e) {
    if (isAppError(e) && e.code === 'FORBIDDEN') throw notFound(id);
    throw e;
  }
}

/** Patient search parameters (already checked for shape). */
export interface PatientQuery {
  identifier?: string | undefined;
  name?: string | undefined;
  birthdate?: string | undefined;
}

/**
 * Search: `identifier=<system>|<value>` exactly through the residents' look-up hash (a system that is
 * not one of this server's identifier kinds matches nothing), `name` (exact full name), `birthdate`
 * narrowing either. Each match is then read in full (logged) and, for an identifier, must hold an
 * identifier of that kind.
 */
export async function searchPatients(
  ctx: AppContext,
  c: FhirCaller,
  q: PatientQuery,
  selfUrl: string
): Promise<fhir.Bundle> {
  if (q.identifier === undefined && q.name === undefined) {
    throw new AppError(
      'VALIDATION_FAILED',
      { zh: '请按证件号（identifier）或姓名（name）查找', en: 'Search by identifier or name' },
      [{ field: 'identifier', message: { zh: '缺少查询条件', en: 'No search parameter' } }]
    );
  }
  const sys = fhir.weijianSystems(c.base);
  let kind: string | null = null;
  let ids: Set<number> | null = null;
  if (q.identifier !== undefined) {
    const bar = q.identifier.indexOf('|');
    const system = bar < 0 ? null : q.identifier.slice(0, bar);
    const value = (bar < 0 ? q.identifier : q.identifier.slice(bar + 1)).trim();
    if (system !== null && system !== '') {
      kind = Object.keys(fhir.IDENTIFIER_TYPES).find((k) => sys.identifier(k) === system) ?? '';
    }
    ids = new Set<number>();
    if (kind !== '' && value !== '') {
      const found = await searchResidents(ctx, c.user, value, q.birthdate, c.breakGlass);
      for (const r of found.residents) ids.add(r.id);
    }
  }
  if (q.name !== undefined) {
    const found = await searchResidents(ctx, c.user, q.name, q.birthdate, c.breakGlass);
    const named = new Set(found.residents.map((r) => r.id));
    ids = ids === null ? named : new Set([...ids].filter((x) => named.has(x)));
  }
  const patients: fhir.Patient[] = [];
  for (const id of [...(ids ?? [])].sort((a, b) => a - b)) {
    const p = await readPatient(ctx, c, id);
    if (
      kind !== null &&
      kind !== '' &&
      !(p.identifier ?? []).some((i) => i.system === sys.identifier(kind))
    ) {
      continue;
    }
    patients.push(p);
  }
  return fhir.searchBundle(patients, c.base, patients.length, selfUrl);
}
