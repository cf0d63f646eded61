/**
 * Run work in a transaction, joining the caller's when there is one. Kysely cannot open a
 * transaction inside a transaction; a service that may be called on its own (its own transaction)
 * or as one step of a larger write (the FHIR transaction bundle: resident, enrolments and events
 * all or nothing) opens its transaction through this.
 */
import type { Db } from './connection';

/** `fn` inside `db`'s transaction when `db` is one, otherwise inside a new transaction. */
export function inTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}
