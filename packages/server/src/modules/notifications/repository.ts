/** SQL for notifications: users' inboxes and the kinds each user receives. */
import type { Kysely } from 'kysely';
import type { NotificationKind, NotificationView } from '@weijian/core';
import { NOTIFICATION_KINDS } from '@weijian/core';
import { AppError } from '@weijian/core';
import type { DB } from '../../db/types';

/** A notification to add to a user's inbox. */
export interface NewNotification {
  userId: number;
  kind: NotificationKind;
  dedupKey: string;
  title: { zh: string; en: string };
  link: string;
  synthetic: boolean;
}

function kindOf(value: string, id: number): NotificationKind {
  const k = NOTIFICATION_KINDS.find((x) => x === value);
  if (!k) {
    throw new AppError('INTERNAL', {
      zh: `notifications 表第 ${id} 行的 kind 列无效：${value}`,
      en: `notifications row ${id}: invalid kind column "${value}"`,
    });
  }
  return k;
}

/** Add notifications; one already given for the same user and key is skipped. Returns how many were added. */
export async function insertNotifications(
  db: Kysely<DB>,
  items: readonly NewNotification[],
  at: Date
): Promise<number> {
  if (items.length === 0) return 0;
  const r = await db
    .insertInto('notifications')
    .values(
      items.map((n) => ({
        user_id: n.userId,
        kind: n.kind,
        dedup_key: n.dedupKey,
        title_zh: n.title.zh,
        title_en: n.title.en,
        link: n.link,
        synthetic: n.synthetic,
        created_at: at,
      }))
    )
    .onConflict((oc) => oc.columns(['user_id', 'dedup_key']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0);
}

/** A user's newest notifications. */
export async function listNotifications(
  db: Kysely<DB>,
  userId: number,
  limit: number
): Promise<NotificationView[]> {
  const rows = await db
    .selectFrom('notifications')
    .select(['id', 'kind', 'title_zh', 'title_en', 'link', 'synthetic', 'created_at', 'read_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: kindOf(r.kind, r.id),
    title: { zh: r.title_zh, en: r.title_en },
    link: r.link,
    synthetic: r.synthetic,
    createdAt: new Date(r.created_at).toISOString(),
    readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
  }));
}

/** How many of a user's notifications are unread. */
export async function countUnread(db: Kysely<DB>, userId: number): Promise<number> {
  const r = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<string | number | bigint>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Mark a user's notifications read (these ids, or all); returns how many changed. */
export async function markRead(
  db: Kysely<DB>,
  userId: number,
  ids: readonly number[] | null,
  at: Date
): Promise<number> {
  let q = db
    .updateTable('notifications')
    .set({ read_at: at })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null);
  if (ids) {
    if (ids.length === 0) return 0;
    q = q.where('id', 'in', [...ids]);
  }
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** The kinds a user has turned off or on (kinds not stored are on). */
export async function preferences(db: Kysely<DB>, userId: number): Promise<Map<string, boolean>> {
  const rows = await db
    .selectFrom('notification_preferences')
    .select(['kind', 'enabled'])
    .where('user_id', '=', userId)
    .execute();
  return new Map(rows.map((r) => [r.kind, r.enabled]));
}

/** Store a user's choice for each kind. */
export async function savePreferences(
  db: Kysely<DB>,
  userId: number,
  choices: readonly { kind: NotificationKind; enabled: boolean }[]
): Promise<void> {
  if (choices.length === 0) return;
  await db
    .insertInto('notification_preferences')
    .values(choices.map((c) => ({ user_id: userId, kind: c.kind, enabled: c.enabled })))
    .onConflict((oc) =>
      oc.columns(['user_id', 'kind']).doUpdateSet((eb) => ({ enabled: eb.ref('excluded.enabled') }))
    )
    .execute();
}
