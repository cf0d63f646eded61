/** SQL for users, sessions and sign-in counters. Rows leave here in camelCase. */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Me, Role, SessionView, UserView } from '@weijian/core';
import type { DB, UserTable } from '../../db/types';

/** A stored user, with the password hash the sign-in checks. */
export interface UserRecord {
  id: number;
  username: string;
  displayName: string | null;
  passwordHash: string;
  role: Role;
  orgUnitCode: string;
  disabled: boolean;
  mustChangePassword: boolean;
}

function toUser(r: Selectable<UserTable>): UserRecord {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    passwordHash: r.password_hash,
    role: r.role,
    orgUnitCode: r.org_unit_code,
    disabled: r.disabled,
    mustChangePassword: r.must_change_password,
  };
}

const iso = (d: Date | string): string => new Date(d).toISOString();

export async function findUserByName(db: Kysely<DB>, username: string): Promise<UserRecord | undefined> {
  const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  return row ? toUser(row) : undefined;
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

/** The user behind a live session, with the org unit's name and whether the account is disabled. */
export async function findSessionUser(
  db: Kysely<DB>,
  id: string,
  now: Date
): Promise<(Me & { disabled: boolean }) | undefined> {
  const row = await db
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
  return row
    ? {
        id: row.id,
        username: row.username,
        displayName: row.display_name,
        role: row.role,
        orgUnitCode: row.org_unit_code,
        orgUnitName: row.org_unit_name,
        mustChangePassword: row.must_change_password,
        disabled: row.disabled,
      }
    : undefined;
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
export async function findUserById(db: Kysely<DB>, id: number): Promise<UserRecord | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toUser(row) : undefined;
}

/** Users whose org unit lies at or below a scope, by name. */
export async function listUsersInScope(db: Kysely<DB>, scopeCode: string): Promise<UserView[]> {
  const rows = await db
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
  return rows.map((u) => ({
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    orgUnit: u.org_unit_code,
    disabled: u.disabled,
    mustChangePassword: u.must_change_password,
    createdAt: iso(u.created_at),
  }));
}

/** Live sessions of users at or below a scope, newest first (the id is the token's SHA-256). */
export async function listSessionsInScope(
  db: Kysely<DB>,
  scopeCode: string,
  now: Date
): Promise<SessionView[]> {
  const rows = await db
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
  return rows.map((s) => ({
    id: s.id,
    userId: s.user_id,
    username: s.username,
    createdAt: iso(s.created_at),
    expiresAt: iso(s.expires_at),
    ip: s.ip,
    userAgent: s.user_agent,
  }));
}

/** A session with its user's org-unit path, to check the scope before revoking it. */
export async function findSessionWithPath(
  db: Kysely<DB>,
  id: string
): Promise<{ id: string; userId: number; username: string; path: string } | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('org_units', 'org_units.code', 'users.org_unit_code')
    .select(['sessions.id', 'sessions.user_id', 'users.username', 'org_units.path'])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
  return row ? { id: row.id, userId: row.user_id, username: row.username, path: row.path } : undefined;
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

/** Disable the accounts of synthetic (demo) units, which are about to be removed. */
export async function disableUsersOfSyntheticUnits(db: Kysely<DB>): Promise<void> {
  await sql`UPDATE users SET disabled = true WHERE org_unit_code IN (SELECT code FROM org_units WHERE synthetic)`.execute(
    db
  );
}
