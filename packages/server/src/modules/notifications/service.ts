/**
 * The in-app inbox: notices collected from the data (collect.ts) land in each user's inbox once,
 * filtered by the kinds the user receives. A user's inbox is brought up to date when they open it;
 * an administrator's sweep brings every active user in scope up to date at once.
 */
import {
  NOTIFICATION_KINDS,
  type Catalogue,
  type InboxView,
  type NotificationPreferences,
} from '@weijian/core';
import type { Db } from '../../db/connection';
import { actedAt, writeAudit, type Actor } from '../audit';
import { listUsers } from '../auth';
import { unitInScope } from '../orgunits';
import { collectNotices, type Recipient } from './collect';
import * as repo from './repository';

/** Bring one user's inbox up to date; returns how many notifications were added. */
export async function refreshInbox(db: Db, catalogue: Catalogue, r: Recipient, now: Date): Promise<number> {
  const prefs = await repo.preferences(db, r.id);
  const notices = (await collectNotices(db, catalogue, r, now)).filter((n) => prefs.get(n.kind) !== false);
  return db.transaction().execute((tx) => repo.insertNotifications(tx, notices, now));
}

/** A user's inbox, brought up to date first. */
export async function inbox(db: Db, catalogue: Catalogue, r: Recipient, now: Date): Promise<InboxView> {
  await refreshInbox(db, catalogue, r, now);
  const [items, unread] = await Promise.all([
    repo.listNotifications(db, r.id, 50),
    repo.countUnread(db, r.id),
  ]);
  return { unread, items };
}

/** Mark the user's own notifications read (these ids, or all when none are given). */
export async function markRead(
  db: Db,
  userId: number,
  ids: readonly number[] | undefined,
  now: Date
): Promise<number> {
  return repo.markRead(db, userId, ids ?? null, now);
}

/** The kinds a user receives (every kind unless turned off). */
export async function getPreferences(db: Db, userId: number): Promise<NotificationPreferences> {
  const stored = await repo.preferences(db, userId);
  return Object.fromEntries(
    NOTIFICATION_KINDS.map((k) => [k, stored.get(k) ?? true])
  ) as NotificationPreferences;
}

/** Choose the kinds a user receives; audited. */
export async function setPreferences(
  db: Db,
  actor: Actor,
  userId: number,
  choices: Partial<NotificationPreferences>
): Promise<NotificationPreferences> {
  const list = NOTIFICATION_KINDS.flatMap((k) =>
    choices[k] === undefined ? [] : [{ kind: k, enabled: choices[k] }]
  );
  await db.transaction().execute(async (tx) => {
    await repo.savePreferences(tx, userId, list);
    await writeAudit(tx, actor, {
      action: 'set-preferences',
      entity: 'notification-preferences',
      entityId: String(userId),
      details: Object.fromEntries(list.map((c) => [c.kind, c.enabled])),
    });
  });
  return getPreferences(db, userId);
}

/**
 * Bring the inbox of every active user at or below a unit up to date (an administrator's sweep).
 * @throws AppError NOT_FOUND when the unit is outside the caller's scope
 */
export async function sweepNotifications(
  db: Db,
  catalogue: Catalogue,
  actor: Actor,
  scope: string,
  orgUnit: string
): Promise<{ users: number; added: number }> {
  await unitInScope(db, orgUnit, scope);
  const now = actedAt(actor);
  const users = (await listUsers(db, orgUnit)).filter((u) => !u.disabled);
  let added = 0;
  for (const u of users) {
    const r = { id: u.id, role: u.role, orgUnit: u.orgUnit };
    added += await refreshInbox(db, catalogue, r, now);
  }
  await writeAudit(db, actor, {
    action: 'sweep',
    entity: 'notifications',
    entityId: orgUnit,
    details: { users: users.length, added },
  });
  return { users: users.length, added };
}
