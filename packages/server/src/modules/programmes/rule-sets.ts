/**
 * The programme rule sets of catalogue/programmes, read once per process and checked against the
 * catalogue (every element and indicator they name must exist), like the rest of the catalogue.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseRuleSets, resolverFor, type RuleSet, type RuleSetResolver } from '@weijian/core';
import { repoPath } from '../../paths';
import { catalogue } from '../catalogue';

/**
 * Read and check every `*.yaml` in a directory of rule sets.
 * @throws AppError VALIDATION_FAILED naming the file, path and field of every problem
 */
export function loadRuleSets(dir = repoPath('catalogue/programmes')): RuleSet[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({
      file: `catalogue/programmes/${f}`,
      data: parse(readFileSync(join(dir, f), 'utf8')) as unknown,
    }));
  return parseRuleSets(files, catalogue());
}

let cached: RuleSet[] | undefined;

/** The repository's rule sets, loaded on first use. */
export function ruleSets(): RuleSet[] {
  cached ??= loadRuleSets();
  return cached;
}

/** Programme codes that have at least one rule set, sorted. */
export function programmeCodes(): string[] {
  return [...new Set(ruleSets().map((r) => r.code))].sort();
}

/**
 * The resolver of a resident's programme: each year judged by the rule in force on its 31
 * December for the resident's home region (the longest region prefix of the home unit's code).
 */
export function resolverForResident(programme: string, homeUnit: string): RuleSetResolver {
  return resolverFor(ruleSets(), programme, homeUnit);
}
