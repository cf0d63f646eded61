/**
 * What the FHIR facade supports, as data: the server's routes are built from the same table and a
 * test holds each route to it, so the CapabilityStatement lists exactly what answers.
 */
import type { CapabilityStatement, ResourceType } from '@medplum/fhirtypes';

/** A search parameter the facade honours. */
export interface SearchParamDef {
  name: string;
  type: 'token' | 'string' | 'date' | 'reference';
  documentation: string;
}

/** One resource type of the facade. */
export interface ResourceDef {
  type: ResourceType;
  read: boolean;
  search: SearchParamDef[];
  documentation: string;
}

const patient: SearchParamDef = {
  name: 'patient',
  type: 'reference',
  documentation: 'Required: Patient/<id> (or the id). 必填：居民。',
};
const date: SearchParamDef = {
  name: 'date',
  type: 'date',
  documentation: 'A day, with prefix eq (default), ge, le, gt or lt; may repeat. 日期（可加前缀）。',
};

/** The resources of the facade (CarePlan joins when the family-doctor module is there). */
export const FHIR_RESOURCES: readonly ResourceDef[] = [
  {
    type: 'Patient',
    read: true,
    search: [
      {
        name: 'identifier',
        type: 'token',
        documentation: 'Exact: <system>|<value>, the system <base>/sid/<kind>. 证件号精确查找。',
      },
      {
        name: 'name',
        type: 'string',
        documentation: 'The full name, exact (homophones not expanded). 姓名。',
      },
      {
        name: 'birthdate',
        type: 'date',
        documentation: 'Only with name or identifier, exact day. 出生日期（须与姓名或证件同用）。',
      },
    ],
    documentation:
      'Residents; masked unless the role has resident:identifiers; every read logged (X-Purpose-Of-Use, X-Break-Glass-Reason).',
  },
  {
    type: 'EpisodeOfCare',
    read: true,
    search: [patient],
    documentation: 'Enrolment segments in a programme (one facility each). 专项管理登记段。',
  },
  {
    type: 'Encounter',
    read: true,
    search: [patient, date],
    documentation: 'Programme service events (follow-ups, checks …). 专项服务记录。',
  },
  {
    type: 'Observation',
    read: true,
    search: [
      patient,
      date,
      {
        name: 'code',
        type: 'token',
        documentation: 'LOINC 85354-9 (blood pressure panel) or 14771-0 (fasting glucose), [system|]code.',
      },
    ],
    documentation: 'Blood pressure (85354-9 with 8480-6/8462-4) and fasting glucose (14771-0) of events.',
  },
  {
    type: 'Immunization',
    read: false,
    search: [patient],
    documentation:
      "Doses; vaccines coded with the national schedule's codes under <base>/CodeSystem/vaccine (CVX is not used in China).",
  },
  {
    type: 'ImmunizationRecommendation',
    read: false,
    search: [
      patient,
      { name: 'date', type: 'date', documentation: 'The day of the due list (default today). 应种日期。' },
    ],
    documentation: 'The due list of the national schedule on a day. 应种清单。',
  },
  {
    type: 'ServiceRequest',
    read: false,
    search: [patient],
    documentation: 'Two-way referrals (up, down with the discharge plan). 双向转诊申请。',
  },
  {
    type: 'Task',
    read: false,
    search: [patient],
    documentation: "The receiving facility's work on a referral. 转诊处理。",
  },
];

/** The CapabilityStatement of the facade at `base`, dated `date` (the server's clock). */
export function capabilityStatement(base: string, date: string, version: string): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date,
    publisher: 'Weijian 卫健',
    kind: 'instance',
    software: { name: 'Weijian', version },
    implementation: { description: 'Weijian FHIR R4 facade 卫健 FHIR 接口', url: base },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json'],
    rest: [
      {
        mode: 'server',
        documentation:
          'Sign in first (session cookie). Records stay in relational tables; these are views of them. ' +
          'Transaction bundles write a Patient (or use Patient/<id>, or ifNoneExist identifier=…), ' +
          'EpisodeOfCare (enrolment) and Encounter + Observation (events) in one database transaction.',
        security: { description: 'Session cookie; permissions and org-unit scope as the REST API.' },
        resource: FHIR_RESOURCES.map((r) => ({
          type: r.type,
          documentation: r.documentation,
          interaction: [
            ...(r.read ? [{ code: 'read' as const }] : []),
            ...(r.search.length > 0 ? [{ code: 'search-type' as const }] : []),
          ],
          searchParam: r.search.map((p) => ({ name: p.name, type: p.type, documentation: p.documentation })),
        })),
        interaction: [{ code: 'transaction' }],
      },
    ],
  };
}
