/**
 * SQL for case report cards: the current version (case_reports), every version
 * (case_report_history), the identifiers kept apart (case_report_identifiers) and their changes
 * (case_identifier_history). Rows leave in camelCase; JSON columns are checked with their schemas.
 */
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import {
  caseHistoryDataSchema,
  type CaseHistoryEntry,
  type CaseIdentifiersView,
  type CaseReportInput,
  type CaseRow,
} from '@weijian/core';
import type { DB } from '../../../db/types';
import { parseColumn } from '../../../db/json-column';

type Identifiers = NonNullable<CaseReportInput['identifiers']>;

/** The case_reports columns of a card (everything but its number and bookkeeping). */
function columns(c: CaseReportInput) {
  return {
    disease_code: c.disease,
    case_type: c.caseType,
    onset_date: c.onsetDate,
    diagnosed_at: c.diagnosedAt,
    reported_at: c.reportedAt,
    reporting_unit: c.reportingUnit,
    residence_unit: c.residenceUnit,
    sex: c.sex ?? null,
    age_years: c.age ?? null,
    occupation: c.occupation ?? null,
  };
}

function identifierColumns(i: Identifiers) {
  return {
    name: i.name ?? null,
    id_number: i.idNumber ?? null,
    phone: i.phone ?? null,
    address: i.address ?? null,
  };
}

/** Who writes, when, and whether it is demo data. */
export interface Writer {
  name: string;
  at: Date;
}

/**
 * Insert new cards (a unit's card number not taken yet); cards whose number is taken are skipped.
 * @returns the ids by card, for the cards inserted
 */
export async function insertCaseRows(
  db: Kysely<DB>,
  cards: readonly CaseReportInput[],
  by: Writer & { synthetic: boolean }
): Promise<{ id: number; cardNo: string; reportingUnit: string }[]> {
  const rows = await db
    .insertInto('case_reports')
    .values(
      cards.map((c) => ({
        card_no: c.cardNo,
        ...columns(c),
        synthetic: by.synthetic,
        created_by: by.name,
        updated_at: by.at,
      }))
    )
    .onConflict((oc) => oc.columns(['reporting_unit', 'card_no']).doNothing())
    .returning(['id', 'card_no', 'reporting_unit'])
    .execute();
  return rows.map((r) => ({ id: r.id, cardNo: r.card_no, reportingUnit: r.reporting_unit }));
}

/** Record versions of cards: what each version says (without identifiers), why, who and when. */
export async function insertHistory(
  db: Kysely<DB>,
  versions: readonly {
    caseId: number;
    version: number;
    action: 'create' | 'correct' | 'revoke';
    data: Record<string, unknown>;
    reason?: string;
  }[],
  by: Writer
): Promise<void> {
  if (versions.length === 0) return;
  await db
    .insertInto('case_report_history')
    .values(
      versions.map((v) => ({
        case_id: v.caseId,
        version: v.version,
        action: v.action,
        data: JSON.stringify(v.data),
        ...(v.reason !== undefined ? { reason: v.reason } : {}),
        actor: by.name,
        at: by.at,
      }))
    )
    .execute();
}

/** Store (or replace) the identifiers of cards. */
export async function upsertIdentifiers(
  db: Kysely<DB>,
  rows: readonly { caseId: number; identifiers: Identifiers }[]
): Promise<void> {
  for (const r of rows) {
    const values = identifierColumns(r.identifiers);
    await db
      .insertInto('case_report_identifiers')
      .values({ case_id: r.caseId, ...values })
      .onConflict((oc) => oc.column('case_id').doUpdateSet(values))
      .execute();
  }
}

/** Insert the identifiers of new cards in one statement. */
export async function insertIdentifiers(
  db: Kysely<DB>,
  rows: readonly { caseId: number; identifiers: Identifiers }[]
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('case_report_identifiers')
    .values(rows.map((r) => ({ case_id: r.caseId, ...identifierColumns(r.identifiers) })))
    .execute();
}

/** A card whose reporting unit lies within a scope. */
export async function caseInScope(
  db: Kysely<DB>,
  scope: string,
  id: number
): Promise<
  | { id: number; version: number; status: 'active' | 'revoked'; cardNo: string; reportingUnit: string }
  | undefined
> {
  const row = await db
    .selectFrom('case_reports as c')
    .innerJoin('org_units as r', 'r.code', 'c.reporting_unit')
    .select(['c.id', 'c.version', 'c.status', 'c.card_no', 'c.reporting_unit'])
    .where('c.id', '=', id)
    .where('r.path', 'like', `%/${scope}/%`)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        version: row.version,
        status: row.status,
        cardNo: row.card_no,
        reportingUnit: row.reporting_unit,
      }
    : undefined;
}

/** Whether a reporting unit already has a card with this number. */
export async function cardTaken(db: Kysely<DB>, reportingUnit: string, cardNo: string): Promise<boolean> {
  const row = await db
    .selectFrom('case_reports')
    .select('id')
    .where('reporting_unit', '=', reportingUnit)
    .where('card_no', '=', cardNo)
    .executeTakeFirst();
  return row !== undefined;
}

/** Cards with any of these numbers (whatever their unit): number and reporting unit. */
export async function cardsNumbered(
  db: Kysely<DB>,
  cardNos: readonly string[]
): Promise<{ cardNo: string; reportingUnit: string }[]> {
  if (cardNos.length === 0) return [];
  const rows = await db
    .selectFrom('case_reports')
    .select(['card_no', 'reporting_unit'])
    .where('card_no', 'in', [...cardNos])
    .execute();
  return rows.map((r) => ({ cardNo: r.card_no, reportingUnit: r.reporting_unit }));
}

/** Replace a card's content with a correction as a new version. */
export async function updateCase(
  db: Kysely<DB>,
  id: number,
  card: CaseReportInput,
  version: number,
  at: Date
): Promise<void> {
  await db
    .updateTable('case_reports')
    .set({ ...columns(card), version, updated_at: at })
    .where('id', '=', id)
    .execute();
}

/** Mark a card revoked as a new version. */
export async function revokeCaseRow(db: Kysely<DB>, id: number, version: number, at: Date): Promise<void> {
  await db
    .updateTable('case_reports')
    .set({ status: 'revoked', version, updated_at: at })
    .where('id', '=', id)
    .execute();
}

/** The identifiers stored for a card, if any. */
export async function identifiersOf(
  db: Kysely<DB>,
  caseId: number
): Promise<CaseIdentifiersView | undefined> {
  const row = await db
    .selectFrom('case_report_identifiers')
    .select(['name', 'id_number', 'phone', 'address'])
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  return row
    ? { name: row.name, idNumber: row.id_number, phone: row.phone, address: row.address }
    : undefined;
}

/** Identifiers as case_identifier_history stores them (the columns of case_report_identifiers). */
const storedIdentifiersSchema = z.object({
  name: z.string().nullable(),
  id_number: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
});

const toStored = (i: CaseIdentifiersView): z.infer<typeof storedIdentifiersSchema> => ({
  name: i.name,
  id_number: i.idNumber,
  phone: i.phone,
  address: i.address,
});

/** Keep a change of a card's identifiers (before and after) with the correction's version and reason. */
export async function insertIdentifierChange(
  db: Kysely<DB>,
  change: {
    caseId: number;
    version: number;
    before: CaseIdentifiersView | null;
    after: CaseIdentifiersView;
    reason: string;
    actor: string;
  }
): Promise<void> {
  await db
    .insertInto('case_identifier_history')
    .values({
      case_id: change.caseId,
      version: change.version,
      old_value: change.before ? JSON.stringify(toStored(change.before)) : null,
      new_value: JSON.stringify(toStored(change.after)),
      reason: change.reason,
      actor: change.actor,
    })
    .execute();
}

/** Every version of a card, oldest first; what each stored is checked with its schema. */
export async function caseVersions(db: Kysely<DB>, caseId: number): Promise<CaseHistoryEntry[]> {
  const rows = await db
    .selectFrom('case_report_history')
    .select(['id', 'version', 'action', 'data', 'reason', 'actor', 'at'])
    .where('case_id', '=', caseId)
    .orderBy('version')
    .execute();
  return rows.map((v) => ({
    version: v.version,
    action: v.action,
    data: parseColumn(caseHistoryDataSchema, v.data, {
      table: 'case_report_history',
      column: 'data',
      row: v.id,
    }),
    reason: v.reason,
    actor: v.actor,
    at: new Date(v.at).toISOString(),
  }));
}

/** The identifier changes of a card, by the version of the correction that made them. */
export async function identifierChanges(
  db: Kysely<DB>,
  caseId: number
): Promise<Map<number, { before: CaseIdentifiersView | null; after: CaseIdentifiersView }>> {
  const rows = await db
    .selectFrom('case_identifier_history')
    .select(['id', 'version', 'old_value', 'new_value'])
    .where('case_id', '=', caseId)
    .execute();
  const read = (value: unknown, id: number, column: string): CaseIdentifiersView => {
    const s = parseColumn(storedIdentifiersSchema, value, {
      table: 'case_identifier_history',
      column,
      row: id,
    });
    return { name: s.name, idNumber: s.id_number, phone: s.phone, address: s.address };
  };
  return new Map(
    rows.map((c) => [
      c.version,
      {
        before: c.old_value === null ? null : read(c.old_value, c.id, 'old_value'),
        after: read(c.new_value, c.id, 'new_value'),
      },
    ])
  );
}

/** A card in the list as stored: what the service adds (disease name and class, timeliness) is left out. */
export type CaseListRow = Omit<CaseRow, 'diseaseName' | 'diseaseClass' | 'timeliness' | 'identifiers'> & {
  identifiers: CaseIdentifiersView;
};

/** Cards reported within a scope, newest first, filtered. */
export async function listCaseRows(
  db: Kysely<DB>,
  scope: string,
  q: {
    disease?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    includeRevoked?: boolean | undefined;
    limit?: number | undefined;
  }
): Promise<CaseListRow[]> {
  let query = db
    .selectFrom('case_reports as c')
    .innerJoin('org_units as r', 'r.code', 'c.reporting_unit')
    .innerJoin('org_units as h', 'h.code', 'c.residence_unit')
    .leftJoin('case_report_identifiers as i', 'i.case_id', 'c.id')
    .select([
      'c.id',
      'c.card_no',
      'c.disease_code',
      'c.case_type',
      sql<string>`c.onset_date::text`.as('onset_date'),
      'c.diagnosed_at',
      'c.reported_at',
      'c.reporting_unit',
      'r.name as reporting_unit_name',
      'c.residence_unit',
      'h.name as residence_unit_name',
      'c.sex',
      'c.age_years',
      'c.occupation',
      'c.status',
      'c.version',
      'c.synthetic',
      'i.name as person_name',
      'i.id_number',
      'i.phone',
      'i.address',
    ])
    .where('r.path', 'like', `%/${scope}/%`)
    .orderBy('c.reported_at', 'desc')
    .limit(q.limit ?? 500);
  if (q.disease) query = query.where('c.disease_code', '=', q.disease);
  if (q.from) query = query.where('c.onset_date', '>=', q.from);
  if (q.to) query = query.where('c.onset_date', '<=', q.to);
  if (!q.includeRevoked) query = query.where('c.status', '=', 'active');
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    cardNo: r.card_no,
    diseaseCode: r.disease_code,
    caseType: r.case_type,
    onsetDate: r.onset_date,
    diagnosedAt: new Date(r.diagnosed_at).toISOString(),
    reportedAt: new Date(r.reported_at).toISOString(),
    reportingUnit: r.reporting_unit,
    reportingUnitName: r.reporting_unit_name,
    residenceUnit: r.residence_unit,
    residenceUnitName: r.residence_unit_name,
    sex: r.sex,
    ageYears: r.age_years,
    occupation: r.occupation,
    status: r.status,
    version: r.version,
    synthetic: r.synthetic,
    identifiers: { name: r.person_name, idNumber: r.id_number, phone: r.phone, address: r.address },
  }));
}
