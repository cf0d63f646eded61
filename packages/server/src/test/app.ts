/** An in-process app for HTTP tests (Fastify inject, no network port) with helpers to sign in. */
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Role } from '@weijian/core';
import { buildApp } from '../app';
import type { DB } from '../db/types';
import { SYSTEM_ACTOR } from '../modules/audit';
import { createUser } from '../modules/auth';
import { catalogue } from '../modules/catalogue';

export interface TestApp {
  app: FastifyInstance;
  clock: { now: Date };
}

/** Build the app over a test database with a movable clock. */
export async function createTestApp(db: Kysely<DB>): Promise<TestApp> {
  const clock = { now: new Date('2026-06-01T08:00:00Z') };
  const app = await buildApp({ db, catalogue: catalogue(), now: () => clock.now });
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
