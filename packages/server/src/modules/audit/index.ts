/** What the audit module offers: the actor of a write and the audit rows every write leaves. */
export {
  SYSTEM_ACTOR,
  actedAt,
  actorOf,
  writeAudit,
  writeAuditMany,
  type Actor,
  type AuditEntry,
} from './service';
