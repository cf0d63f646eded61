/** What every route and command needs: the database and the catalogue. */
import type { Catalogue } from '@weijian/core';
import type { FieldCipher } from './crypto/field-cipher';
import type { Db } from './db/connection';
import type { Limits } from './limits';

export interface AppContext {
  db: Db;
  catalogue: Catalogue;
  /** The clock, injectable so tests can move time (sessions expire). */
  now: () => Date;
  /** Serve the built web app from this directory when it exists. */
  webDir?: string;
  /** Secret that the local `weijian` command presents to act through this server. */
  localToken?: string;
  /** Mark the session cookie Secure (behind HTTPS); also turns on HSTS. */
  secureCookies?: boolean;
  /** Serve /api/docs without sign-in. */
  publicDocs?: boolean;
  /** Origins besides the server's own host allowed to send state-changing requests. */
  allowedOrigins?: string[];
  /** Resource limits (defaults from the environment). */
  limits?: Limits;
  /** A consistent copy of the embedded database, taken by the server that holds it (PGlite only). */
  backup?: () => Promise<Buffer>;
  /** Seals identifying fields of residents and hashes them for look-up (keys from configuration). */
  fieldCipher?: FieldCipher;
}
