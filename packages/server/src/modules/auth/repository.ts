/** SQL for users and sessions. */
import type { Kysely } from 'kysely';
import type { Role } from '@weijian/core';
import type { DB } from '../../db/types';

export async function findUserByName(db: Kysely<DB>, username: string) {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function insertUser(
  db: Kysely<DB>,
  user: {
    username: string;
    displayName: string | null;
    passwordHash: string;
    role: Role;
    orgUnitCode: string;
  }
): Promise<number> {
  const row = await db
    .insertInto('users')
    .values({
      username: user.username,
      display_name: user.displayName,
      password_hash: user.passwordHash,
      role: user.role,
      org_unit_code: user.orgUnitCode,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function countUsers(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertSession(
  db: Kysely<DB>,
  id: string,
  userId: number,
  expiresAt: Date
): Promise<void> {
  await db.insertInto('sessions').values({ id, user_id: userId, expires_at: expiresAt }).execute();
}

export async function deleteSession(db: Kysely<DB>, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

/** The user behind a live session, with the org unit's name. */
export async function findSessionUser(db: Kysely<DB>, id: string, now: Date) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('org_units', 'org_units.code', 'users.org_unit_code')
    .select([
      'users.id',
      'users.username',
      'users.display_name',
      'users.role',
      'users.org_unit_code',
      'org_units.name as org_unit_name',
      'users.disabled',
    ])
    .where('sessions.id', '=', id)
    .where('sessions.expires_at', '>', now)
    .executeTakeFirst();
}
