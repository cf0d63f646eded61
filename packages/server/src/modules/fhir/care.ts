/**
 * Immunization and ImmunizationRecommendation from the immunization service's record of a child,
 * ServiceRequest and Task from the referrals service's referrals of a resident — the same reads
 * (scope, masking, the read logged) as `GET /api/residents/:id/immunizations` and
 * `GET /api/residents/:id/referrals`.
 */
import { fhir } from '@weijian/core';
import type { AppContext } from '../../context';
import { residentImmunizations } from '../immunization';
import { chinaDay } from '../orgunits';
import { residentReferrals } from '../referrals';
import type { FhirCaller } from './caller';

const callerOf = (c: FhirCaller) => ({
  id: c.user.id,
  username: c.user.username,
  role: c.user.role,
  orgUnitCode: c.user.orgUnitCode,
});

/** A child's doses (voided ones as entered-in-error). */
export async function immunizations(
  ctx: AppContext,
  c: FhirCaller,
  residentId: number
): Promise<fhir.Immunization[]> {
  const today = chinaDay(c.now);
  const r = await residentImmunizations(ctx.db, ctx.fieldCipher, callerOf(c), c.now, today, residentId);
  return r.doses.map((d) => fhir.toImmunization(d, c.base, r.resident.synthetic));
}

/** A child's due list on a day (today by default). */
export async function recommendation(
  ctx: AppContext,
  c: FhirCaller,
  residentId: number,
  asOf: string | undefined
): Promise<fhir.ImmunizationRecommendation> {
  const day = asOf ?? chinaDay(c.now);
  const r = await residentImmunizations(ctx.db, ctx.fieldCipher, callerOf(c), c.now, day, residentId);
  return fhir.toImmunizationRecommendation(r, c.base);
}

/** A resident's referrals the caller may see, as ServiceRequests or as Tasks. */
export async function referrals(
  ctx: AppContext,
  c: FhirCaller,
  residentId: number,
  as: 'ServiceRequest' | 'Task'
): Promise<(fhir.ServiceRequest | fhir.Task)[]> {
  const r = await residentReferrals(ctx.db, ctx.fieldCipher, callerOf(c), c.now, residentId);
  return r.referrals.map((x) =>
    as === 'ServiceRequest' ? fhir.toServiceRequest(x, c.base) : fhir.toTask(x, c.base)
  );
}
