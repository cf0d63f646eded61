/**
 * Sign-in throttling. Failures are counted per user name and per client address in the
 * database, so several server nodes sharing one PostgreSQL enforce one limit. The first
 * failures are free; then each further failure locks the key for twice as long as the last
 * (1 min, 2 min, 4 min … at most 1 h). A day without failures forgets them. A successful sign-in
 * clears the user name's count, never the address's (one valid account must not buy an address
 * fresh guesses at others).
 */
import type { Db } from '../../db/connection';
import { RetryLaterError } from '../../http/errors';
import { writeAudit, writeAuditMany, type AuditEntry } from '../audit';
import { activeLock, clearFailures, countFailure } from './repository';

/** Who is signing in, as the network sees them. */
export interface Client {
  ip: string | null;
  userAgent: string | null;
}

/** Failures allowed per user name, and per client address, before the first lock. */
export const THROTTLE = {
  userFailures: 5,
  addressFailures: 20,
  baseLockSeconds: 60,
  maxLockSeconds: 3600,
  forgetAfterSeconds: 24 * 3600,
} as const;

const userKey = (username: string): string => `user:${username}`;
const addressKey = (ip: string): string => `ip:${ip}`;
const keysOf = (username: string, client: Client): string[] =>
  client.ip ? [userKey(username), addressKey(client.ip)] : [userKey(username)];

/** Beijing time (UTC+8, no daylight saving) of an instant, hh:mm:ss. */
function beijingClock(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(11, 19);
}

/**
 * Refuse the attempt while a lock runs on the user name or the address; the refusal is audited.
 * @throws RetryLaterError (429) saying when to try again
 */
export async function assertNotLocked(db: Db, username: string, client: Client, now: Date): Promise<void> {
  const until = await activeLock(db, keysOf(username, client), now);
  if (!until) return;
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  await writeAudit(
    db,
    { userId: null, name: 'anonymous' },
    {
      action: 'login_failed',
      entity: 'user',
      entityId: username,
      details: { ip: client.ip, reason: 'locked', until: until.toISOString() },
    }
  );
  throw new RetryLaterError(
    {
      zh: `登录失败次数过多，已暂时锁定，请在 ${seconds} 秒后（北京时间 ${beijingClock(until)}）重试`,
      en: `Too many failed sign-ins; locked for now. Try again in ${seconds} s (after ${until.toISOString()})`,
    },
    seconds,
    'username'
  );
}

/** Count a failed attempt against the user name and the address; audit it, and any lock it starts. */
export async function recordFailedLogin(
  db: Db,
  username: string,
  userId: number | null,
  client: Client,
  now: Date,
  reason: 'wrong' | 'disabled'
): Promise<void> {
  const resetBefore = new Date(now.getTime() - THROTTLE.forgetAfterSeconds * 1000);
  const policy = { baseSeconds: THROTTLE.baseLockSeconds, maxSeconds: THROTTLE.maxLockSeconds, resetBefore };
  await db.transaction().execute(async (tx) => {
    const entries: AuditEntry[] = [
      { action: 'login_failed', entity: 'user', entityId: username, details: { ip: client.ip, reason } },
    ];
    const counted = [
      { key: userKey(username), free: THROTTLE.userFailures, kind: 'username' },
      ...(client.ip ? [{ key: addressKey(client.ip), free: THROTTLE.addressFailures, kind: 'address' }] : []),
    ];
    for (const { key, free, kind } of counted) {
      const r = await countFailure(tx, key, now, { ...policy, free });
      if (r.lockedUntil) {
        entries.push({
          action: 'lockout',
          entity: 'user',
          entityId: username,
          details: { kind, key, failures: r.failures, until: r.lockedUntil.toISOString(), ip: client.ip },
        });
      }
    }
    await writeAuditMany(tx, { userId, name: 'anonymous' }, entries);
  });
}

/** After a successful sign-in: the user name's failures are forgotten. */
export async function recordSuccessfulLogin(db: Db, username: string): Promise<void> {
  await clearFailures(db, userKey(username));
}
