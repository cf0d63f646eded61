/** Start the platform: open the database, bootstrap it, serve the API and the web app. */
import { AppError } from '@weijian/core';
import { buildApp } from './app';
import { FieldCipher } from './crypto/field-cipher';
import { loadKeyRing } from './crypto/keys';
import { bootstrap } from './bootstrap';
import { readConfig } from './config';
import { openDatabase } from './db/connection';
import { hasUsers } from './modules/auth';
import { catalogue } from './modules/catalogue';
import { repoPath } from './paths';
import { readServerLock, writeServerLock } from './server-lock';

/** Run the server until the process is stopped. */
export async function serve(): Promise<void> {
  const config = readConfig();
  if (!config.databaseUrl && readServerLock(config.dataDir)) {
    throw new AppError('CONFLICT', {
      zh: `数据目录 ${config.dataDir} 已被另一个正在运行的服务器使用`,
      en: `The data directory ${config.dataDir} is in use by another running server`,
    });
  }
  const database = await openDatabase(
    config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir }
  );
  // Keys first: a server that cannot open residents' identifiers must not start.
  const fieldCipher = new FieldCipher(loadKeyRing(process.env, config.keyFile));
  const report = await bootstrap(database.db, { adminPassword: config.adminPassword });
  const lock = config.databaseUrl ? null : writeServerLock(config.dataDir, config.port, config.host);
  const app = await buildApp(
    {
      db: database.db,
      catalogue: catalogue(),
      now: () => new Date(),
      webDir: repoPath('packages/web/dist'),
      secureCookies: config.secureCookies,
      publicDocs: config.publicDocs,
      allowedOrigins: config.allowedOrigins,
      limits: config.limits,
      fieldCipher,
      ...(database.dumpDataDir ? { backup: database.dumpDataDir } : {}),
      ...(lock ? { localToken: lock.token } : {}),
    },
    { logger: true, trustProxy: config.trustProxy }
  );
  const stop = async (): Promise<void> => {
    lock?.release();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  await app.listen({ port: config.port, host: config.host });
  const engine = database.engine === 'pglite' ? `PGlite (${config.dataDir})` : 'PostgreSQL';
  if (!(await hasUsers(database.db))) {
    app.log.warn(
      'No user yet / 尚无用户. Create the first admin: npx weijian user add admin --role admin --org-unit 100000 --password <password>, or restart with WEIJIAN_ADMIN_PASSWORD=<password>'
    );
  }
  app.log.info(
    `Weijian on http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port} · ${engine} · migrations applied: ${report.migrations.length} · plans changed: ${report.plansChanged.length}${report.adminCreated ? ' · admin user created' : ''}`
  );
}
