/** SQL for users and sessions. */
import { sql, type Kysely } from 'kysely';
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
  session: {
    id: string;
    userId: number;
    createdAt: Date;
    expiresAt: Date;
    ip: string | null;
    userAgent: string | null;
  }
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id: session.id,
      user_id: session.userId,
      created_at: session.createdAt,
      expires_at: session.expiresAt,
      ip: session.ip,
      user_agent: session.userAgent,
    })
    .execute();
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
      'users.must_change_password',
    ])
    .where('sessions.id', '=', id)
    .where('sessions.expires_at', '>', now)
    .executeTakeFirst();
}

/** The latest lock among some throttle keys that is still running at `now`, if any. */
export async function activeLock(db: Kysely<DB>, keys: readonly string[], now: Date): Promise<Date | null> {
  const row = await db
    .selectFrom('login_throttle')
    .select((eb) => eb.fn.max('locked_until').as('until'))
    .where('key', 'in', [...keys])
    .where('locked_until', '>', now)
    .executeTakeFirst();
  return row?.until ? new Date(row.until) : null;
}

/**
 * Count one failure for a key in a single statement (safe when several server nodes count at
 * once): the count restarts when the last failure is older than `resetBefore`; from `free`
 * failures on, the key is locked for base × 2^(failures − free) seconds, at most `maxSeconds`.
 */
export async function countFailure(
  db: Kysely<DB>,
  key: string,
  now: Date,
  policy: { free: number; baseSeconds: number; maxSeconds: number; resetBefore: Date }
): Promise<{ failures: number; lockedUntil: Date | null }> {
  const { free, baseSeconds, maxSeconds, resetBefore } = policy;
  const row = await sql<{ failures: number; locked_until: Date | null }>`
    INSERT INTO login_throttle AS t (key, failures, last_failure_at, locked_until)
    VALUES (${key}, 1, ${now}, CASE WHEN 1 >= ${free}::int
      THEN ${now}::timestamptz + make_interval(secs => LEAST(${baseSeconds}::int, ${maxSeconds}::int)) END)
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN t.last_failure_at < ${resetBefore} THEN 1 ELSE t.failures + 1 END,
      last_failure_at = ${now},
      locked_until = CASE
        WHEN (CASE WHEN t.last_failure_at < ${resetBefore} THEN 1 ELSE t.failures + 1 END) >= ${free}::int
        THEN ${now}::timestamptz + make_interval(secs => LEAST(
          ${baseSeconds}::float8 * power(2, LEAST(30, (CASE WHEN t.last_failure_at < ${resetBefore} THEN 1 ELSE t.failures + 1 END) - ${free}::int)),
          ${maxSeconds}::float8))
        ELSE NULL END
    RETURNING t.failures, t.locked_until`.execute(db);
  const r = row.rows[0];
  return { failures: r?.failures ?? 1, lockedUntil: r?.locked_until ? new Date(r.locked_until) : null };
}

/** Forget the failures of a key (after a successful sign-in). */
export async function clearFailures(db: Kysely<DB>, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}

/** One user by id. */
export async function findUserById(db: Kysely<DB>, id: number) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Users whose org unit lies at or below a scope, by name. */
export async function listUsersInScope(db: Kysely<DB>, scopeCode: string) {
  return db
    .selectFrom('users')
    .innerJoin('org_units', 'org_units.code', 'users.org_unit_code')
    .select([
      'users.id',
      'users.username',
      'users.display_name',
      'users.role',
      'users.org_unit_code',
      'users.disabled',
      'users.must_change_password',
      'users.created_at',
    ])
    .where('org_units.path', 'like', `%/${scopeCode}/%`)
    .orderBy('users.username')
    .execute();
}

/** Live sessions of users at or below a scope, newest first (the id is the token's SHA-256). */
export async function listSessionsInScope(db: Kysely<DB>, scopeCode: string, now: Date) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('org_units', 'org_units.code', 'users.org_unit_code')
    .select([
      'sessions.id',
      'sessions.user_id',
      'users.username',
      'sessions.created_at',
      'sessions.expires_at',
      'sessions.ip',
      'sessions.user_agent',
    ])
    .where('org_units.path', 'like', `%/${scopeCode}/%`)
    .where('sessions.expires_at', '>', now)
    .orderBy('sessions.created_at', 'desc')
    .execute();
}

/** A session with its user's org-unit path, to check the scope before revoking it. */
export async function findSessionWithPath(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('org_units', 'org_units.code', 'users.org_unit_code')
    .select(['sessions.id', 'sessions.user_id', 'users.username', 'org_units.path'])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
}

/** End every session of a user except, optionally, one. Returns how many ended. */
export async function deleteUserSessions(db: Kysely<DB>, userId: number, except?: string): Promise<number> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (except) q = q.where('id', '<>', except);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Store a new password hash and whether the user must change it at the next sign-in. */
export async function setPassword(
  db: Kysely<DB>,
  userId: number,
  passwordHash: string,
  mustChange: boolean,
  at: Date
): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash, must_change_password: mustChange, password_changed_at: at })
    .where('id', '=', userId)
    .execute();
}
