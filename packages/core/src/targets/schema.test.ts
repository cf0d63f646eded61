import { describe, expect, it } from 'vitest';
import corpus from './fixtures/public-corpus.json';
import seeds from './fixtures/seed-targets.json';
import { parseTarget } from './parse';
import { targetSchema } from './schema';

describe('targetSchema', () => {
  it('accepts every target the parser makes of the seed and corpus texts, stored as JSON and read back', () => {
    const texts = [...seeds.map((s) => s.raw), ...corpus.cases.map((c) => c.text)];
    expect(texts.length).toBeGreaterThan(600);
    for (const raw of texts) {
      const stored: unknown = JSON.parse(JSON.stringify(parseTarget(raw)));
      const read = targetSchema.safeParse(stored);
      expect(read.success, `${raw}: ${read.error?.message ?? ''}`).toBe(true);
      expect(read.data).toEqual(stored);
    }
  });

  it('refuses what is not a target: an unknown kind, a missing number, a wrong comparator', () => {
    const bad: unknown[] = [
      { kind: 'wish', raw: '更好', warnings: [] },
      { kind: 'comparison', raw: '≥84', warnings: [], op: 'ge' },
      { kind: 'comparison', raw: '≥84', warnings: [], op: '>=', value: 84 },
      { kind: 'coverage', raw: '全覆盖', warnings: [], value: 90 },
      { kind: 'value', raw: '80', warnings: ['maybe'], value: 80 },
    ];
    for (const b of bad) expect(targetSchema.safeParse(b).success, JSON.stringify(b)).toBe(false);
  });
});
