/** An in-process app for HTTP tests (Fastify inject, no network port) with helpers to sign in. */
import type { FastifyInstance } from 'fastify';
import { FieldCipher } from '../crypto/field-cipher';
import type { Kysely } from 'kysely';
import type { Role } from '@weijian/core';
import { buildApp } from '../app';
import type { DB } from '../db/types';
import { SYSTEM_ACTOR } from '../modules/audit';
import { createUser } from '../modules/auth';
import { catalogue } from '../modules/catalogue';

/** A field cipher with fixed test keys (AES-256-GCM, HMAC-SHA-256): never use these keys elsewhere. */
export function testCipher(): FieldCipher {
  return new FieldCipher({
    cipher: 'aes-256-gcm',
    keys: new Map([['test', Buffer.alloc(32, 7)]]),
    current: 'test',
    lookupHash: 'hmac-sha256',
    lookupKey: Buffer.alloc(32, 11),
  });
}

export interface TestApp {
  app: FastifyInstance;
  clock: { now: Date };
}

/** Build the app over a test database with a movable clock. */
export async function createTestApp(db: Kysely<DB>): Promise<TestApp> {
  const clock = { now: new Date('2026-06-01T08:00:00Z') };
  const app = await buildApp({ db, catalogue: catalogue(), now: () => clock.now, fieldCipher: testCipher() });
  return { app, clock };
}

let counter = 0;

/** Create a user with a unique name and sign in; returns the cookie header to send. */
export async function signIn(
  db: Kysely<DB>,
  app: FastifyInstance,
  role: Role,
  orgUnit: string
): Promise<{ cookie: string; username: string }> {
  const username = `${role}-${orgUnit}-${String(++counter)}-${Math.random().toString(36).slice(2, 7)}`;
  await createUser(db, SYSTEM_ACTOR, { username, password: 'correct horse', role, orgUnitCode: orgUnit });
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: 'correct horse' },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.body}`);
  const setCookie = res.headers['set-cookie'];
  const first = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  return { cookie: (first ?? '').split(';')[0] ?? '', username };
}
