/** Paths of the files that ship with the repository (plans, catalogue, reference tables, web build). */
import { join, resolve } from 'node:path';

// packages/server/src (the sources) and packages/server/dist (the bundled command) lie equally deep.
const ROOT = resolve(import.meta.dirname, '../../..');

/** Absolute path inside the repository. */
export function repoPath(...parts: string[]): string {
  return join(ROOT, ...parts);
}
