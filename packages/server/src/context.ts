/** What every route and command needs: the database and the catalogue. */
import type { Kysely } from 'kysely';
import type { Catalogue } from '@weijian/core';
import type { DB } from './db/types';

export interface AppContext {
  db: Kysely<DB>;
  catalogue: Catalogue;
  /** The clock, injectable so tests can move time (sessions expire). */
  now: () => Date;
  /** Serve the built web app from this directory when it exists. */
  webDir?: string;
  /** Secret that the local `weijian` command presents to act through this server. */
  localToken?: string;
  /** Mark the session cookie Secure (behind HTTPS). */
  secureCookies?: boolean;
}
