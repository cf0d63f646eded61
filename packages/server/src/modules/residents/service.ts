/**
 * Residents: create, change (optimistic version), read one (access checked and logged) and search
 * (by identifier, phone or name). Identifying values are sealed on the way in and masked on the
 * way out for roles without `resident:identifiers`; a valid identifier already in the index is a
 * conflict naming the record that holds it; likely duplicates go to the review queue.
 */
import {
  AppError,
  detectIdentifier,
  normalizeName,
  normalizePhone,
  type ErrorIssue,
  type ResidentCreate,
  type ResidentCreated,
  type ResidentSummary,
  type ResidentUpdate,
  type ResidentView,
} from '@weijian/core';
import type { AppContext } from '../../context';
import type { Db } from '../../db/connection';
import { inTransaction } from '../../db/transaction';
import { actedAt, actorOf, writeAudit, type Actor } from '../audit';
import type { SessionUser } from '../auth';
import { chinaDay, findOrgUnit, type OrgUnit } from '../orgunits';
import { assertResidentAccess, denied, logReads, withinReach, type Reader } from './access';
import { checkResident, type CheckContext } from './checks';
import { candidatesInIndex } from './duplicates';
import {
  blockingHashes,
  cipherOf,
  coreKind,
  identifierLookup,
  nameLookup,
  PLACE,
  phoneLookup,
  storedKind,
  type CheckedIdentifier,
} from './identity';
import { residentListeners } from './lifecycle';
import * as matching from './repository/matching';
import * as repo from './repository/residents';
import { storeResidents } from './store';
import { openResident, residentSummary, residentView } from './view';

type User = Pick<SessionUser, 'id' | 'username' | 'role' | 'orgUnitCode'>;

/** Units by code, for the checks. */
export async function loadUnits(db: Db, codes: Iterable<string>): Promise<Map<string, OrgUnit | undefined>> {
  const out = new Map<string, OrgUnit | undefined>();
  for (const code of new Set(codes)) out.set(code, await findOrgUnit(db, code));
  return out;
}

/** Residents already holding any of these identifiers: a conflict naming each one (field by index). */
export async function identifierConflicts(
  db: Db,
  ctx: AppContext,
  ids: readonly CheckedIdentifier[],
  field: (i: number) => string,
  self?: number
): Promise<ErrorIssue[]> {
  const cipher = cipherOf(ctx.fieldCipher);
  const keys = ids.map((i) => ({ kind: i.kind, lookup: identifierLookup(cipher, i.kind, i.normalized) }));
  const holders = (await repo.holdersOf(db, keys)).filter((h) => h.residentId !== self);
  const out: ErrorIssue[] = [];
  keys.forEach((k, i) => {
    const h = holders.find((x) => x.kind === k.kind && x.lookup === k.lookup);
    if (h) {
      out.push({
        field: field(i),
        value: h.residentId,
        message: {
          zh: `该证件号码已登记在居民档案 ${h.residentId}，同一人不能重复建档`,
          en: `This number already belongs to resident record ${h.residentId}; one person has one record`,
        },
      });
    }
  });
  return out;
}

const isUniqueViolation = (e: unknown): boolean => (e as { code?: unknown }).code === '23505';

function duplicateRefusal(issues: ErrorIssue[]): AppError {
  return new AppError(
    'CONFLICT',
    { zh: '居民已建档，不能重复登记', en: 'This resident is already registered' },
    issues
  );
}

/** Queue pairs the matcher does not call distinct; returns the queued entries. */
export async function queueCandidates(
  tx: Db,
  pairs: readonly { a: number; b: number; score: number; reasons: unknown[] }[],
  at: Date
): Promise<{ id: number; aId: number; bId: number }[]> {
  return matching.insertCandidates(
    tx,
    pairs.map((p) => ({ aId: p.a, bId: p.b, score: p.score, reasons: p.reasons, at }))
  );
}

/**
 * Register a resident. Refused (nothing written) when a check fails or a valid identifier is
 * already in the index; likely duplicates found through the blocking keys are queued for review.
 * Joins the caller's transaction when `ctx.db` is one (the FHIR transaction bundle).
 */
export async function createResident(
  ctx: AppContext,
  user: User,
  input: ResidentCreate
): Promise<ResidentCreated> {
  const cipher = cipherOf(ctx.fieldCipher);
  const actor = actorOf(user, ctx.now());
  const today = chinaDay(ctx.now());
  if (input.householdId) {
    const h = await repo.findHousehold(ctx.db, input.householdId);
    if (!h) {
      throw new AppError('VALIDATION_FAILED', { zh: '家庭户不存在', en: 'No such household' }, [
        {
          field: 'householdId',
          value: input.householdId,
          message: { zh: '家庭户不存在', en: 'No such household' },
        },
      ]);
    }
  }
  const units = await loadUnits(ctx.db, [
    input.homeUnit,
    ...(input.recordFacility ? [input.recordFacility] : []),
  ]);
  const c: CheckContext = { scope: user.orgUnitCode, today, units };
  const { value, issues } = checkResident(c, input);
  if (!value) throw refusal(issues);
  try {
    return await inTransaction(ctx.db, async (tx) => {
      const conflicts = await identifierConflicts(
        tx,
        ctx,
        value.identifiers,
        (i) => `identifiers.${i}.value`
      );
      if (conflicts.length > 0) throw duplicateRefusal(conflicts);
      const [id] = await storeResidents(tx, cipher, actor, [value], today);
      const residentId = id as number;
      const [found = []] = await candidatesInIndex(tx, cipher, today, [
        { prepared: value.prepared, hashes: blockingHashes(cipher, value.prepared), exclude: residentId },
      ]);
      const queued = await queueCandidates(
        tx,
        found.map((f) => ({
          a: residentId,
          b: f.residentId,
          score: f.result.score,
          reasons: f.result.reasons,
        })),
        ctx.now()
      );
      await writeAudit(tx, actor, {
        action: 'resident.create',
        entity: 'residents',
        entityId: String(residentId),
        details: {
          homeUnit: input.homeUnit,
          identifiers: value.identifiers.map((i) => i.kind),
          queued: queued.length,
        },
      });
      return {
        id: residentId,
        version: 1,
        possibleDuplicates: queued.map((q) => {
          const other = q.aId === residentId ? q.bId : q.aId;
          return {
            candidateId: q.id,
            residentId: other,
            score: found.find((f) => f.residentId === other)?.result.score ?? 0,
          };
        }),
      };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicateRefusal([]);
    throw e;
  }
}

/** The refusal of bad input: every issue, nothing written. */
export function refusal(issues: ErrorIssue[]): AppError {
  return new AppError(
    'VALIDATION_FAILED',
    { zh: '居民信息有误，未保存', en: 'The resident has errors and was not saved' },
    issues
  );
}

/**
 * Change a resident. The caller must reach the resident (scope or team; no break-the-glass for
 * writes) and send the version it read. A change of birth date, sex, death date, home unit or
 * status is told to every lifecycle listener in the same transaction.
 */
export async function updateResident(
  ctx: AppContext,
  user: User,
  residentId: number,
  patch: ResidentUpdate
): Promise<{ id: number; version: number }> {
  const cipher = cipherOf(ctx.fieldCipher);
  const actor = actorOf(user, ctx.now());
  const today = chinaDay(ctx.now());
  const reader: Reader = { user, at: ctx.now() };
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      const reach = await withinReach(tx, reader, [residentId]);
      if (!reach.has(residentId)) throw denied();
      const [row] = await repo.lockResidents(tx, [residentId]);
      if (!row) throw denied();
      if (row.status === 'merged') {
        throw new AppError('CONFLICT', {
          zh: `该档案已合并到居民档案 ${row.mergedInto ?? ''}，请修改保留的档案`,
          en: `This record was merged into resident ${row.mergedInto ?? ''}; change that one`,
        });
      }
      if (row.version !== patch.version) {
        throw new AppError(
          'CONFLICT',
          {
            zh: `档案已被他人修改（当前版本 ${row.version}），请刷新后再改`,
            en: `The record was changed by someone else (now version ${row.version}); reload and retry`,
          },
          [{ field: 'version', value: patch.version, message: { zh: '版本已过期', en: 'Stale version' } }]
        );
      }
      const idents = await repo.identifiersOf(tx, [residentId]);
      const before = openResident(cipher, row, idents);
      const next: ResidentCreate = {
        name: patch.name ?? before.name,
        sex: patch.sex ?? row.sex,
        birthDate: patch.birthDate ?? row.birthDate,
        deathDate: patch.deathDate === undefined ? row.deathDate : patch.deathDate,
        homeUnit: patch.homeUnit ?? row.homeUnit,
        phone: patch.phone === undefined ? before.phone : patch.phone,
        address: patch.address === undefined ? before.address : patch.address,
        identifiers:
          patch.identifiers ?? before.identifiers.map((i) => ({ kind: coreKind(i.kind), value: i.value })),
        householdId: patch.householdId === undefined ? row.householdId : patch.householdId,
      };
      const units = await loadUnits(tx, [next.homeUnit]);
      // A caller who reaches the resident (scope or team) may change the record; moving the home
      // is a new placement and must land inside the caller's scope.
      const { value, issues } = checkResident({ scope: user.orgUnitCode, today, units }, next, {
        skipScope: next.homeUnit === row.homeUnit,
      });
      const relevant = issues;
      if (!value || relevant.length > 0) throw refusal(relevant);
      if (
        next.householdId &&
        next.householdId !== row.householdId &&
        !(await repo.findHousehold(tx, next.householdId))
      ) {
        throw refusal([
          {
            field: 'householdId',
            value: next.householdId,
            message: { zh: '家庭户不存在', en: 'No such household' },
          },
        ]);
      }
      const conflicts = await identifierConflicts(
        tx,
        ctx,
        value.identifiers,
        (i) => `identifiers.${i}.value`,
        residentId
      );
      if (conflicts.length > 0) throw duplicateRefusal(conflicts);
      const ok = await repo.updateResident(
        tx,
        residentId,
        patch.version,
        {
          sex: next.sex,
          birthDate: next.birthDate,
          deathDate: next.deathDate ?? null,
          homeUnit: next.homeUnit,
          householdId: next.householdId ?? null,
          status: patch.status ?? (row.status === 'moved_away' ? 'moved_away' : 'active'),
          nameSealed: next.name === before.name ? row.nameSealed : cipher.seal(next.name, PLACE.name),
          nameLookup: nameLookup(cipher, next.name),
          phoneSealed: next.phone
            ? next.phone === before.phone
              ? row.phoneSealed
              : cipher.seal(next.phone, PLACE.phone)
            : null,
          phoneLookup: phoneLookup(cipher, next.phone),
          addressSealed: next.address
            ? next.address === before.address
              ? row.addressSealed
              : cipher.seal(next.address, PLACE.address)
            : null,
        },
        ctx.now()
      );
      if (!ok) {
        throw new AppError('CONFLICT', {
          zh: '档案已被他人修改',
          en: 'The record was changed by someone else',
        });
      }
      if (patch.identifiers) {
        await repo.deleteIdentifiers(tx, residentId);
        await repo.insertIdentifiers(
          tx,
          value.identifiers.map((id, j) => ({
            residentId,
            kind: id.kind,
            valueSealed: cipher.seal(id.normalized, PLACE.identifier),
            valueLookup: identifierLookup(cipher, id.kind, id.normalized),
            isPrimary: j === 0,
            at: ctx.now(),
          }))
        );
      }
      await repo.replaceBlocking(tx, residentId, blockingHashes(cipher, value.prepared));
      const changed = Object.keys(patch).filter((k) => k !== 'version');
      await writeAudit(tx, actor, {
        action: 'resident.update',
        entity: 'residents',
        entityId: String(residentId),
        details: { fields: changed, version: patch.version + 1 },
      });
      const lifeChanged =
        next.birthDate !== row.birthDate ||
        next.sex !== row.sex ||
        (next.deathDate ?? null) !== row.deathDate ||
        next.homeUnit !== row.homeUnit ||
        (patch.status !== undefined && patch.status !== row.status);
      if (lifeChanged) await tellChanged(tx, actor, [residentId]);
      return { id: residentId, version: patch.version + 1 };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicateRefusal([]);
    throw e;
  }
}

/** Tell every lifecycle listener that facts of these residents changed (inside `tx`). */
export async function tellChanged(tx: Db, actor: Actor, ids: readonly number[]): Promise<void> {
  const principal = { actor: actor.name, at: actedAt(actor) };
  for (const l of residentListeners()) await l.residentsChanged(tx, ids, principal);
}

/** One person's record, access checked and the read logged (with its purpose). */
export async function getResident(
  ctx: AppContext,
  user: User,
  residentId: number,
  why: { purpose: string; breakGlassReason?: string | null | undefined }
): Promise<ResidentView> {
  const cipher = cipherOf(ctx.fieldCipher);
  const reader: Reader = { user, at: ctx.now() };
  return ctx.db.transaction().execute(async (tx) => {
    const { breakGlass } = await assertResidentAccess(tx, reader, residentId, why);
    const [row] = await repo.residentsByIds(tx, [residentId]);
    if (!row) throw denied();
    const idents = await repo.identifiersOf(tx, [residentId]);
    return residentView(openResident(cipher, row, idents), user.role, breakGlass);
  });
}

/**
 * Search by identifier (exact, through its look-up hash), phone (exact) or name (with a birth date
 * when given). Only residents the caller reaches are listed — unless a break-the-glass reason is
 * given, when the others are listed too and each is logged as a break-the-glass read. Every listed
 * resident's appearance is logged as a read with purpose `search`.
 */
export async function searchResidents(
  ctx: AppContext,
  user: User,
  q: string,
  birthDate: string | undefined,
  breakGlassReason?: string | null
): Promise<{ residents: ResidentSummary[]; truncated: boolean }> {
  const cipher = cipherOf(ctx.fieldCipher);
  const today = chinaDay(ctx.now());
  const LIMIT = 50;
  const ids = new Set<number>();
  const id = detectIdentifier(q, { today });
  if (id.ok) {
    const kind = storedKind(id.identifier.kind);
    for (const h of await repo.holdersOf(ctx.db, [
      { kind, lookup: identifierLookup(cipher, kind, id.identifier.normalized) },
    ])) {
      ids.add(h.residentId);
    }
  }
  if (/^[\d\s+()-]+$/.test(q) && normalizePhone(q)) {
    const lookup = phoneLookup(cipher, q);
    if (lookup) {
      for (const x of await repo.idsByLookup(ctx.db, 'phone_lookup', lookup, birthDate, LIMIT)) ids.add(x);
    }
  }
  if (!/\d/.test(q) && normalizeName(q) !== '') {
    for (const x of await repo.idsByLookup(ctx.db, 'name_lookup', nameLookup(cipher, q), birthDate, LIMIT)) {
      ids.add(x);
    }
  }
  const reader: Reader = { user, at: ctx.now() };
  const reach = await withinReach(ctx.db, reader, [...ids]);
  const reason = breakGlassReason?.trim() ?? '';
  const shown = [...ids].filter((x) => reach.has(x) || reason !== '').sort((a, b) => a - b);
  const listed = shown.slice(0, LIMIT);
  const glass = new Set(listed.filter((x) => !reach.has(x)));
  return ctx.db.transaction().execute(async (tx) => {
    await logReads(tx, reader, listed, reason === '' ? 'search' : `search：${reason}`.slice(0, 600), glass);
    const rows = await repo.residentsByIds(tx, listed);
    const idents = await repo.identifiersOf(tx, listed);
    return {
      residents: rows.map((r) => residentSummary(openResident(cipher, r, idents), user.role)),
      truncated: shown.length > LIMIT,
    };
  });
}
