/**
 * Merging two records of one person, and undoing it. A merge moves the merged record's
 * identifiers to the survivor, marks the merged record `merged` with `merged_into`, closes the
 * queued pair, and asks every lifecycle listener (contracts, enrolments, events … of other
 * modules) to move what it holds — all in one transaction, each listener's snapshot stored under
 * its name in `resident_merges.moved` so that the undo puts every row back exactly. A listener's
 * failure rolls the whole merge back.
 */
import { z } from 'zod';
import { AppError, type MatchCandidateView, type MatchDecisionInput } from '@weijian/core';
import type { AppContext } from '../../context';
import type { Db } from '../../db/connection';
import { parseColumn } from '../../db/json-column';
import { actedAt, actorOf, writeAudit, type Actor } from '../audit';
import type { SessionUser } from '../auth';
import { denied, withinReach, type Reader } from './access';
import { residentListeners } from './lifecycle';
import * as matching from './repository/matching';
import * as repo from './repository/residents';

type User = Pick<SessionUser, 'id' | 'username' | 'role' | 'orgUnitCode'>;

const snapshotSchema = z.object({
  format: z.literal(1),
  merged: z.object({
    status: z.enum(['active', 'merged', 'moved_away']),
    mergedInto: z.number().nullable(),
    version: z.number(),
    updatedAt: z.string(),
  }),
  identifiers: z.array(z.object({ id: z.number(), isPrimary: z.boolean() })),
  candidate: z
    .object({
      id: z.number(),
      status: z.enum(['open', 'merged', 'distinct']),
      decidedBy: z.string().nullable(),
      decidedAt: z.string().nullable(),
    })
    .nullable(),
  listeners: z.record(z.string(), z.unknown()),
});
type Snapshot = z.infer<typeof snapshotSchema>;

async function reachBoth(tx: Db, reader: Reader, ids: readonly number[]): Promise<void> {
  const reach = await withinReach(tx, reader, ids);
  if (!ids.every((id) => reach.has(id))) throw denied();
}

/** Merge `mergedId` into `survivorId` inside `tx`; the merge's id. */
async function mergeIn(
  tx: Db,
  actor: Actor,
  reader: Reader,
  survivorId: number,
  mergedId: number,
  reason: string
): Promise<number> {
  if (survivorId === mergedId) {
    throw new AppError(
      'VALIDATION_FAILED',
      { zh: '不能与自身合并', en: 'A record cannot be merged into itself' },
      [
        {
          field: 'mergedId',
          value: mergedId,
          message: { zh: '请选择另一条档案', en: 'Choose another record' },
        },
      ]
    );
  }
  await reachBoth(tx, reader, [survivorId, mergedId]);
  const rows = await repo.lockResidents(tx, [survivorId, mergedId]);
  const survivor = rows.find((r) => r.id === survivorId);
  const merged = rows.find((r) => r.id === mergedId);
  if (!survivor || !merged) throw denied();
  if (survivor.status === 'merged' || merged.status === 'merged') {
    throw new AppError('CONFLICT', {
      zh: '其中一条档案已被合并，请先处理保留的档案',
      en: 'One of the records has already been merged away',
    });
  }
  const at = actedAt(actor);
  const pair = await matching.lockPair(tx, survivorId, mergedId);
  const snapshot: Snapshot = {
    format: 1,
    merged: {
      status: merged.status,
      mergedInto: merged.mergedInto,
      version: merged.version,
      updatedAt: merged.updatedAt.toISOString(),
    },
    identifiers: await matching.moveIdentifiers(tx, mergedId, survivorId),
    candidate: pair
      ? {
          id: pair.id,
          status: pair.status,
          decidedBy: pair.decidedBy,
          decidedAt: pair.decidedAt?.toISOString() ?? null,
        }
      : null,
    listeners: {},
  };
  await repo.setMerged(tx, mergedId, survivorId, at);
  if (pair) await matching.setCandidate(tx, pair.id, { status: 'merged', by: actor.name, at });
  for (const l of residentListeners()) {
    snapshot.listeners[l.name] =
      (await l.merged(tx, survivorId, mergedId, { actor: actor.name, at })) ?? null;
  }
  const id = await matching.insertMerge(tx, {
    survivorId,
    mergedId,
    reason,
    moved: snapshot,
    actor: actor.name,
    at,
  });
  await writeAudit(tx, actor, {
    action: 'resident.merge',
    entity: 'resident_merges',
    entityId: String(id),
    details: { survivorId, mergedId, reason, listeners: Object.keys(snapshot.listeners) },
  });
  return id;
}

/** Merge `mergedId` into `survivorId` (both in the caller's reach); the merge's id. */
export async function mergeResidents(
  ctx: AppContext,
  user: User,
  survivorId: number,
  mergedId: number,
  reason: string
): Promise<{ mergeId: number }> {
  const actor = actorOf(user, ctx.now());
  const reader: Reader = { user, at: ctx.now() };
  const mergeId = await ctx.db
    .transaction()
    .execute((tx) => mergeIn(tx, actor, reader, survivorId, mergedId, reason));
  return { mergeId };
}

/**
 * Undo a merge: every listener undoes its part (latest registered first), the identifiers go back
 * with their primary flags, the merged record's status, version and time are restored, the queued
 * pair returns to what it was. A later merge touching either record must be undone first.
 */
export async function unmergeResidents(ctx: AppContext, user: User, mergeId: number): Promise<void> {
  const actor = actorOf(user, ctx.now());
  const reader: Reader = { user, at: ctx.now() };
  await ctx.db.transaction().execute(async (tx) => {
    const m = await matching.lockMerge(tx, mergeId);
    if (!m) throw new AppError('NOT_FOUND', { zh: `没有合并记录 ${mergeId}`, en: `No merge ${mergeId}` });
    await reachBoth(tx, reader, [m.survivorId, m.mergedId]);
    if (m.undoneAt !== null) {
      throw new AppError('CONFLICT', { zh: '该合并已撤销', en: 'This merge has already been undone' });
    }
    if (await matching.laterMergeExists(tx, mergeId, [m.survivorId, m.mergedId])) {
      throw new AppError('CONFLICT', {
        zh: '之后还有涉及这两条档案的合并，请先撤销后来的合并',
        en: 'A later merge involves these records; undo it first',
      });
    }
    await repo.lockResidents(tx, [m.survivorId, m.mergedId]);
    const s = parseColumn(snapshotSchema, m.moved, {
      table: 'resident_merges',
      column: 'moved',
      row: mergeId,
    });
    const principal = { actor: actor.name, at: actedAt(actor) };
    for (const l of [...residentListeners()].reverse()) {
      if (!(l.name in s.listeners)) continue;
      await l.unmerged(tx, m.survivorId, m.mergedId, s.listeners[l.name], principal);
    }
    const missing = Object.keys(s.listeners).filter((n) => !residentListeners().some((l) => l.name === n));
    if (missing.length > 0) {
      throw new AppError('INTERNAL', {
        zh: `无法撤销合并：模块 ${missing.join('、')} 未加载`,
        en: `Cannot undo the merge: module(s) ${missing.join(', ')} are not loaded`,
      });
    }
    await matching.restoreIdentifiers(tx, m.mergedId, s.identifiers);
    await repo.restoreStatus(tx, m.mergedId, s.merged);
    if (s.candidate) {
      await matching.setCandidate(tx, s.candidate.id, {
        status: s.candidate.status,
        by: s.candidate.decidedBy,
        at: s.candidate.decidedAt,
      });
    }
    await matching.markUndone(tx, mergeId, actor.name, actedAt(actor));
    await writeAudit(tx, actor, {
      action: 'resident.unmerge',
      entity: 'resident_merges',
      entityId: String(mergeId),
      details: { survivorId: m.survivorId, mergedId: m.mergedId },
    });
  });
}

/** Open pairs of the review queue whose both residents live in the caller's scope. */
export async function reviewQueue(ctx: AppContext, user: User): Promise<MatchCandidateView[]> {
  const rows = await matching.openCandidates(ctx.db, user.orgUnitCode, 500);
  return rows.map((r) => ({
    id: r.id,
    aId: r.aId,
    bId: r.bId,
    score: r.score,
    reasons: r.reasons,
    status: r.status,
    createdAt: r.createdAt.toISOString(),
  }));
}

/** Decide a queued pair: distinct (closed), or merge one into the other. */
export async function decideCandidate(
  ctx: AppContext,
  user: User,
  candidateId: number,
  d: MatchDecisionInput
): Promise<{ mergeId: number | null }> {
  const actor = actorOf(user, ctx.now());
  const reader: Reader = { user, at: ctx.now() };
  return ctx.db.transaction().execute(async (tx) => {
    const c = await matching.lockCandidate(tx, candidateId);
    if (!c) {
      throw new AppError('NOT_FOUND', {
        zh: `疑似重复记录不存在：${candidateId}`,
        en: `No queued pair ${candidateId}`,
      });
    }
    await reachBoth(tx, reader, [c.aId, c.bId]);
    if (c.status !== 'open') {
      throw new AppError('CONFLICT', { zh: '该疑似重复已处理', en: 'This pair has already been decided' });
    }
    if (d.decision === 'distinct') {
      await matching.setCandidate(tx, c.id, { status: 'distinct', by: actor.name, at: actedAt(actor) });
      await writeAudit(tx, actor, {
        action: 'match_candidate.distinct',
        entity: 'match_candidates',
        entityId: String(c.id),
      });
      return { mergeId: null };
    }
    if (d.mergedId !== c.aId && d.mergedId !== c.bId) {
      throw new AppError(
        'VALIDATION_FAILED',
        { zh: '被合并档案须为这一对之一', en: 'mergedId must be one of the pair' },
        [
          {
            field: 'mergedId',
            value: d.mergedId,
            message: { zh: `应为 ${c.aId} 或 ${c.bId}`, en: `${c.aId} or ${c.bId}` },
          },
        ]
      );
    }
    const survivor = d.mergedId === c.aId ? c.bId : c.aId;
    return { mergeId: await mergeIn(tx, actor, reader, survivor, d.mergedId, d.reason) };
  });
}
