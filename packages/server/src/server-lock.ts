/**
 * PGlite lets one process open a data directory. While the server runs, it leaves a lock file
 * there with its port and a random token; the `weijian` command finds it and goes through the
 * server's API instead of opening the files a second time.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ServerLock {
  pid: number;
  port: number;
  /** Address the server listens on (absent in locks of older builds: 127.0.0.1). */
  host?: string;
  token: string;
}

/** Where the local command reaches the server of a lock (a wildcard address means this machine). */
export function lockAddress(lock: ServerLock): string {
  const host = !lock.host || lock.host === '0.0.0.0' || lock.host === '::' ? '127.0.0.1' : lock.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${lock.port}`;
}

const lockPath = (dataDir: string): string => join(dataDir, 'weijian-server.json');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The lock of a live server on this data directory, if any (stale locks are ignored). */
export function readServerLock(dataDir: string): ServerLock | null {
  const path = lockPath(dataDir);
  if (!existsSync(path)) return null;
  try {
    const lock = JSON.parse(readFileSync(path, 'utf8')) as ServerLock;
    return alive(lock.pid) && lock.pid !== process.pid ? lock : null;
  } catch {
    return null;
  }
}

/** Write this process's lock; returns the token and a function that removes the lock. */
export function writeServerLock(
  dataDir: string,
  port: number,
  host = '127.0.0.1'
): { token: string; release: () => void } {
  mkdirSync(dataDir, { recursive: true });
  const token = randomBytes(32).toString('base64url');
  writeFileSync(lockPath(dataDir), JSON.stringify({ pid: process.pid, port, host, token }), { mode: 0o600 });
  return {
    token,
    release: () => {
      rmSync(lockPath(dataDir), { force: true });
    },
  };
}
