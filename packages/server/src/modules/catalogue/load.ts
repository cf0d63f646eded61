/**
 * Reads the catalogue YAML files from disk and validates them. The catalogue is data that ships
 * with the code, so it is loaded once per process and shared.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { validateCatalogue, type Catalogue } from '@weijian/core';
import { repoPath } from '../../paths';

/**
 * Load and validate catalogue/data-elements.yaml and catalogue/indicators.yaml.
 * @param dir - catalogue directory (default: the repository's catalogue/)
 */
export function loadCatalogue(dir = repoPath('catalogue')): Catalogue {
  const read = (name: string): unknown => parse(readFileSync(join(dir, name), 'utf8'));
  return validateCatalogue({
    dataElements: read('data-elements.yaml'),
    indicators: read('indicators.yaml'),
    dataSets: read('data-sets.yaml'),
    validationRules: read('validation-rules.yaml'),
  });
}

let cached: Catalogue | undefined;

/** The repository catalogue, loaded on first use. */
export function catalogue(): Catalogue {
  cached ??= loadCatalogue();
  return cached;
}
