/**
 * Immunization and referral records as FHIR R4 resources: a dose → Immunization, a child's due list
 * → ImmunizationRecommendation, a two-way referral → ServiceRequest (what is asked) plus Task (where
 * the receiving facility is with it). CVX is the US vaccine code system and is not used in China;
 * vaccines are coded with the national schedule's own codes (HepB, IPV, DTaP …) under the server's
 * `CodeSystem/vaccine`. Pure: the views come from the immunization and referrals services.
 */
import type {
  Annotation,
  CodeableConcept,
  Coding,
  Immunization,
  ImmunizationRecommendation,
  ImmunizationRecommendationRecommendation,
  Meta,
  ServiceRequest,
  Task,
} from '@medplum/fhirtypes';
import type { ImmunizationView, ResidentImmunizations } from '../immunization-api/index';
import type { DueDose } from '../immunization/due';
import type { ReferralView } from '../referrals/index';
import { LOINC, weijianSystems } from './codes';

/** The test-data tag (v3 ActReason HTEST) marking synthetic records. */
const HTEST: Coding = {
  system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason',
  code: 'HTEST',
  display: 'test health data',
};
const meta = (synthetic: boolean): Meta | undefined => (synthetic ? { tag: [HTEST] } : undefined);

/** HL7's recommendation status codes (immunization-recommendation-status). */
export const RECOMMENDATION_STATUS =
  'http://terminology.hl7.org/CodeSystem/immunization-recommendation-status';
/** LOINC codes of the recommendation date criteria: date due, earliest date to give. */
export const DATE_DUE = { code: '30980-7', display: 'Date vaccine due' };
export const EARLIEST_DATE = { code: '30981-5', display: 'Earliest date to give' };

/** Immunization: one dose as recorded; a voided dose is `entered-in-error` with its reason. */
export function toImmunization(d: ImmunizationView, base: string, synthetic: boolean): Immunization {
  const sys = weijianSystems(base);
  return clean({
    resourceType: 'Immunization',
    id: String(d.id),
    meta: meta(synthetic),
    status: d.voided ? 'entered-in-error' : 'completed',
    statusReason: d.voided && d.voidReason !== null ? { text: d.voidReason } : undefined,
    vaccineCode: {
      coding: [{ system: sys.vaccine, code: d.vaccine, display: d.vaccineName.zh }],
      text: d.vaccineName.zh,
    },
    patient: { reference: `Patient/${String(d.residentId)}` },
    occurrenceDateTime: d.date,
    primarySource: true,
    manufacturer: { display: d.manufacturer },
    lotNumber: d.lot,
    expirationDate: d.expiry ?? undefined,
    site: { coding: [{ system: sys.vaccinationSite, code: d.site }] },
    performer: [{ actor: { reference: `Organization/${d.clinic}` } }],
    programEligibility: [
      {
        coding: [
          {
            system: sys.programmeEligibility,
            code: d.programme ? 'npi' : 'non-npi',
            display: d.programme ? '免疫规划疫苗' : '非免疫规划疫苗',
          },
        ],
      },
    ],
    protocolApplied: [{ doseNumberPositiveInt: d.dose }],
  });
}

/** The HL7 status a due-list status stands for; not-yet-due doses have none (only Weijian's code). */
function hl7Status(status: DueDose['status']): Coding[] {
  const code =
    status === 'due' ? 'due' : status === 'overdue' || status === 'catch_up' ? 'overdue' : undefined;
  return code === undefined
    ? []
    : [{ system: RECOMMENDATION_STATUS, code, display: code === 'due' ? 'Due' : 'Overdue' }];
}

/**
 * ImmunizationRecommendation: the doses still to give on `asOf` (given doses are Immunization
 * resources; doses the schedule no longer needs are left out), each with its due date, the earliest
 * day it can be given, HL7's status where one applies and the due list's own status. Its id is
 * `<resident>-<asOf>`: the list is computed, not stored.
 */
export function toImmunizationRecommendation(
  src: ResidentImmunizations,
  base: string
): ImmunizationRecommendation {
  const sys = weijianSystems(base);
  const open = src.due.doses.filter((d) => d.status !== 'given' && d.status !== 'not_needed');
  const recommendation: ImmunizationRecommendationRecommendation[] = open.map((d) => {
    const status: CodeableConcept = {
      coding: [...hl7Status(d.status), { system: sys.doseStatus, code: d.status }],
    };
    return clean({
      vaccineCode: [
        { coding: [{ system: sys.vaccine, code: d.vaccine, display: d.name.zh }], text: d.name.zh },
      ],
      forecastStatus: status,
      forecastReason: [{ text: d.reason.zh }],
      dateCriterion: [
        { code: { coding: [{ system: LOINC, ...DATE_DUE }] }, value: d.dueDate },
        ...(d.plannedDate === null
          ? []
          : [{ code: { coding: [{ system: LOINC, ...EARLIEST_DATE }] }, value: d.plannedDate }]),
      ],
      series: d.track,
      doseNumberPositiveInt: d.dose,
    });
  });
  return clean({
    resourceType: 'ImmunizationRecommendation',
    id: `${String(src.resident.id)}-${src.asOf}`,
    meta: meta(src.resident.synthetic),
    patient: { reference: `Patient/${String(src.resident.id)}` },
    date: src.asOf,
    authority: { display: `${src.schedule.code} ${src.schedule.version}` },
    recommendation,
  });
}

const SERVICE_REQUEST_STATUS: Record<ReferralView['status'], ServiceRequest['status']> = {
  sent: 'active',
  accepted: 'active',
  declined: 'revoked',
  completed: 'completed',
};
const TASK_STATUS: Record<ReferralView['status'], Task['status']> = {
  sent: 'requested',
  accepted: 'accepted',
  declined: 'rejected',
  completed: 'completed',
};
const DIRECTION = {
  up: { zh: '上转', en: 'Up-referral (community to hospital)' },
  down: { zh: '下转', en: 'Down-referral (hospital to community)' },
} as const;

/** ServiceRequest: what the sending facility asks of the receiving one (the discharge plan as notes). */
export function toServiceRequest(r: ReferralView, base: string): ServiceRequest {
  const sys = weijianSystems(base);
  const plan = r.dischargePlan;
  const note: Annotation[] | undefined =
    plan === null
      ? undefined
      : [
          { text: `出院诊断：${plan.diagnosis}` },
          { text: `治疗经过：${plan.summary}` },
          ...(plan.medications.length > 0 ? [{ text: `出院带药：${plan.medications.join('；')}` }] : []),
          { text: `康复随访：${plan.followUp}` },
          ...(plan.nextVisitBy === undefined ? [] : [{ text: `下次随访不晚于：${plan.nextVisitBy}` }]),
        ];
  return clean({
    resourceType: 'ServiceRequest',
    id: String(r.id),
    meta: meta(r.synthetic),
    status: SERVICE_REQUEST_STATUS[r.status],
    intent: 'order',
    category: [
      { coding: [{ system: sys.referralDirection, code: r.direction, display: DIRECTION[r.direction].zh }] },
    ],
    code: { coding: [{ system: sys.referralDirection, code: r.direction }], text: DIRECTION[r.direction].zh },
    subject: { reference: `Patient/${String(r.residentId)}` },
    authoredOn: r.sentAt,
    requester: { reference: `Organization/${r.from}` },
    performer: [{ reference: `Organization/${r.to}` }],
    reasonCode: [{ text: r.reason }, ...(r.diagnosis === null ? [] : [{ text: r.diagnosis }])],
    note,
  });
}

/**
 * Task: the receiving facility's work on a referral — requested (sent), accepted, rejected (declined,
 * with the reason) or completed (with the outcome). `lastModified` is the latest step's time.
 */
export function toTask(r: ReferralView, base: string): Task {
  const sys = weijianSystems(base);
  const last = [r.sentAt, r.acceptedAt, r.declinedAt, r.completedAt]
    .filter((x): x is string => x !== null)
    .sort()
    .at(-1);
  return clean({
    resourceType: 'Task',
    id: String(r.id),
    meta: meta(r.synthetic),
    basedOn: [{ reference: `ServiceRequest/${String(r.id)}` }],
    status: TASK_STATUS[r.status],
    statusReason: r.declineReason === null ? undefined : { text: r.declineReason },
    intent: 'order',
    code: { coding: [{ system: sys.referralDirection, code: r.direction }], text: DIRECTION[r.direction].zh },
    focus: { reference: `ServiceRequest/${String(r.id)}` },
    for: { reference: `Patient/${String(r.residentId)}` },
    authoredOn: r.sentAt,
    lastModified: last,
    requester: { reference: `Organization/${r.from}` },
    owner: { reference: `Organization/${r.to}` },
    executionPeriod:
      r.acceptedAt === null
        ? undefined
        : { start: r.acceptedAt, ...(r.completedAt === null ? {} : { end: r.completedAt }) },
    output:
      r.outcome === null
        ? undefined
        : [{ type: { coding: [{ system: sys.referralOutcome, code: 'outcome' }] }, valueString: r.outcome }],
  });
}

/** JSON without `undefined` members, so resources compare and serialise cleanly. */
function clean<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
