/**
 * Case report cards: create, correct and revoke (each a new version kept in history), list with
 * reporting timeliness, and identifiers stored apart and shown only to roles that may see them.
 * Every write is one transaction with its audit rows.
 */
import { type Kysely, sql } from 'kysely';
import { AppError, type CaseReportInput, type ErrorIssue, reportTimeliness } from '@weijian/core';
import type { DB } from '../../db/types';
import { actedAt, type Actor, writeAudit, writeAuditMany } from '../audit';
import { type DiseaseVersion, listDiseaseVersions, versionAt } from './diseases';

/** What validation needs: disease versions, known units with their paths, the caller's scope. */
export interface CaseContext {
  versions: DiseaseVersion[];
  units: Map<string, string>;
  scope: string;
}

/** Loads the validation context once (for one card or a whole file). */
export async function caseContext(db: Kysely<DB>, scope: string): Promise<CaseContext> {
  const units = await db.selectFrom('org_units').select(['code', 'path']).execute();
  return {
    versions: await listDiseaseVersions(db),
    units: new Map(units.map((u) => [u.code, u.path])),
    scope,
  };
}

const issue = (field: string, value: unknown, zh: string, en: string, row?: number): ErrorIssue => ({
  ...(row === undefined ? {} : { row }),
  field,
  value,
  message: { zh, en },
});

/** Every problem of one card, each naming its field (and row, for files). */
export function checkCase(ctx: CaseContext, c: CaseReportInput, row?: number): ErrorIssue[] {
  const out: ErrorIssue[] = [];
  const diagnosedDay = new Date(c.diagnosedAt).toISOString().slice(0, 10);
  if (!versionAt(ctx.versions, c.disease, diagnosedDay)) {
    out.push(
      issue(
        'disease',
        c.disease,
        `诊断日期 ${diagnosedDay} 时该病种不在法定传染病目录中`,
        `Not a notifiable disease on ${diagnosedDay}`,
        row
      )
    );
  }
  const reporting = ctx.units.get(c.reportingUnit);
  if (!reporting?.includes(`/${ctx.scope}/`)) {
    out.push(
      issue(
        'reportingUnit',
        c.reportingUnit,
        '报告单位不存在或不在您的范围内',
        'Unknown reporting unit or outside your scope',
        row
      )
    );
  }
  if (!ctx.units.has(c.residenceUnit)) {
    out.push(issue('residenceUnit', c.residenceUnit, '现住址所属单位不存在', 'Unknown residence unit', row));
  }
  if (diagnosedDay < c.onsetDate) {
    out.push(issue('diagnosedAt', c.diagnosedAt, '诊断时间早于发病日期', 'Diagnosis is before onset', row));
  }
  if (Date.parse(c.reportedAt) < Date.parse(c.diagnosedAt)) {
    out.push(issue('reportedAt', c.reportedAt, '报告时间早于诊断时间', 'Report is before diagnosis', row));
  }
  return out;
}

function refuse(issues: ErrorIssue[]): never {
  throw new AppError(
    'VALIDATION_FAILED',
    { zh: '报告卡有误，未保存任何内容', en: 'The report has errors; nothing was saved' },
    issues
  );
}

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

/** Card numbers are unique per reporting unit (each unit numbers its own cards). */
export const cardKey = (reportingUnit: string, cardNo: string): string => `${reportingUnit}\u0000${cardNo}`;

/** Inserts cards that have passed `checkCase`, 500 at a time, with history and audit rows; call inside a transaction. */
export async function insertCases(
  tx: Kysely<DB>,
  actor: Actor,
  cards: readonly CaseReportInput[],
  synthetic = false
): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < cards.length; i += 500) {
    const chunk = cards.slice(i, i + 500);
    const rows = await tx
      .insertInto('case_reports')
      .values(
        chunk.map((c) => ({
          card_no: c.cardNo,
          ...columns(c),
          synthetic,
          created_by: actor.name,
          updated_at: actedAt(actor),
        }))
      )
      .onConflict((oc) => oc.columns(['reporting_unit', 'card_no']).doNothing())
      .returning(['id', 'card_no', 'reporting_unit'])
      .execute();
    const idOf = new Map(rows.map((r) => [cardKey(r.reporting_unit, r.card_no), r.id]));
    const taken = chunk.filter((c) => !idOf.has(cardKey(c.reportingUnit, c.cardNo)));
    if (taken.length) {
      refuse(
        taken.map((c) =>
          issue('cardNo', c.cardNo, `卡片编号已存在：${c.cardNo}`, `Card number already exists: ${c.cardNo}`)
        )
      );
    }
    const withId = chunk.map((c) => ({ c, id: idOf.get(cardKey(c.reportingUnit, c.cardNo)) ?? 0 }));
    await tx
      .insertInto('case_report_history')
      .values(
        withId.map(({ c: { identifiers: _ids, ...data }, id }) => ({
          case_id: id,
          version: 1,
          action: 'create' as const,
          data: JSON.stringify(data),
          actor: actor.name,
          at: actedAt(actor),
        }))
      )
      .execute();
    const identified = withId.flatMap(({ c, id }) =>
      c.identifiers ? [{ case_id: id, ...identifierColumns(c.identifiers) }] : []
    );
    if (identified.length) await tx.insertInto('case_report_identifiers').values(identified).execute();
    await writeAuditMany(
      tx,
      actor,
      withId.map(({ c, id }) => ({
        action: 'create',
        entity: 'case_report',
        entityId: String(id),
        details: { cardNo: c.cardNo, disease: c.disease },
      }))
    );
    ids.push(...withId.map((w) => w.id));
  }
  return ids;
}

function identifierColumns(i: NonNullable<CaseReportInput['identifiers']>) {
  return {
    name: i.name ?? null,
    id_number: i.idNumber ?? null,
    phone: i.phone ?? null,
    address: i.address ?? null,
  };
}

/** Reports one card. */
export async function createCase(
  db: Kysely<DB>,
  actor: Actor,
  scope: string,
  input: CaseReportInput
): Promise<number> {
  const problems = checkCase(await caseContext(db, scope), input);
  if (problems.length) refuse(problems);
  const [id] = await db.transaction().execute((tx) => insertCases(tx, actor, [input]));
  return id ?? 0;
}

async function caseInScope(db: Kysely<DB>, scope: string, id: number) {
  const row = await db
    .selectFrom('case_reports as c')
    .innerJoin('org_units as r', 'r.code', 'c.reporting_unit')
    .select(['c.id', 'c.version', 'c.status', 'c.card_no', 'c.reporting_unit'])
    .where('c.id', '=', id)
    .where('r.path', 'like', `%/${scope}/%`)
    .executeTakeFirst();
  if (!row) {
    throw new AppError('NOT_FOUND', {
      zh: `报告卡不存在或不在您的范围内：${id}`,
      en: `No such case report in your scope: ${id}`,
    });
  }
  return row;
}

/** Corrects a card (订正): a new version, the previous one kept in history with the reason. */
export async function correctCase(
  db: Kysely<DB>,
  actor: Actor,
  scope: string,
  id: number,
  input: CaseReportInput,
  reason: string
): Promise<void> {
  const current = await caseInScope(db, scope, id);
  if (current.status === 'revoked') {
    throw new AppError('CONFLICT', {
      zh: '已删除的报告卡不能订正',
      en: 'A revoked card cannot be corrected',
    });
  }
  if (input.cardNo !== current.card_no) {
    refuse([
      issue('cardNo', input.cardNo, '订正不能修改卡片编号', 'A correction cannot change the card number'),
    ]);
  }
  const problems = checkCase(await caseContext(db, scope), input);
  if (problems.length) refuse(problems);
  if (input.reportingUnit !== current.reporting_unit) {
    const clash = await db
      .selectFrom('case_reports')
      .select('id')
      .where('reporting_unit', '=', input.reportingUnit)
      .where('card_no', '=', input.cardNo)
      .executeTakeFirst();
    if (clash) {
      refuse([
        issue(
          'cardNo',
          input.cardNo,
          '新报告单位已有相同编号的报告卡',
          'The new reporting unit already has a card with this number'
        ),
      ]);
    }
  }
  const { identifiers, ...data } = input;
  await db.transaction().execute(async (tx) => {
    const version = current.version + 1;
    if (identifiers) await recordIdentifierChange(tx, actor, id, version, identifiers, reason);
    await tx
      .updateTable('case_reports')
      .set({ ...columns(input), version, updated_at: actedAt(actor) })
      .where('id', '=', id)
      .execute();
    await tx
      .insertInto('case_report_history')
      .values({
        case_id: id,
        version,
        action: 'correct',
        data: JSON.stringify(data),
        reason,
        actor: actor.name,
        at: actedAt(actor),
      })
      .execute();
    if (identifiers) {
      await tx
        .insertInto('case_report_identifiers')
        .values({ case_id: id, ...identifierColumns(identifiers) })
        .onConflict((oc) => oc.column('case_id').doUpdateSet(identifierColumns(identifiers)))
        .execute();
    }
    await writeAudit(tx, actor, {
      action: 'correct',
      entity: 'case_report',
      entityId: String(id),
      details: { version, reason },
    });
  });
}

/** Revokes a card (删除/排除): it stops counting, and stays in history with the reason. */
export async function revokeCase(
  db: Kysely<DB>,
  actor: Actor,
  scope: string,
  id: number,
  reason: string
): Promise<void> {
  const current = await caseInScope(db, scope, id);
  if (current.status === 'revoked') return;
  await db.transaction().execute(async (tx) => {
    const version = current.version + 1;
    await tx
      .updateTable('case_reports')
      .set({ status: 'revoked', version, updated_at: actedAt(actor) })
      .where('id', '=', id)
      .execute();
    await tx
      .insertInto('case_report_history')
      .values({
        case_id: id,
        version,
        action: 'revoke',
        data: '{}',
        reason,
        actor: actor.name,
        at: actedAt(actor),
      })
      .execute();
    await writeAudit(tx, actor, {
      action: 'revoke',
      entity: 'case_report',
      entityId: String(id),
      details: { reason },
    });
  });
}

/** Filters of the case list. */
export interface CaseQuery {
  disease?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  includeRevoked?: boolean | undefined;
  limit?: number | undefined;
}

/** Cards reported within the scope, newest first, with timeliness; identifiers only when allowed. */
export async function listCases(db: Kysely<DB>, scope: string, q: CaseQuery, withIdentifiers: boolean) {
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
  const [rows, versions] = await Promise.all([query.execute(), listDiseaseVersions(db)]);
  return rows.map(({ person_name, id_number, phone, address, ...r }) => {
    const day = new Date(r.diagnosed_at).toISOString().slice(0, 10);
    const disease = versionAt(versions, r.disease_code, day);
    return {
      ...r,
      disease_name: disease?.name ?? r.disease_code,
      disease_name_en: disease?.name_en ?? r.disease_code,
      disease_class: disease?.class ?? null,
      timeliness: reportTimeliness(r.diagnosed_at, r.reported_at, disease?.report_limit_hours ?? 24),
      identifiers: withIdentifiers ? { name: person_name, idNumber: id_number, phone, address } : null,
    };
  });
}

type Identifiers = NonNullable<CaseReportInput['identifiers']>;

/**
 * Keep the old and new identifiers when a correction changes them (name, ID number, phone,
 * address), so a wrong merge or a typo can be traced; only roles that see identifiers see this.
 */
async function recordIdentifierChange(
  tx: Kysely<DB>,
  actor: Actor,
  caseId: number,
  version: number,
  next: Identifiers,
  reason: string
): Promise<void> {
  const old = await tx
    .selectFrom('case_report_identifiers')
    .select(['name', 'id_number', 'phone', 'address'])
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  const after = identifierColumns(next);
  const before = old ?? null;
  const same =
    before !== null && (Object.keys(after) as (keyof typeof after)[]).every((k) => before[k] === after[k]);
  if (same) return;
  await tx
    .insertInto('case_identifier_history')
    .values({
      case_id: caseId,
      version,
      old_value: before ? JSON.stringify(before) : null,
      new_value: JSON.stringify(after),
      reason,
      actor: actor.name,
    })
    .execute();
}

/**
 * Every version of a card, oldest first. For roles that may see identifiers, a correction that
 * changed them carries the identifiers before and after.
 */
export async function caseHistory(db: Kysely<DB>, scope: string, id: number, withIdentifiers = false) {
  await caseInScope(db, scope, id);
  const versions = await db
    .selectFrom('case_report_history')
    .select(['version', 'action', 'data', 'reason', 'actor', 'at'])
    .where('case_id', '=', id)
    .orderBy('version')
    .execute();
  if (!withIdentifiers) return versions;
  const changes = await db
    .selectFrom('case_identifier_history')
    .select(['version', 'old_value', 'new_value'])
    .where('case_id', '=', id)
    .execute();
  const byVersion = new Map(changes.map((c) => [c.version, c]));
  return versions.map((v) => {
    const change = byVersion.get(v.version);
    return change ? { ...v, identifierChange: { before: change.old_value, after: change.new_value } } : v;
  });
}
