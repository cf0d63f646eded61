/**
 * Case report cards: create, correct and revoke (each a new version kept in history), list with
 * reporting timeliness, and identifiers stored apart and shown only to roles that may see them.
 * Every write is one transaction with its audit rows.
 */
import {
  AppError,
  reportTimeliness,
  type CaseHistoryEntry,
  type CaseReportInput,
  type CaseRow,
  type ErrorIssue,
} from '@weijian/core';
import type { Db } from '../../db/connection';
import { actedAt, type Actor, writeAudit, writeAuditMany } from '../audit';
import { unitPaths } from '../orgunits';
import { type DiseaseVersion, listDiseaseVersions, versionAt } from './diseases';
import * as repo from './repository/cases';

/** What validation needs: disease versions, known units with their paths, the caller's scope. */
export interface CaseContext {
  versions: DiseaseVersion[];
  units: Map<string, string>;
  scope: string;
}

/** Loads the validation context once (for one card or a whole file). */
export async function caseContext(db: Db, scope: string): Promise<CaseContext> {
  const units = await unitPaths(db, null);
  return { versions: await listDiseaseVersions(db), units, scope };
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

/** Card numbers are unique per reporting unit (each unit numbers its own cards). */
export const cardKey = (reportingUnit: string, cardNo: string): string => `${reportingUnit}\u0000${cardNo}`;

/** Inserts cards that have passed `checkCase`, 500 at a time, with history and audit rows; call inside a transaction. */
export async function insertCases(
  tx: Db,
  actor: Actor,
  cards: readonly CaseReportInput[],
  synthetic = false
): Promise<number[]> {
  const ids: number[] = [];
  const by = { name: actor.name, at: actedAt(actor) };
  for (let i = 0; i < cards.length; i += 500) {
    const chunk = cards.slice(i, i + 500);
    const rows = await repo.insertCaseRows(tx, chunk, { ...by, synthetic });
    const idOf = new Map(rows.map((r) => [cardKey(r.reportingUnit, r.cardNo), r.id]));
    const taken = chunk.filter((c) => !idOf.has(cardKey(c.reportingUnit, c.cardNo)));
    if (taken.length) {
      refuse(
        taken.map((c) =>
          issue('cardNo', c.cardNo, `卡片编号已存在：${c.cardNo}`, `Card number already exists: ${c.cardNo}`)
        )
      );
    }
    const withId = chunk.map((c) => ({ c, id: idOf.get(cardKey(c.reportingUnit, c.cardNo)) ?? 0 }));
    await repo.insertHistory(
      tx,
      withId.map(({ c: { identifiers: _ids, ...data }, id }) => ({
        caseId: id,
        version: 1,
        action: 'create' as const,
        data,
      })),
      by
    );
    await repo.insertIdentifiers(
      tx,
      withId.flatMap(({ c, id }) => (c.identifiers ? [{ caseId: id, identifiers: c.identifiers }] : []))
    );
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

/** Reports one card. */
export async function createCase(
  db: Db,
  actor: Actor,
  scope: string,
  input: CaseReportInput
): Promise<number> {
  const problems = checkCase(await caseContext(db, scope), input);
  if (problems.length) refuse(problems);
  const [id] = await db.transaction().execute((tx) => insertCases(tx, actor, [input]));
  return id ?? 0;
}

async function caseInScope(db: Db, scope: string, id: number) {
  const row = await repo.caseInScope(db, scope, id);
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
  db: Db,
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
  if (input.cardNo !== current.cardNo) {
    refuse([
      issue('cardNo', input.cardNo, '订正不能修改卡片编号', 'A correction cannot change the card number'),
    ]);
  }
  const problems = checkCase(await caseContext(db, scope), input);
  if (problems.length) refuse(problems);
  if (input.reportingUnit !== current.reportingUnit) {
    if (await repo.cardTaken(db, input.reportingUnit, input.cardNo)) {
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
    await repo.updateCase(tx, id, input, version, actedAt(actor));
    await repo.insertHistory(tx, [{ caseId: id, version, action: 'correct', data, reason }], {
      name: actor.name,
      at: actedAt(actor),
    });
    if (identifiers) await repo.upsertIdentifiers(tx, [{ caseId: id, identifiers }]);
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
  db: Db,
  actor: Actor,
  scope: string,
  id: number,
  reason: string
): Promise<void> {
  const current = await caseInScope(db, scope, id);
  if (current.status === 'revoked') return;
  await db.transaction().execute(async (tx) => {
    const version = current.version + 1;
    await repo.revokeCaseRow(tx, id, version, actedAt(actor));
    await repo.insertHistory(tx, [{ caseId: id, version, action: 'revoke', data: {}, reason }], {
      name: actor.name,
      at: actedAt(actor),
    });
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
export async function listCases(
  db: Db,
  scope: string,
  q: CaseQuery,
  withIdentifiers: boolean
): Promise<CaseRow[]> {
  const [rows, versions] = await Promise.all([repo.listCaseRows(db, scope, q), listDiseaseVersions(db)]);
  return rows.map(({ identifiers, ...r }) => {
    const day = r.diagnosedAt.slice(0, 10);
    const disease = versionAt(versions, r.diseaseCode, day);
    return {
      ...r,
      diseaseName: disease?.name ?? { zh: r.diseaseCode, en: r.diseaseCode },
      diseaseClass: disease?.class ?? null,
      timeliness: reportTimeliness(r.diagnosedAt, r.reportedAt, disease?.reportLimitHours ?? 24),
      identifiers: withIdentifiers ? identifiers : null,
    };
  });
}

type Identifiers = NonNullable<CaseReportInput['identifiers']>;

/**
 * Keep the old and new identifiers when a correction changes them (name, ID number, phone,
 * address), so a wrong merge or a typo can be traced; only roles that see identifiers see this.
 */
async function recordIdentifierChange(
  tx: Db,
  actor: Actor,
  caseId: number,
  version: number,
  next: Identifiers,
  reason: string
): Promise<void> {
  const before = (await repo.identifiersOf(tx, caseId)) ?? null;
  const after = {
    name: next.name ?? null,
    idNumber: next.idNumber ?? null,
    phone: next.phone ?? null,
    address: next.address ?? null,
  };
  const same =
    before !== null && (Object.keys(after) as (keyof typeof after)[]).every((k) => before[k] === after[k]);
  if (same) return;
  await repo.insertIdentifierChange(tx, { caseId, version, before, after, reason, actor: actor.name });
}

/**
 * Every version of a card, oldest first. For roles that may see identifiers, a correction that
 * changed them carries the identifiers before and after.
 */
export async function caseHistory(
  db: Db,
  scope: string,
  id: number,
  withIdentifiers = false
): Promise<CaseHistoryEntry[]> {
  await caseInScope(db, scope, id);
  const versions = await repo.caseVersions(db, id);
  if (!withIdentifiers) return versions;
  const byVersion = await repo.identifierChanges(db, id);
  return versions.map((v) => {
    const change = byVersion.get(v.version);
    return change ? { ...v, identifierChange: change } : v;
  });
}
