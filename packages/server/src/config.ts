/** Settings from the environment, read in one place. */
import { readLimits, type Limits } from './limits';
import { repoPath } from './paths';

export interface Config {
  /** PostgreSQL URL; when absent the embedded PGlite database is used. */
  databaseUrl: string | undefined;
  /** PGlite data directory (also holds the server lock file). */
  dataDir: string;
  port: number;
  /** Address to listen on; 127.0.0.1 unless HOST says otherwise (put a proxy in front to expose it). */
  host: string;
  /** Serve the OpenAPI pages at /api/docs without sign-in. */
  publicDocs: boolean;
  /** Trust X-Forwarded-For from these proxies (true, or addresses/CIDRs separated by commas). */
  trustProxy: boolean | string;
  /** Origins besides the server's own host allowed to send state-changing requests. */
  allowedOrigins: string[];
  limits: Limits;
  /** Password of the first admin, created on first start when no user exists. */
  adminPassword: string | undefined;
  secureCookies: boolean;
  /** Key file for sealing identifiers when the keys are not in the environment (outside the data directory). */
  keyFile: string;
}

/** Read the configuration from process.env. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  return {
    databaseUrl: env.DATABASE_URL && env.DATABASE_URL !== '' ? env.DATABASE_URL : undefined,
    dataDir: env.WEIJIAN_DATA_DIR ?? repoPath('data'),
    port: Number.isInteger(port) && port > 0 ? port : 3000,
    host: env.HOST && env.HOST !== '' ? env.HOST : '127.0.0.1',
    publicDocs: env.WEIJIAN_PUBLIC_DOCS === 'true',
    trustProxy: trustProxy(env.WEIJIAN_TRUST_PROXY),
    allowedOrigins: (env.WEIJIAN_ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    limits: readLimits(env),
    adminPassword: env.WEIJIAN_ADMIN_PASSWORD,
    secureCookies: env.WEIJIAN_SECURE_COOKIES === 'true',
    keyFile: env.WEIJIAN_KEY_FILE ?? `${env.WEIJIAN_DATA_DIR ?? repoPath('data')}.keys.json`,
  };
}

function trustProxy(value: string | undefined): boolean | string {
  if (!value || value === 'false') return false;
  return value === 'true' ? true : value;
}
