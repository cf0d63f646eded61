/** The audit log: one row per write, inside the transaction of the write it records. */
import type { Db } from '../../db/connection';
import { insertAuditRows } from './repository';

/**
 * Who is acting, and when: a signed-in user (with the request's time from the injected clock), or
 * the system itself (startup seeding, the command line), which acts on the real clock.
 */
export interface Actor {
  userId: number | null;
  name: string;
  /** The time of the act. Every timestamp a write stores comes from here, never from `new Date()`. */
  at?: Date;
}

export const SYSTEM_ACTOR: Actor = { userId: null, name: 'system' };

/** The actor of writes on behalf of a signed-in user, at the time of the request (the injected clock). */
export function actorOf(user: { id: number | null; username: string }, at: Date): Actor {
  return { userId: user.id, name: user.username, at };
}

/** The time an actor acts at: the injected clock's reading, or the real clock for the system. */
export function actedAt(actor: Actor): Date {
  return actor.at ?? new Date();
}

export interface AuditEntry {
  action: string;
  entity: string;
  entityId: string;
  details?: Record<string, unknown>;
}

/** Record one write. Call it with the transaction that performs the write. */
export async function writeAudit(db: Db, actor: Actor, entry: AuditEntry): Promise<void> {
  await writeAuditMany(db, actor, [entry]);
}

/** Record many writes of one batch in one statement (same transaction as the writes). */
export async function writeAuditMany(db: Db, actor: Actor, entries: readonly AuditEntry[]): Promise<void> {
  const at = actedAt(actor);
  await insertAuditRows(
    db,
    entries.map((entry) => ({
      userId: actor.userId,
      actor: actor.name,
      at,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId,
      details: entry.details ?? {},
    }))
  );
}
