/**
 * Test databases. Every integration test file gets a database of its own: an in-memory PGlite
 * always, and a fresh schema on the PostgreSQL server named by DATABASE_URL when it is set.
 * Nothing is ever wiped globally; a schema is dropped only by the test that created it.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database, type Engine } from '../db/connection';
import { migrate } from '../db/migrate';
import { seedRegions } from '../modules/orgunits';

/** The engines the integration tests run on. */
export const ENGINES: Engine[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

/** A migrated database with the reference regions (or an empty one), on the given engine. */
export async function createTestDatabase(
  engine: Engine,
  options: { migrate?: boolean } = {}
): Promise<Database> {
  const prepare = options.migrate ?? true;
  if (engine === 'pglite') {
    const database = await openDatabase();
    if (prepare) {
      await migrate(database.db);
      await seedRegions(database.db);
    }
    return database;
  }
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const schema = `wj_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const database = await openDatabase({ url, schema, poolSize: 4 });
  if (prepare) {
    await migrate(database.db);
    await seedRegions(database.db);
  }
  return {
    ...database,
    close: async () => {
      await database.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}
