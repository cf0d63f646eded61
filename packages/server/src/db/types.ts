/**
 * Kysely table types. They mirror migrations/*.sql; a test checks that every table named here
 * exists after migration.
 */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { Milestone } from '@weijian/core';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T extends object | null = object> = JSONColumnType<T>;

export interface OrgUnitTable {
  code: string;
  name: string;
  name_en: string | null;
  level: string;
  parent_code: string | null;
  path: string;
  facility_type: string | null;
  ownership: string | null;
  valid_from: ColumnType<Date | null, string | null | undefined, string | null>;
  valid_to: ColumnType<Date | null, string | null | undefined, string | null>;
  level_rank: number | null;
  grade: string | null;
  synthetic: Generated<boolean>;
  created_at: Timestamp;
}

export interface OrgUnitParentTable {
  code: string;
  parent_code: string;
  valid_from: ColumnType<Date, string | undefined, string>;
  valid_to: ColumnType<Date | null, string | null | undefined, string | null>;
  applied: Generated<boolean>;
}

export interface DataElementTable {
  code: string;
  name_zh: string;
  name_en: string;
  value_type: string;
  aggregation_type: string;
  period_type: string;
  source: string;
}

export interface DataSetTable {
  code: string;
  name_zh: string;
  name_en: string;
  period_type: string;
  due_days: number;
  reporters: Json<{ levels: string[]; facilityTypes?: string[] }>;
}

export interface DataSetElementTable {
  data_set: string;
  element: string;
  position: number;
}

export interface DataValueTable {
  element: string;
  org_unit: string;
  period: string;
  period_start: ColumnType<Date, string, string>;
  disagg: string;
  value: number;
  source: string;
  comment: string | null;
  followup: Generated<boolean>;
  synthetic: Generated<boolean>;
  stored_by: string;
  stored_at: Timestamp;
}

export interface DataValueAuditTable {
  id: Generated<number>;
  element: string;
  org_unit: string;
  period: string;
  disagg: string;
  old_value: number | null;
  new_value: number | null;
  action: string;
  actor: string;
  at: Timestamp;
}

export interface AggValueTable {
  element: string;
  org_unit: string;
  period: string;
  period_start: ColumnType<Date, string, string>;
  value: number;
  n: number;
  own: boolean;
  synthetic_n: Generated<number>;
  own_value: Generated<number>;
  own_n: Generated<number>;
  own_syn: Generated<number>;
  child_value: Generated<number>;
  child_n: Generated<number>;
  child_syn: Generated<number>;
}

export interface ApprovalTable {
  data_set: string;
  org_unit: string;
  period: string;
  approved_by: string;
  approved_at: Timestamp;
}

export interface ReportSubmissionTable {
  data_set: string;
  org_unit: string;
  period: string;
  submitted_by: string;
  submitted_at: Timestamp;
}

export interface NotificationTable {
  id: Generated<number>;
  user_id: number;
  kind: string;
  dedup_key: string;
  title_zh: string;
  title_en: string;
  link: string;
  synthetic: Generated<boolean>;
  created_at: Timestamp;
  read_at: Timestamp | null;
}

export interface NotificationPreferenceTable {
  user_id: number;
  kind: string;
  enabled: boolean;
}

export interface ValidationResultTable {
  id: Generated<number>;
  rule: string;
  org_unit: string;
  period: string;
  left_value: number | null;
  right_value: number | null;
  found_at: Timestamp;
}

export interface UserTable {
  id: Generated<number>;
  username: string;
  display_name: string | null;
  password_hash: string;
  role: 'admin' | 'planner' | 'clerk' | 'viewer' | 'epidemiologist' | 'doctor' | 'emergency';
  org_unit_code: string;
  disabled: Generated<boolean>;
  created_at: Timestamp;
  must_change_password: Generated<boolean>;
  password_changed_at: Date | null;
}

export interface SessionTable {
  id: string;
  user_id: number;
  created_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}
export interface LoginThrottleTable {
  key: string;
  failures: number;
  last_failure_at: Date;
  locked_until: Date | null;
}
export interface CaseIdentifierHistoryTable {
  id: Generated<number>;
  case_id: number;
  version: number;
  old_value: ColumnType<unknown, string | null, string | null>;
  new_value: ColumnType<unknown, string, string>;
  reason: string | null;
  actor: string;
  at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  user_id: number | null;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  details: Json<Record<string, unknown>>;
}

export interface PlanTable {
  id: string;
  title: string;
  title_en: string | null;
  region_code: string;
  period_start: number;
  period_end: number;
  base_year: number;
  kind: 'plan' | 'review';
  parent_id: string | null;
  successor_id: string | null;
  schedule_method: string;
  source: Json<Record<string, unknown>>;
  content_hash: string;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PlanVersionTable {
  plan_id: string;
  version: number;
  content: Json;
  content_hash: string;
  created_at: Timestamp;
  created_by: string;
}

export interface PlanRowTable {
  plan_id: string;
  key: string;
  position: number;
  origin: string;
  table_title: string | null;
  seq: string | null;
  category: string | null;
  name: string;
  name_en: string | null;
  unit: string | null;
  scope: string | null;
  indicator_code: string | null;
  attribute: string | null;
  baseline: Json | null;
  history: Json | null;
  actual: Json | null;
  status_as_written: string | null;
  quote: string;
  text_quotes: Json | null;
  section: string | null;
  note: string | null;
}

export interface PlanTargetTable {
  plan_id: string;
  row_key: string;
  position: number;
  year: number;
  level: string;
  raw: string;
  year_stated: boolean;
  parsed: Json;
}

export interface PlanProjectTable {
  plan_id: string;
  key: string;
  position: number;
  name: string;
  category: string | null;
  status: string | null;
  data: Json<Record<string, unknown>>;
}

export interface MigrationTable {
  name: string;
  applied_at: Timestamp;
}

export interface DB {
  org_units: OrgUnitTable;
  users: UserTable;
  sessions: SessionTable;
  login_throttle: LoginThrottleTable;
  case_identifier_history: CaseIdentifierHistoryTable;
  audit_log: AuditLogTable;
  plans: PlanTable;
  plan_versions: PlanVersionTable;
  plan_rows: PlanRowTable;
  plan_targets: PlanTargetTable;
  plan_projects: PlanProjectTable;
  schema_migrations: MigrationTable;
  org_unit_parents: OrgUnitParentTable;
  data_elements: DataElementTable;
  data_sets: DataSetTable;
  data_set_elements: DataSetElementTable;
  data_values: DataValueTable;
  data_value_audit: DataValueAuditTable;
  agg_values: AggValueTable;
  approvals: ApprovalTable;
  report_submissions: ReportSubmissionTable;
  notifications: NotificationTable;
  notification_preferences: NotificationPreferenceTable;
  validation_results: ValidationResultTable;
  plan_tasks: PlanTaskTable;
  project_progress: ProjectProgressTable;
  notifiable_diseases: NotifiableDiseaseTable;
  case_reports: CaseReportTable;
  case_report_history: CaseReportHistoryTable;
  case_report_identifiers: CaseReportIdentifierTable;
  syndromic_counts: SyndromicCountTable;
  signals: SignalTable;
  signal_events: SignalEventTable;
  jobs: JobTable;
  households: HouseholdTable;
  residents: ResidentTable;
  resident_identifiers: ResidentIdentifierTable;
  resident_blocking: ResidentBlockingTable;
  health_records: HealthRecordTable;
  health_record_transfers: HealthRecordTransferTable;
  match_candidates: MatchCandidateTable;
  resident_merges: ResidentMergeTable;
  record_reads: RecordReadTable;
  fd_teams: FdTeamTable;
  fd_team_members: FdTeamMemberTable;
  fd_contracts: FdContractTable;
  programme_enrolments: ProgrammeEnrolmentTable;
  programme_events: ProgrammeEventTable;
  programme_memberships: ProgrammeMembershipTable;
  immunizations: ImmunizationTable;
  immunization_memberships: ImmunizationMembershipTable;
  referrals: ReferralTable;
  referral_memberships: ReferralMembershipTable;
  programme_due: ProgrammeDueTable;
  emergency_events: EmergencyEventTable;
  emergency_event_steps: EmergencyEventStepTable;
  emergency_event_cases: EmergencyEventCaseTable;
  emergency_teams: EmergencyTeamTable;
  emergency_team_members: EmergencyTeamMemberTable;
  emergency_team_equipment: EmergencyTeamEquipmentTable;
  emergency_drills: EmergencyDrillTable;
  emergency_experts: EmergencyExpertTable;
  emergency_tasks: EmergencyTaskTable;
  reserve_holders: ReserveHolderTable;
  reserve_lots: ReserveLotTable;
  reserve_movements: ReserveMovementTable;
}

/** A long piece of work and how far it has got (migrations/009_jobs.sql). */
export interface JobTable {
  id: Generated<number>;
  kind: string;
  status: 'running' | 'succeeded' | 'failed';
  phase: string | null;
  done: Generated<number>;
  total: number | null;
  result: Json<Record<string, unknown>> | null;
  error: Json<Record<string, unknown>> | null;
  created_by: string;
  user_id: number | null;
  scope: string | null;
  started_at: Timestamp;
  updated_at: Timestamp;
  finished_at: Timestamp | null;
}

/** Dates travel as ISO strings (the connection maps date columns to text). */
type Day = ColumnType<string, string, string>;

export interface NotifiableDiseaseTable {
  code: string;
  effective_from: Day;
  effective_to: Day | null;
  name: string;
  name_en: string;
  class: 'A' | 'B' | 'C' | 'other';
  managed_as_a: boolean;
  single_case_alert: boolean;
  report_limit_hours: number;
  syndrome_group: string;
  replaced_by: string | null;
  basis: string | null;
}

export interface CaseReportTable {
  id: Generated<number>;
  card_no: string;
  disease_code: string;
  case_type: 'confirmed' | 'clinical' | 'suspected' | 'carrier';
  onset_date: Day;
  diagnosed_at: Timestamp;
  reported_at: Timestamp;
  reporting_unit: string;
  residence_unit: string;
  sex: 'M' | 'F' | null;
  age_years: number | null;
  occupation: string | null;
  status: ColumnType<'active' | 'revoked', 'active' | 'revoked' | undefined, 'active' | 'revoked'>;
  version: ColumnType<number, number | undefined, number>;
  synthetic: ColumnType<boolean, boolean | undefined, boolean>;
  created_by: string;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface CaseReportHistoryTable {
  id: Generated<number>;
  case_id: number;
  version: number;
  action: 'create' | 'correct' | 'revoke';
  data: JSONColumnType<Record<string, unknown>>;
  reason: string | null;
  actor: string;
  at: ColumnType<Date, Date | string | undefined, never>;
}

export interface CaseReportIdentifierTable {
  case_id: number;
  name: string | null;
  id_number: string | null;
  phone: string | null;
  address: string | null;
}

export interface SyndromicCountTable {
  site_unit: string;
  syndrome: string;
  day: Day;
  count: number;
  synthetic: ColumnType<boolean, boolean | undefined, boolean>;
  updated_by: string;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface SignalTable {
  id: Generated<number>;
  unit_code: string;
  syndrome_group: string;
  topic: string;
  signal_date: Day;
  level: 'single' | 'spatial' | 'corroborated';
  escalated: boolean;
  algorithm: string;
  observed: number;
  expected: number | null;
  upperbound: number | null;
  p_value: number | null;
  q_value: number | null;
  evidence: JSONColumnType<unknown[]>;
  status: ColumnType<SignalStatus, SignalStatus | undefined, SignalStatus>;
  outcome: SignalOutcome | null;
  synthetic: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export type SignalStatus = 'new' | 'monitor' | 'discarded' | 'escalated' | 'investigating' | 'closed';
export type SignalOutcome = 'outbreak' | 'sporadic' | 'false_alarm' | 'data_error';

export interface SignalEventTable {
  id: Generated<number>;
  signal_id: number;
  from_status: string;
  to_status: string;
  outcome: string | null;
  note: string | null;
  actor: string;
  at: ColumnType<Date, Date | string | undefined, never>;
}

export interface PlanTaskTable {
  id: Generated<number>;
  plan_id: string;
  row_key: string | null;
  title: string;
  department: string;
  due_year: number;
  status: 'not_started' | 'in_progress' | 'done';
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProjectProgressTable {
  plan_id: string;
  project_key: string;
  status: 'planned' | 'started' | 'continuing' | 'completed';
  actual_investment_yi: number | null;
  beds_delivered: number | null;
  floor_area_delivered: number | null;
  milestones: JSONColumnType<Milestone[]>;
  updated_by: string;
  updated_at: Timestamp;
}

/** Identities of the resident platform (integer, as everywhere). */
type Id = Generated<number>;

/** migrations/010_residents.sql */
export interface HouseholdTable {
  id: Id;
  address_unit: string;
  address_sealed: string | null;
  synthetic: Generated<boolean>;
  created_at: Timestamp;
}

export interface ResidentTable {
  id: Id;
  sex: 'M' | 'F' | 'U';
  birth_date: Day;
  death_date: Day | null;
  home_unit: string;
  household_id: number | null;
  status: Generated<'active' | 'merged' | 'moved_away'>;
  merged_into: number | null;
  name_sealed: string;
  name_lookup: string;
  phone_sealed: string | null;
  phone_lookup: string | null;
  address_sealed: string | null;
  tags: Generated<string[]>;
  synthetic: Generated<boolean>;
  version: Generated<number>;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ResidentIdentifierTable {
  id: Id;
  resident_id: number;
  kind:
    | 'resident_id'
    | 'passport'
    | 'hk_macau_pass'
    | 'taiwan_pass'
    | 'hmt_residence'
    | 'foreign_permanent'
    | 'newborn_key';
  value_sealed: string;
  value_lookup: string;
  is_primary: Generated<boolean>;
  active: Generated<boolean>;
  created_at: Timestamp;
}

export interface ResidentBlockingTable {
  resident_id: number;
  key_hash: string;
}

export interface HealthRecordTable {
  resident_id: number;
  owner_unit: string;
  opened_on: Day;
  basic: Json<Record<string, unknown>>;
  version: Generated<number>;
  updated_by: string;
  updated_at: Timestamp;
}

export interface HealthRecordTransferTable {
  id: Id;
  resident_id: number;
  from_unit: string;
  to_unit: string;
  reason: string;
  actor: string;
  at: Timestamp;
}

export interface MatchCandidateTable {
  id: Id;
  a_id: number;
  b_id: number;
  score: number;
  reasons: Json<unknown[]>;
  status: Generated<'open' | 'merged' | 'distinct'>;
  decided_by: string | null;
  decided_at: Timestamp | null;
  created_at: Timestamp;
}

export interface ResidentMergeTable {
  id: Id;
  survivor_id: number;
  merged_id: number;
  reason: string;
  moved: Json<Record<string, unknown>>;
  actor: string;
  at: Timestamp;
  undone_by: string | null;
  undone_at: Timestamp | null;
}

export interface RecordReadTable {
  id: Id;
  user_id: number | null;
  actor: string;
  resident_id: number;
  purpose: string;
  break_glass: Generated<boolean>;
  reviewed_by: string | null;
  reviewed_at: Timestamp | null;
  at: Timestamp;
}

/** migrations/011_programmes.sql */
export interface FdTeamTable {
  id: Id;
  code: string;
  name: string;
  facility_unit: string;
  active: Generated<boolean>;
  synthetic: Generated<boolean>;
  created_at: Timestamp;
}

export interface FdTeamMemberTable {
  id: Id;
  team_id: number;
  name: string;
  role: 'gp' | 'nurse' | 'public_health' | 'specialist' | 'other';
  user_id: number | null;
  is_lead: Generated<boolean>;
}

export interface FdContractTable {
  id: Id;
  resident_id: number;
  team_id: number;
  facility_unit: string;
  package: string;
  start_date: Day;
  end_date: Day;
  status: 'signed' | 'renewed' | 'ended';
  end_reason: string | null;
  renewed_from: number | null;
  signed_by: string;
  signed_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProgrammeEnrolmentTable {
  id: Id;
  resident_id: number;
  programme: string;
  start_date: Day;
  end_date: Day | null;
  end_reason: string | null;
  owner_unit: string;
  episode: string | null;
  created_by: string;
  created_at: Timestamp;
}

export interface ProgrammeEventTable {
  id: Id;
  resident_id: number;
  programme: string;
  type: string;
  date: Day;
  fields: Json<Record<string, unknown>>;
  facility_unit: string;
  episode: string | null;
  voided: Generated<boolean>;
  void_reason: string | null;
  version: Generated<number>;
  recorded_by: string;
  recorded_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProgrammeMembershipTable {
  resident_id: number;
  programme: string;
  element: string;
  org_unit: string;
  period: string;
  /** migrations/013: how many times the resident counts in the cell (two deliveries in a month). */
  n: Generated<number>;
}

/** migrations/013_programme_due.sql */
export interface ProgrammeDueTable {
  resident_id: number;
  programme: string;
  item: string;
  item_name_zh: string;
  item_name_en: string;
  due_date: Day;
  owner_unit: string;
  synthetic: Generated<boolean>;
  computed_on: Day;
}

/** migrations/017_immunization_referrals.sql */
export interface ImmunizationTable {
  id: Id;
  resident_id: number;
  vaccine: string;
  dose: number;
  date: Day;
  manufacturer: string;
  lot: string;
  lot_norm: string;
  expiry: Day | null;
  site: string;
  clinic_unit: string;
  programme: boolean;
  voided: Generated<boolean>;
  void_reason: string | null;
  voided_by: string | null;
  voided_at: Timestamp | null;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface ImmunizationMembershipTable {
  resident_id: number;
  element: string;
  org_unit: string;
  period: string;
}

export interface ReferralTable {
  id: Id;
  resident_id: number;
  direction: 'up' | 'down';
  from_unit: string;
  to_unit: string;
  reason: string;
  diagnosis: string | null;
  discharge_plan: Json<Record<string, unknown>> | null;
  status: 'sent' | 'accepted' | 'declined' | 'completed';
  decline_reason: string | null;
  sent_by: string;
  sent_at: Timestamp;
  accepted_by: string | null;
  accepted_at: Timestamp | null;
  declined_by: string | null;
  declined_at: Timestamp | null;
  completed_by: string | null;
  completed_at: Timestamp | null;
  outcome: string | null;
}

export interface ReferralMembershipTable {
  referral_id: number;
  element: string;
  org_unit: string;
  period: string;
}

/** A public-health event (migrations/015_emergencies.sql). */
export interface EmergencyEventTable {
  id: Generated<number>;
  title: string;
  kind: string;
  unit_code: string;
  disease_code: string | null;
  signal_id: number | null;
  status: ColumnType<string, string | undefined, string>;
  grade: string | null;
  criterion: string | null;
  response_level: string | null;
  description: string | null;
  summary: string | null;
  evidence: JSONColumnType<unknown[], string | undefined>;
  discovered_at: Timestamp;
  opened_by: string;
  opened_at: Timestamp;
  synthetic: ColumnType<boolean, boolean | undefined, boolean>;
}

/** One step on an event's timeline. */
export interface EmergencyEventStepTable {
  id: Generated<number>;
  event_id: number;
  step: string;
  from_status: string | null;
  to_status: string | null;
  note: string | null;
  details: JSONColumnType<Record<string, unknown>, string | undefined>;
  actor: string;
  at: Timestamp;
}

export interface EmergencyEventCaseTable {
  event_id: number;
  case_id: number;
}

export interface EmergencyTeamTable {
  id: Generated<number>;
  name: string;
  category: string;
  level: string;
  unit_code: string;
  synthetic: ColumnType<boolean, boolean | undefined, boolean>;
  created_by: string;
}

export interface EmergencyTeamMemberTable {
  id: Generated<number>;
  team_id: number;
  name: string;
  role: string;
  phone: string | null;
  trained_on: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface EmergencyTeamEquipmentTable {
  team_id: number;
  item: string;
  held: number;
}

export interface EmergencyDrillTable {
  id: Generated<number>;
  team_id: number;
  held_on: Day;
  kind: string;
  participants: number;
  findings: string | null;
  recorded_by: string;
}

export interface EmergencyExpertTable {
  id: Generated<number>;
  name: string;
  speciality: string;
  unit_code: string;
  title: string | null;
  phone: string | null;
  synthetic: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface EmergencyTaskTable {
  id: Generated<number>;
  event_id: number;
  title: string;
  team_id: number | null;
  unit_code: string | null;
  due_at: Timestamp;
  status: ColumnType<string, string | undefined, string>;
  assigned_by: string;
  assigned_at: Timestamp;
  done_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface ReserveHolderTable {
  code: string;
  name: string;
  kind: string;
  level: string;
  unit_code: string;
  population: number | null;
  beds: number | null;
  capacity: ColumnType<boolean, boolean | undefined, boolean>;
  synthetic: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface ReserveLotTable {
  id: Generated<number>;
  holder_code: string;
  item: string;
  lot_no: string;
  quantity: number;
  expires_on: ColumnType<string | null, string | null | undefined, string | null>;
  synthetic: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface ReserveMovementTable {
  id: Generated<number>;
  kind: 'receipt' | 'issue' | 'transfer_out' | 'transfer_in' | 'rotation';
  lot_id: number;
  quantity: number;
  event_id: number | null;
  note: string | null;
  actor: string;
  at: Timestamp;
}
