/**
 * Bringing a database to life: migrations, the reference org units, the plans shipped with the
 * repository, and the first admin. Every step is idempotent: a second start changes nothing.
 */
import type { Db } from './db/connection';
import { migrate } from './db/migrate';
import { SYSTEM_ACTOR } from './modules/audit';
import { ensureFirstAdmin } from './modules/auth';
import { catalogue, syncCatalogue } from './modules/catalogue';
import { seedRegions } from './modules/orgunits';
import { readPlanDirectory, savePlans } from './modules/plans';
import { syncDiseases } from './modules/surveillance';
import { repoPath } from './paths';

export interface BootstrapReport {
  migrations: string[];
  orgUnits: number;
  catalogueChanges: number;
  plansChanged: string[];
  adminCreated: boolean;
}

/** Migrate, seed regions and plans, create the first admin when asked to. */
export async function bootstrap(
  db: Db,
  options: { plansDir?: string; adminPassword?: string | undefined } = {}
): Promise<BootstrapReport> {
  const migrations = await migrate(db);
  const orgUnits = await db.transaction().execute((tx) => seedRegions(tx));
  const catalogueChanges =
    (await db.transaction().execute((tx) => syncCatalogue(tx, catalogue()))) +
    (await db.transaction().execute((tx) => syncDiseases(tx, SYSTEM_ACTOR)));
  const plansChanged = await savePlans(
    db,
    SYSTEM_ACTOR,
    readPlanDirectory(options.plansDir ?? repoPath('plans'))
  );
  const adminCreated = await ensureFirstAdmin(db, options.adminPassword, SYSTEM_ACTOR);
  return { migrations, orgUnits, catalogueChanges, plansChanged, adminCreated };
}
