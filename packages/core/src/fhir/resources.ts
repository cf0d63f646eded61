/**
 * Weijian's records as FHIR R4 resources, read-only views built from the API shapes the services
 * already return: a resident → Patient, an enrolment segment → EpisodeOfCare, a service event →
 * Encounter plus Observations (blood pressure, fasting glucose), a family-doctor contract →
 * CarePlan. The relational tables stay the store; nothing here is persisted. Pure: no clock (the
 * day a contract is judged on is a parameter).
 */
import type {
  Bundle,
  CarePlan,
  Coding,
  Encounter,
  EpisodeOfCare,
  Extension,
  Identifier,
  Meta,
  Observation,
  Patient,
  Resource,
} from '@medplum/fhirtypes';
import {
  ACT_CODE,
  BP_PANEL,
  DATA_ABSENT_REASON,
  DIASTOLIC,
  FASTING_GLUCOSE,
  IDENTIFIER_TYPES,
  LOINC,
  OBSERVATION_CATEGORY,
  SYSTOLIC,
  UCUM,
  V2_0203,
  weijianSystems,
  type ObservationCode,
} from './codes';

/** A resident as the residents service shows it to the caller (values null when masked away). */
export interface PatientSource {
  id: number;
  /** The name as the caller may see it; `nameMasked` says it is masked. */
  name: string;
  nameMasked: boolean;
  sex: 'M' | 'F' | 'U';
  birthDate: string;
  deathDate: string | null;
  /** `value` null when the caller may not see it. */
  identifiers: { kind: string; value: string | null }[];
  phone: string | null;
  homeUnit: string;
  active: boolean;
  synthetic: boolean;
}

/** An enrolment segment of one programme. */
export interface EpisodeSource {
  id: number;
  residentId: number;
  programme: string;
  programmeName: string;
  start: string;
  end: string | null;
  endReason: string | null;
  facility: string;
  synthetic: boolean;
}

/** A service event of one programme. */
export interface EncounterSource {
  id: number;
  residentId: number;
  programme: string;
  type: string;
  typeName: string;
  date: string;
  fields: Record<string, unknown>;
  facility: string;
  voided: boolean;
  /** The enrolment segment that covers the event's date, when there is one. */
  episodeId: number | null;
  synthetic: boolean;
}

/** A family-doctor contract. */
export interface CarePlanSource {
  id: number;
  residentId: number;
  teamId: number;
  teamName: string;
  facility: string;
  package: string;
  start: string;
  end: string;
  status: 'signed' | 'renewed' | 'ended';
  endReason: string | null;
  synthetic: boolean;
}

/** The test-data tag FHIR defines (v3 ActReason HTEST): how a FHIR client learns a record is synthetic. */
const SYNTHETIC_TAG: Coding = {
  system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason',
  code: 'HTEST',
  display: 'test health data',
};
const masked: Extension[] = [{ url: DATA_ABSENT_REASON, valueCode: 'masked' }];

function meta(synthetic: boolean): Meta | undefined {
  return synthetic ? { tag: [SYNTHETIC_TAG] } : undefined;
}

/** Patient: identifiers hidden from the caller carry the `masked` data-absent reason, never a value. */
export function toPatient(src: PatientSource, base: string): Patient {
  const sys = weijianSystems(base);
  const identifier: Identifier[] = src.identifiers.map((i) => {
    const type = IDENTIFIER_TYPES[i.kind] ?? { v2: 'MR', display: 'Medical record number' };
    // R4 puts a primitive's extensions in `_value`; the type package leaves such members out.
    const out: Identifier & { _value?: { extension: Extension[] } } = {
      use: i.kind === 'newborn_key' ? 'temp' : 'official',
      type: { coding: [{ system: V2_0203, code: type.v2, display: type.display }], text: i.kind },
      system: sys.identifier(i.kind),
    };
    if (i.value === null) out._value = { extension: masked };
    else out.value = i.value;
    return out;
  });
  const patient: Patient = {
    resourceType: 'Patient',
    id: String(src.id),
    meta: meta(src.synthetic),
    active: src.active,
    identifier,
    name: [{ use: 'official', text: src.name, ...(src.nameMasked ? { extension: masked } : {}) }],
    gender: src.sex === 'M' ? 'male' : src.sex === 'F' ? 'female' : 'unknown',
    birthDate: src.birthDate,
    address: [
      {
        use: 'home',
        extension: [{ url: `${weijianRoot(base)}/StructureDefinition/home-unit`, valueCode: src.homeUnit }],
      },
    ],
  };
  if (src.phone !== null) patient.telecom = [{ system: 'phone', value: src.phone, use: 'mobile' }];
  if (src.deathDate !== null) patient.deceasedDateTime = src.deathDate;
  return dropUndefined(patient);
}

/** EpisodeOfCare: one segment of management in a programme at one facility. */
export function toEpisodeOfCare(src: EpisodeSource, base: string): EpisodeOfCare {
  const sys = weijianSystems(base);
  return dropUndefined({
    resourceType: 'EpisodeOfCare',
    id: String(src.id),
    meta: meta(src.synthetic),
    status: src.end === null ? 'active' : 'finished',
    type: [{ coding: [{ system: sys.programme, code: src.programme, display: src.programmeName }] }],
    patient: { reference: `Patient/${String(src.residentId)}` },
    managingOrganization: { reference: `Organization/${src.facility}` },
    period: { start: src.start, ...(src.end === null ? {} : { end: src.end }) },
  });
}

/** The encounter class a follow-up's mode stands for: clinic → AMB, home → HH, phone → VR. */
export function encounterClass(mode: unknown): Coding {
  if (mode === 'home') return { system: ACT_CODE, code: 'HH', display: 'home health' };
  if (mode === 'phone') return { system: ACT_CODE, code: 'VR', display: 'virtual' };
  return { system: ACT_CODE, code: 'AMB', display: 'ambulatory' };
}

/** Encounter: one service event; a voided one is `entered-in-error`. */
export function toEncounter(src: EncounterSource, base: string): Encounter {
  const sys = weijianSystems(base);
  return dropUndefined({
    resourceType: 'Encounter',
    id: String(src.id),
    meta: meta(src.synthetic),
    status: src.voided ? 'entered-in-error' : 'finished',
    class: encounterClass(src.fields.mode),
    type: [
      { coding: [{ system: sys.programme, code: src.programme }] },
      { coding: [{ system: sys.eventType(src.programme), code: src.type, display: src.typeName }] },
    ],
    subject: { reference: `Patient/${String(src.residentId)}` },
    episodeOfCare:
      src.episodeId === null ? undefined : [{ reference: `EpisodeOfCare/${String(src.episodeId)}` }],
    period: { start: src.date, end: src.date },
    serviceProvider: { reference: `Organization/${src.facility}` },
  });
}

function numberField(fields: Record<string, unknown>, code: string): number | null {
  const v = fields[code];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function quantity(code: ObservationCode, value: number) {
  return { value, unit: code.unit, system: UCUM, code: code.ucum };
}

/**
 * Observations of one event: a blood-pressure panel when systolic or diastolic was recorded, a
 * fasting glucose when `fbg` was. Ids are `<event>-bp` and `<event>-fbg`.
 */
export function toObservations(src: EncounterSource): Observation[] {
  const out: Observation[] = [];
  const common = {
    status: src.voided ? ('entered-in-error' as const) : ('final' as const),
    subject: { reference: `Patient/${String(src.residentId)}` },
    encounter: { reference: `Encounter/${String(src.id)}` },
    effectiveDateTime: src.date,
    meta: meta(src.synthetic),
  };
  const sbp = numberField(src.fields, SYSTOLIC.field);
  const dbp = numberField(src.fields, DIASTOLIC.field);
  if (sbp !== null || dbp !== null) {
    out.push(
      dropUndefined({
        resourceType: 'Observation',
        id: `${String(src.id)}-bp`,
        ...common,
        category: [category('vital-signs')],
        code: { coding: [{ system: LOINC, code: BP_PANEL.loinc, display: BP_PANEL.display }] },
        component: [
          ...(sbp === null ? [] : [component(SYSTOLIC, sbp)]),
          ...(dbp === null ? [] : [component(DIASTOLIC, dbp)]),
        ],
      })
    );
  }
  const fbg = numberField(src.fields, FASTING_GLUCOSE.field);
  if (fbg !== null) {
    out.push(
      dropUndefined({
        resourceType: 'Observation',
        id: `${String(src.id)}-fbg`,
        ...common,
        category: [category('laboratory')],
        code: { coding: [{ system: LOINC, code: FASTING_GLUCOSE.loinc, display: FASTING_GLUCOSE.display }] },
        valueQuantity: quantity(FASTING_GLUCOSE, fbg),
      })
    );
  }
  return out;
}

function category(code: 'vital-signs' | 'laboratory') {
  return {
    coding: [
      { system: OBSERVATION_CATEGORY, code, display: code === 'vital-signs' ? 'Vital Signs' : 'Laboratory' },
    ],
  };
}

function component(code: ObservationCode, value: number) {
  return {
    code: { coding: [{ system: LOINC, code: code.loinc, display: code.display }] },
    valueQuantity: quantity(code, value),
  };
}

/**
 * CarePlan: a family-doctor contract. Ended before its end date → `revoked`; past its end date
 * (on `asOf`) or ended on it → `completed`; otherwise `active`.
 */
export function toCarePlan(src: CarePlanSource, base: string, asOf: string): CarePlan {
  const sys = weijianSystems(base);
  const status: CarePlan['status'] =
    src.status === 'ended'
      ? src.endReason !== null && asOf < src.end
        ? 'revoked'
        : 'completed'
      : asOf > src.end
        ? 'completed'
        : 'active';
  return dropUndefined({
    resourceType: 'CarePlan',
    id: String(src.id),
    meta: meta(src.synthetic),
    status,
    intent: 'plan',
    category: [{ coding: [{ system: sys.servicePackage, code: src.package }] }],
    title: src.teamName,
    subject: { reference: `Patient/${String(src.residentId)}` },
    period: { start: src.start, end: src.end },
    careTeam: [{ reference: `CareTeam/${String(src.teamId)}`, display: src.teamName }],
    author: { reference: `Organization/${src.facility}` },
  });
}

/** A search result set. */
export function searchBundle(
  resources: readonly Resource[],
  base: string,
  total: number,
  selfUrl: string
): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total,
    link: [{ relation: 'self', url: selfUrl }],
    entry: resources.map((resource) => ({
      fullUrl: `${base.replace(/\/$/, '')}/${resource.resourceType}/${resource.id ?? ''}`,
      resource,
      search: { mode: 'match' as const },
    })),
  };
}

function weijianRoot(base: string): string {
  return base.replace(/\/R4\/?$/, '').replace(/\/$/, '');
}

/** JSON without `undefined` members, so resources compare and serialise cleanly. */
function dropUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
