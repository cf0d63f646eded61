/**
 * Who may read a person's record, and the log of every read (个人信息保护法 Art. 51; the issue's
 * "Privacy"). A user may read a resident when the user's org-unit scope contains the resident's
 * home unit or the health record's owning facility, or when the user is a member of a
 * family-doctor team with a contract in force with the resident. Outside that, a read needs a
 * stated reason (break-the-glass): it is allowed, logged with `break_glass` and listed for review.
 * Without a reason, an unknown id and a resident outside the scope get the same answer.
 */
import { AppError, type Bilingual } from '@weijian/core';
import type { Db } from '../../db/connection';
import { actedAt, writeAudit, type Actor } from '../audit';
import type { SessionUser } from '../auth';
import { chinaDay } from '../orgunits';
import * as repo from './repository/access';

/** Who reads, and when. */
export interface Reader {
  user: Pick<SessionUser, 'id' | 'username' | 'orgUnitCode'>;
  at: Date;
}

/** Why a record is read: the purpose, and a break-the-glass reason when the read may fall outside the scope. */
export interface ReadPurpose {
  purpose: string;
  breakGlassReason?: string | null | undefined;
}

const DENIED: Bilingual = {
  zh: '居民档案不存在，或不在您的管辖范围和签约团队内；如确需查阅，请说明理由（紧急查阅，将记录并复核）',
  en: 'No such resident record, or it lies outside your scope and teams; state a reason to read it anyway (break-the-glass: logged and reviewed)',
};

/** The same refusal for an unknown id and a resident outside the caller's reach. */
export function denied(): AppError {
  return new AppError('FORBIDDEN', DENIED);
}

/** Whether a path (`/100000/…/code/`) lies inside a scope. */
export const inScope = (path: string | null, scope: string): boolean =>
  path !== null && path.includes(`/${scope}/`);

/** Residents among `ids` the user may read without a reason (unknown ids are left out). */
export async function withinReach(db: Db, reader: Reader, ids: readonly number[]): Promise<Set<number>> {
  const facts = await repo.accessFacts(db, ids, reader.user.id, chinaDay(reader.at));
  const scope = reader.user.orgUnitCode;
  return new Set(
    [...facts.values()]
      .filter((f) => inScope(f.homePath, scope) || inScope(f.ownerPath, scope) || f.onTeam)
      .map((f) => f.residentId)
  );
}

/**
 * Check that a user may read one resident's record and log the read (inside `db`, which may be the
 * caller's transaction). Returns whether the read was a break-the-glass read.
 * @throws AppError FORBIDDEN (unknown or out of reach, no reason), NOT_FOUND (unknown, with a reason)
 */
export async function assertResidentAccess(
  db: Db,
  reader: Reader,
  residentId: number,
  why: ReadPurpose
): Promise<{ breakGlass: boolean }> {
  const reach = await withinReach(db, reader, [residentId]);
  const reason = why.breakGlassReason?.trim() ?? '';
  let breakGlass = false;
  if (!reach.has(residentId)) {
    if (reason === '') throw denied();
    const facts = await repo.accessFacts(db, [residentId], null, chinaDay(reader.at));
    if (!facts.has(residentId)) {
      throw new AppError('NOT_FOUND', {
        zh: `居民档案不存在：${residentId}`,
        en: `No resident ${residentId}`,
      });
    }
    breakGlass = true;
  }
  await repo.insertReads(db, [
    {
      userId: reader.user.id,
      actor: reader.user.username,
      residentId,
      purpose: breakGlass ? `${why.purpose}：${reason}`.slice(0, 600) : why.purpose,
      breakGlass,
      at: reader.at,
    },
  ]);
  return { breakGlass };
}

/** Log reads of several residents' records at once (search results opened in full). */
export async function logReads(
  db: Db,
  reader: Reader,
  residentIds: readonly number[],
  purpose: string,
  breakGlass: ReadonlySet<number>
): Promise<void> {
  await repo.insertReads(
    db,
    residentIds.map((residentId) => ({
      userId: reader.user.id,
      actor: reader.user.username,
      residentId,
      purpose,
      breakGlass: breakGlass.has(residentId),
      at: reader.at,
    }))
  );
}

/** Break-the-glass reads by users inside the reviewer's scope that nobody has reviewed yet. */
export async function pendingReviews(db: Db, scope: string): Promise<repo.ReadRow[]> {
  return repo.pendingBreakGlass(db, scope, 500);
}

/**
 * Record a reviewer's finding on a break-the-glass read (audited with the finding). A read by a
 * user outside the reviewer's scope answers like an unknown one.
 */
export async function reviewRead(
  db: Db,
  actor: Actor,
  scope: string,
  readId: number,
  finding: { finding: 'justified' | 'unjustified'; note?: string | undefined }
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const r = await repo.readForReview(tx, readId);
    const visible =
      r?.breakGlass && (inScope(r.readerPath, scope) || (r.readerPath === null && scope === '100000'));
    if (!r || !visible) {
      throw new AppError('NOT_FOUND', {
        zh: `没有待复核的紧急查阅记录：${readId}`,
        en: `No break-the-glass read to review: ${readId}`,
      });
    }
    if (r.reviewedAt !== null) {
      throw new AppError('CONFLICT', { zh: '该查阅记录已复核', en: 'This read has already been reviewed' });
    }
    await repo.markReviewed(tx, readId, actor.name, actedAt(actor));
    await writeAudit(tx, actor, {
      action: 'record_read.review',
      entity: 'record_reads',
      entityId: String(readId),
      details: { finding: finding.finding, ...(finding.note ? { note: finding.note } : {}) },
    });
  });
}

export type { ReadRow } from './repository/access';
