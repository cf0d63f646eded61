/**
 * Users, sign-in and sessions. The session token lives only in the user's httpOnly cookie; the
 * database keeps its SHA-256, so a leaked table does not leak sessions.
 */
import { createHash, randomBytes } from 'node:crypto';
import { AppError, ROLES, type Me, type Role } from '@weijian/core';
import type { Db } from '../../db/connection';
import { writeAudit, type Actor } from '../audit';
import { findOrgUnit } from '../orgunits';
import { hashPassword, verifyPassword } from './password';
import { assertPasswordAcceptable } from './password-policy';
import * as repo from './repository';
import { assertNotLocked, recordFailedLogin, recordSuccessfulLogin, type Client } from './throttle';

/** How long a session lasts. */
export const SESSION_HOURS = 12;

/** The signed-in user as every route sees it (`Me`, which `GET /api/auth/me` returns, and the session). */
export interface SessionUser extends Me {
  /** SHA-256 of the session token (absent for the local command line). */
  sessionId?: string;
}

/** The local `weijian` command: an administrator for the whole country, acting on this machine. */
export const LOCAL_CLI_USER: SessionUser = {
  id: null,
  username: 'cli',
  displayName: '命令行',
  role: 'admin',
  orgUnitCode: '100000',
  orgUnitName: '中华人民共和国',
  mustChangePassword: false,
};

/** The stored form of a session token. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * Create a user. The password must pass the policy (12 characters, not a common one); the org
 * unit must exist.
 * @throws AppError VALIDATION_FAILED, NOT_FOUND or CONFLICT
 */
export async function createUser(
  db: Db,
  actor: Actor,
  input: { username: string; password: string; role: string; orgUnitCode: string; displayName?: string }
): Promise<number> {
  if (!/^[A-Za-z0-9_.@-]{2,64}$/.test(input.username)) {
    throw new AppError(
      'VALIDATION_FAILED',
      {
        zh: '用户名只能包含字母、数字和 _ . @ -（2–64 位）',
        en: 'Username must be 2–64 letters, digits or _ . @ -',
      },
      [
        {
          field: 'username',
          value: input.username,
          message: { zh: '用户名格式不正确', en: 'Invalid username' },
        },
      ]
    );
  }
  assertPasswordAcceptable(input.password, input.username);
  if (!(ROLES as readonly string[]).includes(input.role)) {
    throw new AppError(
      'VALIDATION_FAILED',
      { zh: `未知角色：${input.role}`, en: `Unknown role: ${input.role}` },
      [
        {
          field: 'role',
          value: input.role,
          message: { zh: `角色须为 ${ROLES.join('、')}`, en: `Role must be one of ${ROLES.join(', ')}` },
        },
      ]
    );
  }
  if (!(await findOrgUnit(db, input.orgUnitCode))) {
    throw new AppError(
      'NOT_FOUND',
      { zh: `机构不存在：${input.orgUnitCode}`, en: `Unknown org unit: ${input.orgUnitCode}` },
      [
        {
          field: 'orgUnit',
          value: input.orgUnitCode,
          message: { zh: '机构编码不存在', en: 'No such org unit' },
        },
      ]
    );
  }
  if (await repo.findUserByName(db, input.username)) {
    throw new AppError('CONFLICT', {
      zh: `用户已存在：${input.username}`,
      en: `User already exists: ${input.username}`,
    });
  }
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (tx) => {
    const id = await repo.insertUser(tx, {
      username: input.username,
      displayName: input.displayName ?? null,
      passwordHash,
      role: input.role as Role,
      orgUnitCode: input.orgUnitCode,
    });
    await writeAudit(tx, actor, {
      action: 'create',
      entity: 'user',
      entityId: String(id),
      details: { username: input.username, role: input.role, orgUnit: input.orgUnitCode },
    });
    return id;
  });
}

// A hash of a random password: a sign-in for a user that does not exist checks against it, so a
// missing user costs the same time as a wrong password and user names cannot be probed by timing.
let dummyHash: Promise<string> | null = null;
const dummy = (): Promise<string> => (dummyHash ??= hashPassword(randomBytes(18).toString('base64url')));

/**
 * Check a username and password and open a session. Failures are counted per user name and per
 * client address (in the database, so every server node sees them); past the limit the caller
 * waits, and every failure and lockout is in the audit trail.
 * @returns the session token for the cookie
 * @throws AppError UNAUTHENTICATED with the same message whether the user or the password is wrong;
 *   TOO_MANY_REQUESTS (RetryLaterError) while a lock runs
 */
export async function login(
  db: Db,
  username: string,
  password: string,
  now: Date,
  client: Client = { ip: null, userAgent: null }
): Promise<{ token: string; expiresAt: Date; mustChangePassword: boolean }> {
  await assertNotLocked(db, username, client, now);
  const user = await repo.findUserByName(db, username);
  const verified = await verifyPassword(password, user?.passwordHash ?? (await dummy()));
  if (!user || user.disabled || !verified) {
    await recordFailedLogin(
      db,
      username,
      user?.id ?? null,
      client,
      now,
      user?.disabled ? 'disabled' : 'wrong'
    );
    throw new AppError('UNAUTHENTICATED', { zh: '用户名或密码错误', en: 'Wrong username or password' });
  }
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000);
  await db.transaction().execute(async (tx) => {
    await repo.insertSession(tx, {
      id: hashToken(token),
      userId: user.id,
      createdAt: now,
      expiresAt,
      ip: client.ip,
      userAgent: client.userAgent,
    });
    await recordSuccessfulLogin(tx, username);
    await writeAudit(
      tx,
      { userId: user.id, name: user.username, at: now },
      { action: 'login', entity: 'user', entityId: String(user.id), details: { ip: client.ip } }
    );
  });
  return { token, expiresAt, mustChangePassword: user.mustChangePassword };
}

/** End a session. */
export async function logout(db: Db, token: string): Promise<void> {
  await repo.deleteSession(db, hashToken(token));
}

/** The user behind a session token, or null when the token is unknown or expired. */
export async function authenticate(db: Db, token: string, now: Date): Promise<SessionUser | null> {
  const row = await repo.findSessionUser(db, hashToken(token), now);
  if (!row || row.disabled) return null;
  const { disabled: _disabled, ...user } = row;
  return { ...user, sessionId: hashToken(token) };
}

/**
 * On first start with WEIJIAN_ADMIN_PASSWORD set and no users, create the admin for the whole
 * country (org unit 100000). Does nothing once any user exists.
 */
export async function ensureFirstAdmin(db: Db, password: string | undefined, actor: Actor): Promise<boolean> {
  if (!password || (await repo.countUsers(db)) > 0) return false;
  await createUser(db, actor, {
    username: 'admin',
    password,
    role: 'admin',
    orgUnitCode: '100000',
    displayName: '系统管理员',
  });
  return true;
}

/** Whether any user exists (the server says how to create the first one when none does). */
export async function hasUsers(db: Db): Promise<boolean> {
  return (await repo.countUsers(db)) > 0;
}

/** Disable the accounts of synthetic (demo) units; part of removing the demo data. */
export function disableUsersOfSyntheticUnits(tx: Db): Promise<void> {
  return repo.disableUsersOfSyntheticUnits(tx);
}
