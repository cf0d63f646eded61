/** Settings from the environment, read in one place. */
import { repoPath } from './paths';

export interface Config {
  /** PostgreSQL URL; when absent the embedded PGlite database is used. */
  databaseUrl: string | undefined;
  /** PGlite data directory (also holds the server lock file). */
  dataDir: string;
  port: number;
  host: string;
  /** Password of the first admin, created on first start when no user exists. */
  adminPassword: string | undefined;
  secureCookies: boolean;
}

/** Read the configuration from process.env. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  return {
    databaseUrl: env.DATABASE_URL && env.DATABASE_URL !== '' ? env.DATABASE_URL : undefined,
    dataDir: env.WEIJIAN_DATA_DIR ?? repoPath('data'),
    port: Number.isInteger(port) && port > 0 ? port : 3000,
    host: env.HOST ?? '0.0.0.0',
    adminPassword: env.WEIJIAN_ADMIN_PASSWORD,
    secureCookies: env.WEIJIAN_SECURE_COOKIES === 'true',
  };
}
