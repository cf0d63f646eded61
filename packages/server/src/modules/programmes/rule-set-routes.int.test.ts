/**
 * The rule sets the web builds its visit forms from, against the catalogue files as written
 * (catalogue/programmes/hypertension.yaml: the follow-up's systolic pressure 50–300 mmHg, whole
 * numbers; five end reasons), and in force only from their effective date (2017-01-01).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgrammeRuleSetView } from '@weijian/core';
import { bootstrap } from '../../bootstrap';
import type { Database } from '../../db/connection';
import { createTestApp, signIn } from '../../test/app';
import { ENGINES, createTestDatabase } from '../../test/db';

describe.each(ENGINES)('programme rule sets on %s', (engine) => {
  let database: Database;
  let app: FastifyInstance;
  let cookie: string;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await bootstrap(database.db);
    ({ app } = await createTestApp(database.db));
    ({ cookie } = await signIn(database.db, app, 'viewer', '100000'));
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const get = (url: string, headers: Record<string, string> = { cookie }) =>
    app.inject({ method: 'GET', url, headers });

  it('serves each programme’s event types with their typed fields and end reasons', async () => {
    const res = await get('/api/programmes/rule-sets?unit=440304&date=2026-06-01');
    expect(res.statusCode).toBe(200);
    const sets = res.json<ProgrammeRuleSetView[]>();
    expect(sets.map((s) => s.code)).toEqual(['CHILD', 'DM', 'ELDERLY', 'HTN', 'MATERNAL', 'SMI', 'TB']);
    const htn = sets.find((s) => s.code === 'HTN');
    expect(htn?.version).toBe('2017');
    const followUp = htn?.eventTypes.find((t) => t.code === 'follow-up');
    expect(followUp?.name).toEqual({ zh: '随访', en: 'follow-up' });
    expect(followUp?.fields.find((f) => f.code === 'sbp')).toEqual({
      code: 'sbp',
      name: { zh: '收缩压', en: 'Systolic BP' },
      type: 'number',
      unit: 'mmHg',
      min: 50,
      max: 300,
      integer: true,
      required: false,
    });
    expect(followUp?.fields.find((f) => f.code === 'classification')?.required).toBe(true);
    expect(htn?.endReasons.map((r) => r.code)).toEqual([
      'death',
      'moved-away',
      'transferred-out',
      'diagnosis-revised',
      'refused',
    ]);
  });

  it('has nothing in force before the rule sets’ effective date, and refuses bad input', async () => {
    expect((await get('/api/programmes/rule-sets?date=2016-12-31')).json()).toEqual([]);
    expect((await get('/api/programmes/rule-sets?date=2017-01-01')).json<unknown[]>()).toHaveLength(7);
    expect((await get('/api/programmes/rule-sets?date=2026-02-30')).statusCode).toBe(422);
    expect((await get('/api/programmes/rule-sets?unit=')).statusCode).toBe(422);
    expect((await get(`/api/programmes/rule-sets?unit=${'4'.repeat(65)}`)).statusCode).toBe(422);
    expect((await get('/api/programmes/rule-sets', {})).statusCode).toBe(401);
  });
});
