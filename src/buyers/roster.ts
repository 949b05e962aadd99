import type { DataSource, EntityManager } from 'typeorm';

/** The databases known to have a roster (a process speaks to one; tests start several). */
const known = new WeakSet<DataSource>();

/**
 * Whether the programme has a roster (issue 16, finding 7): one was imported (the import is
 * recorded in the audit trail), or a rostered NIP from before that record waits to be claimed.
 * Where it has one, only rostered NIPs register, confirmed by a code to the roster's phone; an open
 * programme (no roster) takes each buyer's word. Once true it stays true (a roster is not taken
 * back), so the process keeps that answer.
 */
export async function programmeHasRoster(db: DataSource | EntityManager): Promise<boolean> {
  const source = 'connection' in db ? db.connection : db;
  if (known.has(source)) return true;
  const [row]: { exists: boolean }[] = await db.query(
    `SELECT EXISTS (SELECT 1 FROM audit_entries WHERE entity_type = 'roster')
         OR EXISTS (SELECT 1 FROM users WHERE role = 'BUYER' AND password_hash IS NULL) AS exists`,
  );
  if (row.exists) known.add(source);
  return row.exists;
}
