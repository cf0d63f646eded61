/**
 * The code systems and codes the FHIR facade writes. LOINC codes are those of the FHIR R4
 * vital-signs profiles (blood pressure panel 85354-9 with systolic 8480-6 and diastolic 8462-4)
 * and the fasting plasma glucose in mmol/L (14771-0); the identifier types are HL7 v2 table 0203.
 * Weijian's own codes (programmes, event types, identifier kinds) are under the server's base URL,
 * since no national FHIR naming system for them is published that we could cite.
 */

export const LOINC = 'http://loinc.org';
export const UCUM = 'http://unitsofmeasure.org';
export const V2_0203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';
export const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
export const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
export const DATA_ABSENT_REASON = 'http://hl7.org/fhir/StructureDefinition/data-absent-reason';

/** Codes of one observation the facade maps from an event field. */
export interface ObservationCode {
  field: string;
  loinc: string;
  display: string;
  unit: string;
  ucum: string;
  category: 'vital-signs' | 'laboratory';
}

export const BP_PANEL = { loinc: '85354-9', display: 'Blood pressure panel with all children optional' };
export const SYSTOLIC: ObservationCode = {
  field: 'sbp',
  loinc: '8480-6',
  display: 'Systolic blood pressure',
  unit: 'mmHg',
  ucum: 'mm[Hg]',
  category: 'vital-signs',
};
export const DIASTOLIC: ObservationCode = {
  field: 'dbp',
  loinc: '8462-4',
  display: 'Diastolic blood pressure',
  unit: 'mmHg',
  ucum: 'mm[Hg]',
  category: 'vital-signs',
};
export const FASTING_GLUCOSE: ObservationCode = {
  field: 'fbg',
  loinc: '14771-0',
  display: 'Fasting glucose [Moles/volume] in Serum or Plasma',
  unit: 'mmol/L',
  ucum: 'mmol/L',
  category: 'laboratory',
};

/** Weijian's identifier kinds and the v2-0203 type each is written with. */
export const IDENTIFIER_TYPES: Record<string, { v2: string; display: string }> = {
  resident_id: { v2: 'NI', display: 'National unique individual identifier' },
  passport: { v2: 'PPN', display: 'Passport number' },
  hk_macau_pass: { v2: 'PPN', display: 'Passport number' },
  taiwan_pass: { v2: 'PPN', display: 'Passport number' },
  hmt_residence: { v2: 'PRC', display: 'Permanent Resident Card Number' },
  foreign_permanent: { v2: 'PRC', display: 'Permanent Resident Card Number' },
  newborn_key: { v2: 'MR', display: 'Medical record number' },
};

/** The identifier kind the facade writes (the stored spelling) for each of the core's kinds. */
export const FHIR_KIND: Record<string, string> = {
  'resident-id': 'resident_id',
  'hmt-residence-permit': 'hmt_residence',
  'foreign-permanent-residence': 'foreign_permanent',
  passport: 'passport',
  'hk-macau-pass': 'hk_macau_pass',
  'taiwan-pass': 'taiwan_pass',
  'newborn-provisional': 'newborn_key',
};

/** The core's identifier kind of a facade kind (`resident_id` → `resident-id`), or undefined. */
export function coreIdentifierKind(kind: string): string | undefined {
  return Object.keys(FHIR_KIND).find((k) => FHIR_KIND[k] === kind);
}

/** The systems under the server's base URL (`https://host/fhir/R4` → `https://host/fhir/`). */
export function weijianSystems(base: string) {
  const root = base.replace(/\/R4\/?$/, '').replace(/\/$/, '');
  return {
    identifier: (kind: string) => `${root}/sid/${kind}`,
    programme: `${root}/CodeSystem/programme`,
    eventType: (programme: string) => `${root}/CodeSystem/programme-event/${programme}`,
    servicePackage: `${root}/CodeSystem/service-package`,
    /** The national schedule's vaccine codes (HepB, IPV …): CVX is not used in China. */
    vaccine: `${root}/CodeSystem/vaccine`,
    vaccinationSite: `${root}/CodeSystem/vaccination-site`,
    /** Programme (免疫规划) or non-programme vaccine. */
    programmeEligibility: `${root}/CodeSystem/immunization-programme`,
    /** The due list's own statuses (given, due, overdue, catch_up, not_yet_due, not_needed). */
    doseStatus: `${root}/CodeSystem/dose-status`,
    referralDirection: `${root}/CodeSystem/referral-direction`,
    referralOutcome: `${root}/CodeSystem/referral-output`,
  };
}
