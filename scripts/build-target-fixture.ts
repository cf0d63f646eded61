/**
 * Writes packages/core/src/targets/fixtures/seed-targets.json: every raw target string in the
 * seed extracts (indicator tables and targets stated in the text) with the typed form the parser
 * gives today. The file is a regression guard, not evidence of correctness (that is the public
 * corpus, read by hand): run this after a parser change and review the diff line by line against
 * the seed text before committing it.
 *
 *   npx tsx scripts/build-target-fixture.ts [path/to/shared/seeds/extracted]
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTarget } from '../packages/core/src/targets/index';

interface Extract {
  seedFile: string;
  indicatorTables: { title: string; rows: { name: string; targets: { raw: string }[] }[] }[];
  numericTargetsInText: { target: string; what: string }[];
}

const dir = process.argv[2] ?? join(import.meta.dirname, '../../shared/seeds/extracted');
const cases = new Map<string, { raw: string; origin: 'table' | 'text'; seen: string[]; expected: unknown }>();

for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  const extract = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Extract;
  const add = (raw: string, origin: 'table' | 'text', where: string): void => {
    const entry = cases.get(raw);
    if (entry) {
      if (origin === 'table') entry.origin = 'table';
      if (entry.seen.length < 3) entry.seen.push(where);
      return;
    }
    const { raw: _raw, ...expected } = parseTarget(raw);
    cases.set(raw, { raw, origin, seen: [where], expected });
  };
  for (const table of extract.indicatorTables) {
    for (const row of table.rows) for (const t of row.targets) add(t.raw, 'table', `${file} ${row.name}`);
  }
  for (const t of extract.numericTargetsInText) add(t.target, 'text', `${file} ${t.what.slice(0, 60)}`);
}

const out = join(import.meta.dirname, '../packages/core/src/targets/fixtures/seed-targets.json');
writeFileSync(out, JSON.stringify([...cases.values()], null, 1) + '\n');
console.log(`${cases.size} target strings written to ${out}`);
