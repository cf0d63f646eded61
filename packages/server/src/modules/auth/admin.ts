/**
 * What an administrator does with accounts: list the users and live sessions in their scope,
 * revoke sessions, and force a password reset (a temporary password the user must change at the
 * next sign-in). A user changes their own password here too. Users and sessions outside the
 * administrator's scope answer exactly like ones that do not exist.
 */
import { AppError, type SessionView, type UserView } from '@weijian/core';
import type { Db } from '../../db/connection';
import { writeAudit, type Actor } from '../audit';
import { isWithin } from '../orgunits';
import { hashPassword, verifyPassword } from './password';
import { assertPasswordAcceptable } from './password-policy';
import * as repo from './repository';
import type { SessionUser } from './service';

const noSuchUser = (id: number | string): AppError =>
  new AppError('NOT_FOUND', {
    zh: `用户不存在或不在您的范围内：${id}`,
    en: `No such user in your scope: ${id}`,
  });

async function userInScope(db: Db, id: number, scope: string): Promise<repo.UserRecord> {
  const user = await repo.findUserById(db, id);
  if (!user || !(await isWithin(db, user.orgUnitCode, scope))) throw noSuchUser(id);
  return user;
}

/** Users at or below the administrator's org unit. */
export async function listUsers(db: Db, scope: string): Promise<UserView[]> {
  return repo.listUsersInScope(db, scope);
}

/** Live sessions of the users in scope. */
export async function listSessions(db: Db, scope: string, now: Date): Promise<SessionView[]> {
  return repo.listSessionsInScope(db, scope, now);
}

/** End one session (audited). */
export async function revokeSession(db: Db, actor: Actor, scope: string, id: string): Promise<void> {
  const session = await repo.findSessionWithPath(db, id);
  if (!session?.path.includes(`/${scope}/`)) {
    throw new AppError('NOT_FOUND', {
      zh: '会话不存在或不在您的范围内',
      en: 'No such session in your scope',
    });
  }
  await db.transaction().execute(async (tx) => {
    await repo.deleteSession(tx, id);
    await writeAudit(tx, actor, {
      action: 'revoke_session',
      entity: 'user',
      entityId: String(session.userId),
      details: { username: session.username },
    });
  });
}

/** End every session of a user (audited). */
export async function revokeUserSessions(
  db: Db,
  actor: Actor,
  scope: string,
  userId: number
): Promise<number> {
  const user = await userInScope(db, userId, scope);
  return db.transaction().execute(async (tx) => {
    const n = await repo.deleteUserSessions(tx, userId);
    await writeAudit(tx, actor, {
      action: 'revoke_sessions',
      entity: 'user',
      entityId: String(userId),
      details: { username: user.username, sessions: n },
    });
    return n;
  });
}

/**
 * Force a reset: the user gets a temporary password, every session of theirs ends, and until they
 * choose a new password they can do nothing else.
 */
export async function resetPassword(
  db: Db,
  actor: Actor,
  scope: string,
  userId: number,
  temporary: string,
  now: Date
): Promise<void> {
  const user = await userInScope(db, userId, scope);
  assertPasswordAcceptable(temporary, user.username);
  const hash = await hashPassword(temporary);
  await db.transaction().execute(async (tx) => {
    await repo.setPassword(tx, userId, hash, true, now);
    const ended = await repo.deleteUserSessions(tx, userId);
    await writeAudit(tx, actor, {
      action: 'password_reset',
      entity: 'user',
      entityId: String(userId),
      details: { username: user.username, sessionsEnded: ended },
    });
  });
}

/** A user changes their own password; their other sessions end. */
export async function changeOwnPassword(
  db: Db,
  user: SessionUser,
  current: string,
  next: string,
  now: Date
): Promise<void> {
  if (user.id === null) {
    throw new AppError('FORBIDDEN', { zh: '命令行没有密码', en: 'The command line has no password' });
  }
  const row = await repo.findUserById(db, user.id);
  if (!row || !(await verifyPassword(current, row.passwordHash))) {
    throw new AppError('VALIDATION_FAILED', { zh: '当前密码不正确', en: 'The current password is wrong' }, [
      { field: 'current', message: { zh: '当前密码不正确', en: 'Wrong current password' } },
    ]);
  }
  assertPasswordAcceptable(next, row.username, 'password');
  if (await verifyPassword(next, row.passwordHash)) {
    throw new AppError(
      'VALIDATION_FAILED',
      { zh: '新密码不能与当前密码相同', en: 'The new password must differ from the current one' },
      [{ field: 'password', message: { zh: '与当前密码相同', en: 'Same as the current password' } }]
    );
  }
  const hash = await hashPassword(next);
  await db.transaction().execute(async (tx) => {
    await repo.setPassword(tx, row.id, hash, false, now);
    const ended = await repo.deleteUserSessions(tx, row.id, user.sessionId);
    await writeAudit(
      tx,
      { userId: row.id, name: row.username },
      {
        action: 'password_change',
        entity: 'user',
        entityId: String(row.id),
        details: { otherSessionsEnded: ended },
      }
    );
  });
}
