/**
 * Two-way referral: a facility in the caller's scope sends (up: community → hospital; down:
 * hospital → community, with the discharge plan); the receiving facility, in its own staff's
 * scope, accepts, declines with a reason, or completes. Timestamps come from the injected clock;
 * each step is audited and refreshes the counts in its transaction. The resident's timeline gets
 * an entry at the sending end and one at the receiving end.
 */
import {
  AppError,
  can,
  maskName,
  type NewReferral,
  type ReferralDecision,
  type ReferralTimelineEntry,
  type ReferralView,
  type Role,
} from '@weijian/core';
import type { FieldCipher } from '../../crypto/field-cipher';
import type { Db } from '../../db/connection';
import { actorOf, writeAudit } from '../audit';
import { refreshReferralCounts } from './counts';
import * as repo from './repository';

/** Who asks. */
export interface Caller {
  id: number | null;
  username: string;
  role: Role;
  orgUnitCode: string;
}

const within = (path: string, scope: string): boolean => path.includes(`/${scope}/`);

const notFound = (what: { zh: string; en: string }, id: number | string): AppError =>
  new AppError('NOT_FOUND', {
    zh: `${what.zh}不存在或不在您的范围内：${id}`,
    en: `Unknown ${what.en} or outside your scope: ${id}`,
  });
const REFERRAL = { zh: '转诊', en: 'referral' };

function view(r: repo.ReferralRow, caller: Caller, cipher: FieldCipher | undefined): ReferralView {
  let name = '***';
  if (cipher) {
    const clear = cipher.open(r.nameSealed, 'residents.name');
    name = can(caller.role, 'resident:identifiers') ? clear : maskName(clear);
  }
  const iso = (d: Date | null): string | null => (d === null ? null : new Date(d).toISOString());
  return {
    id: r.id,
    residentId: r.residentId,
    residentName: name,
    direction: r.direction,
    from: r.fromUnit,
    to: r.toUnit,
    reason: r.reason,
    diagnosis: r.diagnosis,
    dischargePlan: (r.dischargePlan ?? null) as ReferralView['dischargePlan'],
    status: r.status,
    declineReason: r.declineReason,
    outcome: r.outcome,
    sentBy: r.sentBy,
    sentAt: new Date(r.sentAt).toISOString(),
    acceptedAt: iso(r.acceptedAt),
    declinedAt: iso(r.declinedAt),
    completedAt: iso(r.completedAt),
    synthetic: r.synthetic,
  };
}

/**
 * Send a referral from a facility in the caller's scope.
 * @throws AppError NOT_FOUND (resident, sending facility), VALIDATION_FAILED (receiving facility)
 */
export async function sendReferral(
  db: Db,
  caller: Caller,
  now: Date,
  body: NewReferral
): Promise<{ id: number }> {
  const from = await repo.unitRow(db, body.from);
  if (!from || !within(from.path, caller.orgUnitCode)) {
    throw notFound({ zh: '转出机构', en: 'sending facility' }, body.from);
  }
  const resident = await repo.findResident(db, body.residentId);
  if (!resident) throw notFound({ zh: '居民', en: 'resident' }, body.residentId);
  const to = await repo.unitRow(db, body.to);
  const issues = [];
  if (from.level !== 'facility') {
    issues.push({
      field: 'from',
      value: body.from,
      message: { zh: '转出方应为医疗卫生机构', en: 'The sender must be a facility' },
    });
  }
  if (!to || to.level !== 'facility') {
    issues.push({
      field: 'to',
      value: body.to,
      message: {
        zh: `接收机构不存在或不是医疗卫生机构：${body.to}`,
        en: `Unknown receiving facility: ${body.to}`,
      },
    });
  }
  if (issues.length > 0) {
    throw new AppError('VALIDATION_FAILED', { zh: '转诊申请有误', en: 'The referral has errors' }, issues);
  }
  return db.transaction().execute(async (tx) => {
    const id = await repo.insertReferral(tx, {
      residentId: body.residentId,
      direction: body.direction,
      from: body.from,
      to: body.to,
      reason: body.reason,
      diagnosis: body.diagnosis ?? null,
      dischargePlan: body.dischargePlan ?? null,
      sentBy: caller.username,
      sentAt: now,
    });
    await writeAudit(tx, actorOf(caller, now), {
      action: 'referral.send',
      entity: 'referral',
      entityId: String(id),
      details: { residentId: body.residentId, direction: body.direction, from: body.from, to: body.to },
    });
    await refreshReferralCounts(tx, [id], { actor: caller.username, at: now });
    return { id };
  });
}

const NEXT: Record<ReferralDecision['action'], { from: string; to: 'accepted' | 'declined' | 'completed' }> =
  {
    accept: { from: 'sent', to: 'accepted' },
    decline: { from: 'sent', to: 'declined' },
    complete: { from: 'accepted', to: 'completed' },
  };

/**
 * The receiving facility's decision on a referral.
 * @throws AppError NOT_FOUND unless the receiving facility is in the caller's scope; CONFLICT for
 *   a step the status does not allow
 */
export async function decideReferral(
  db: Db,
  caller: Caller,
  now: Date,
  id: number,
  d: ReferralDecision
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const r = await repo.findReferral(tx, id, true);
    if (!r || !within(r.toPath, caller.orgUnitCode)) throw notFound(REFERRAL, id);
    const step = NEXT[d.action];
    if (r.status !== step.from) {
      throw new AppError(
        'CONFLICT',
        {
          zh: `转诊 ${id} 当前状态为 ${r.status}，不能${d.action}`,
          en: `Referral ${id} is ${r.status}; cannot ${d.action}`,
        },
        [
          {
            field: 'action',
            value: d.action,
            message: { zh: `应为 ${step.from} 状态`, en: `needs status ${step.from}` },
          },
        ]
      );
    }
    const text = d.action === 'decline' ? d.reason : d.action === 'complete' ? d.outcome : null;
    await repo.setStatus(tx, id, step.to, caller.username, now, text);
    await writeAudit(tx, actorOf(caller, now), {
      action: `referral.${d.action}`,
      entity: 'referral',
      entityId: String(id),
      details: text === null ? {} : { text },
    });
    await refreshReferralCounts(tx, [id], { actor: caller.username, at: now });
  });
}

/** A facility's receiving (or sending) worklist. @throws AppError NOT_FOUND outside the scope */
export async function referralWorklist(
  db: Db,
  cipher: FieldCipher | undefined,
  caller: Caller,
  q: { facility: string; box: 'incoming' | 'outgoing'; status?: string[] }
): Promise<ReferralView[]> {
  const unit = await repo.unitRow(db, q.facility);
  if (!unit || !within(unit.path, caller.orgUnitCode)) {
    throw notFound({ zh: '机构', en: 'facility' }, q.facility);
  }
  const rows = await repo.worklist(
    db,
    q.facility,
    q.box,
    q.status ?? (q.box === 'incoming' ? ['sent', 'accepted'] : null),
    500
  );
  return rows.map((r) => view(r, caller, cipher));
}

function timeline(r: repo.ReferralRow): ReferralTimelineEntry[] {
  const dir = r.direction === 'up' ? { zh: '上转', en: 'up-referral' } : { zh: '下转', en: 'down-referral' };
  const out: ReferralTimelineEntry[] = [
    {
      referralId: r.id,
      at: new Date(r.sentAt).toISOString(),
      facility: r.fromUnit,
      kind: 'referral-sent',
      summary: { zh: `${dir.zh}至 ${r.toUnit}：${r.reason}`, en: `${dir.en} to ${r.toUnit}: ${r.reason}` },
    },
    {
      referralId: r.id,
      at: new Date(r.sentAt).toISOString(),
      facility: r.toUnit,
      kind: 'referral-received',
      summary: { zh: `收到来自 ${r.fromUnit} 的${dir.zh}`, en: `${dir.en} received from ${r.fromUnit}` },
    },
  ];
  const step = (at: Date | null, kind: ReferralTimelineEntry['kind'], zh: string, en: string): void => {
    if (at) {
      out.push({
        referralId: r.id,
        at: new Date(at).toISOString(),
        facility: r.toUnit,
        kind,
        summary: { zh, en },
      });
    }
  };
  step(
    r.acceptedAt,
    'referral-accepted',
    `${r.toUnit} 已接收${dir.zh}`,
    `${r.toUnit} accepted the ${dir.en}`
  );
  step(
    r.declinedAt,
    'referral-declined',
    `${r.toUnit} 拒绝：${r.declineReason ?? ''}`,
    `${r.toUnit} declined: ${r.declineReason ?? ''}`
  );
  step(
    r.completedAt,
    'referral-completed',
    `${dir.zh}已完成：${r.outcome ?? ''}`,
    `${dir.en} completed: ${r.outcome ?? ''}`
  );
  return out;
}

/**
 * A resident's referrals the caller may see (the home unit, or either facility, in scope) with
 * their timeline entries at both ends; the read is logged.
 * @throws AppError NOT_FOUND when none is visible and the resident lives outside the scope
 */
export async function residentReferrals(
  db: Db,
  cipher: FieldCipher | undefined,
  caller: Caller,
  now: Date,
  residentId: number
): Promise<{ referrals: ReferralView[]; timeline: ReferralTimelineEntry[] }> {
  const resident = await repo.findResident(db, residentId);
  if (!resident) throw notFound({ zh: '居民', en: 'resident' }, residentId);
  const all = await repo.referralsOf(db, residentId);
  const home = within(resident.homePath, caller.orgUnitCode);
  const visible = all.filter(
    (r) => home || within(r.fromPath, caller.orgUnitCode) || within(r.toPath, caller.orgUnitCode)
  );
  if (!home && visible.length === 0) throw notFound({ zh: '居民', en: 'resident' }, residentId);
  await repo.logRead(db, {
    userId: caller.id,
    actor: caller.username,
    residentId,
    purpose: 'referrals 转诊记录',
    at: now,
  });
  return {
    referrals: visible.map((r) => view(r, caller, cipher)),
    timeline: visible.flatMap(timeline).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)),
  };
}
