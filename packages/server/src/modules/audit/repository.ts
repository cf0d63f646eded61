/** SQL for the audit log. */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types';

/** One audit row as stored. */
export interface AuditRow {
  userId: number | null;
  actor: string;
  at: Date;
  action: string;
  entity: string;
  entityId: string;
  details: Record<string, unknown>;
}

/** Insert audit rows in one statement (inside the transaction of the writes they record). */
export async function insertAuditRows(db: Kysely<DB>, rows: readonly AuditRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('audit_log')
    .values(
      rows.map((r) => ({
        user_id: r.userId,
        actor: r.actor,
        at: r.at,
        action: r.action,
        entity: r.entity,
        entity_id: r.entityId,
        details: JSON.stringify(r.details),
      }))
    )
    .execute();
}
