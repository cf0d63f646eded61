/**
 * Starting points for synthetic demo data: resident population of each plan region in 2020
 * (rounded census figures) and, for every element no plan states, a plausible rate per
 * population or per another element. Everything generated from here is marked synthetic.
 */

/** Resident population, 2020, rounded (第七次全国人口普查 orders of magnitude). */
export const POPULATION_2020: Record<string, number> = {
  '440304': 1_553_000,
  '440311': 1_095_000,
  '440307': 3_979_000,
  '445102': 515_000,
  '350100': 8_291_000,
};

/** Yearly total of an element = rate × the yearly total of `per` (default: resident population). */
export const DEFAULT_RATES: Record<string, { rate: number; per?: string }> = {
  POP_REGISTERED: { rate: 0.45 },
  POP_65PLUS: { rate: 0.07 },
  POP_U3: { rate: 0.03 },
  POP_U7: { rate: 0.075 },
  BIRTHS: { rate: 0.0095 },
  BIRTHS_MALE: { rate: 0.52, per: 'BIRTHS' },
  BIRTHS_FEMALE: { rate: 0.48, per: 'BIRTHS' },
  NATURAL_INCREASE: { rate: 0.006 },
  LIVE_BIRTHS: { rate: 0.0095 },
  INFANT_DEATHS: { rate: 0.003, per: 'LIVE_BIRTHS' },
  U5_DEATHS: { rate: 0.0045, per: 'LIVE_BIRTHS' },
  MATERNAL_DEATHS: { rate: 0.00008, per: 'LIVE_BIRTHS' },
  MATERNAL_SYS_MANAGED: { rate: 0.93, per: 'LIVE_BIRTHS' },
  EARLY_PREGNANCY_REGISTERED: { rate: 0.9, per: 'LIVE_BIRTHS' },
  POSTPARTUM_VISITED: { rate: 0.94, per: 'LIVE_BIRTHS' },
  NEWBORNS_VISITED: { rate: 0.95, per: 'LIVE_BIRTHS' },
  HL_RESPONDENTS: { rate: 0.002 },
  HL_LITERATE: { rate: 0.3, per: 'HL_RESPONDENTS' },
  SMOKING_RESPONDENTS: { rate: 0.002 },
  SMOKERS: { rate: 0.22, per: 'SMOKING_RESPONDENTS' },
  BEDS: { rate: 0.0045 },
  BEDS_HOSPITAL: { rate: 0.9, per: 'BEDS' },
  BEDS_HOSPITAL_PRIVATE: { rate: 0.15, per: 'BEDS_HOSPITAL' },
  PHYSICIANS: { rate: 0.003 },
  NURSES: { rate: 0.0035 },
  GPS: { rate: 0.0003 },
  PH_PHYSICIANS: { rate: 0.00015 },
  PSYCHIATRISTS: { rate: 0.00004 },
  TCM_PHYSICIANS: { rate: 0.0005 },
  PHARMACISTS: { rate: 0.0004 },
  PH_STAFF: { rate: 0.0007 },
  CHILDCARE_PLACES: { rate: 0.002 },
  CHILDCARE_ENROLLED: { rate: 0.1, per: 'POP_U3' },
  VISITS_TOTAL: { rate: 6 },
  VISITS_PRIMARY: { rate: 0.55, per: 'VISITS_TOTAL' },
  VISITS_COUNTY_RESIDENTS: { rate: 6 },
  VISITS_IN_COUNTY: { rate: 0.85, per: 'VISITS_COUNTY_RESIDENTS' },
  DISCHARGES: { rate: 0.12 },
  DISCHARGED_BED_DAYS: { rate: 8, per: 'DISCHARGES' },
  OPEN_BED_DAYS: { rate: 365, per: 'BEDS' },
  OCCUPIED_BED_DAYS: { rate: 0.85, per: 'OPEN_BED_DAYS' },
  KEY_CANCER_NEW_CASES: { rate: 0.0012 },
  KEY_CANCER_EARLY_CASES: { rate: 0.55, per: 'KEY_CANCER_NEW_CASES' },
  TB_NEW_CASES: { rate: 0.0004 },
  NOTIFIABLE_CASES_REGISTERED: { rate: 0.004 },
  NOTIFIABLE_CASES_REPORTED: { rate: 0.99, per: 'NOTIFIABLE_CASES_REGISTERED' },
  NOTIFIABLE_CASES_TIMELY: { rate: 0.97, per: 'NOTIFIABLE_CASES_REPORTED' },
  EHR_RECORDS: { rate: 0.88 },
  EHR_ACTIVE_RECORDS: { rate: 0.6, per: 'EHR_RECORDS' },
  HTN_EXPECTED: { rate: 0.12 },
  HTN_MANAGED: { rate: 0.45, per: 'HTN_EXPECTED' },
  HTN_STD_MANAGED: { rate: 0.7, per: 'HTN_MANAGED' },
  HTN_CONTROLLED: { rate: 0.65, per: 'HTN_MANAGED' },
  DM_EXPECTED: { rate: 0.05 },
  DM_MANAGED: { rate: 0.45, per: 'DM_EXPECTED' },
  DM_STD_MANAGED: { rate: 0.7, per: 'DM_MANAGED' },
  DM_CONTROLLED: { rate: 0.6, per: 'DM_MANAGED' },
  SMI_REGISTERED: { rate: 0.004 },
  SMI_MANAGED: { rate: 0.92, per: 'SMI_REGISTERED' },
  SMI_STD_MANAGED: { rate: 0.85, per: 'SMI_REGISTERED' },
  ELDERLY_MANAGED: { rate: 0.7, per: 'POP_65PLUS' },
  ELDERLY_TCM_MANAGED: { rate: 0.6, per: 'POP_65PLUS' },
  IMM_ELIGIBLE: { rate: 0.06 },
  IMM_VACCINATED: { rate: 0.985, per: 'IMM_ELIGIBLE' },
  CHILD_U3_SYS_MANAGED: { rate: 0.92, per: 'POP_U3' },
  CHILD_U7_MANAGED: { rate: 0.94, per: 'POP_U7' },
  WOMEN_SCREENING_DUE: { rate: 0.1 },
  WOMEN_SCREENED: { rate: 0.85, per: 'WOMEN_SCREENING_DUE' },
  TB_PATIENTS_NOTIFIED: { rate: 0.0004 },
  TB_PATIENTS_MANAGED: { rate: 0.95, per: 'TB_PATIENTS_NOTIFIED' },
  FD_KEY_POP: { rate: 0.25 },
  FD_KEY_SIGNED: { rate: 0.75, per: 'FD_KEY_POP' },
  FD_SIGNED: { rate: 0.35 },
  THE_TOTAL: { rate: 6000 },
  THE_OOP: { rate: 0.25, per: 'THE_TOTAL' },
  THE_GOVERNMENT: { rate: 0.3, per: 'THE_TOTAL' },
  INPATIENT_POLICY_COSTS: { rate: 1500 },
  INPATIENT_FUND_PAID: { rate: 0.72, per: 'INPATIENT_POLICY_COSTS' },
};

/** Statistics reported as such (no numerator/denominator) and their default values. */
export const DEFAULT_STATISTICS: Record<string, number> = {
  LIFE_EXPECTANCY_STAT: 80,
  HEALTHY_LIFE_EXPECTANCY_STAT: 69,
  PREMATURE_NCD_MORTALITY_STAT: 12,
  MYOPIA_RATE_STAT: 52,
};

/** Facility mix per street, by scale. */
export const SCALES = {
  district: { streets: 3, facilitiesPerStreet: 4 },
  city: { streets: 6, facilitiesPerStreet: 8 },
  province: { streets: 10, facilitiesPerStreet: 15 },
} as const;
export type Scale = keyof typeof SCALES;
export const SCALE_NAMES = Object.keys(SCALES) as [Scale, ...Scale[]];

/** The facility types a street gets, in order; the first streets also get the hospitals. */
export const FACILITY_TYPES = [
  '社区卫生服务中心',
  '社区卫生服务站',
  '综合医院',
  '社区卫生服务站',
  '妇幼保健院',
  '中医医院',
  '民营诊所',
  '社区卫生服务站',
];
