// Builds the `weijian` command from the TypeScript sources into one ES module, dist/weijian.mjs:
// the server's and @weijian/core's sources bundled, every other package left to node_modules.
// bin/weijian.js calls buildIfStale() before each run, so a fresh clone, a pull or an edit is
// picked up without a separate build step; a current bundle costs one walk over the sources'
// modification times. Written to a temporary name and renamed, so two commands starting at once
// never read half a file. See README "The weijian command" for why a bundle and not tsx.
import { readdirSync, renameSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';

const SERVER = import.meta.dirname;
const SOURCES = [join(SERVER, 'src'), join(SERVER, '../core/src')];
export const BUNDLE = join(SERVER, 'dist/weijian.mjs');

function newest(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return /\.test\.ts$/.test(path) ? 0 : st.mtimeMs;
  let t = st.mtimeMs;
  for (const f of readdirSync(path)) t = Math.max(t, newest(join(path, f)));
  return t;
}

function builtAt() {
  try {
    return statSync(BUNDLE).mtimeMs;
  } catch {
    return -1;
  }
}

/** Bundle the command. */
export async function buildBundle() {
  const out = await build({
    entryPoints: [join(SERVER, 'src/cli/main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    write: false,
    outfile: BUNDLE,
    logLevel: 'warning',
    // Packages come from node_modules at run time; only the workspace's own sources are bundled.
    plugins: [
      {
        name: 'node-modules-external',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith('@weijian/') ? undefined : { path: args.path, external: true }
          );
        },
      },
    ],
  });
  const [file] = out.outputFiles;
  if (!file) throw new Error('esbuild produced no output');
  await mkdir(join(SERVER, 'dist'), { recursive: true });
  const tmp = `${BUNDLE}.${process.pid}.tmp`;
  await writeFile(tmp, file.contents);
  renameSync(tmp, BUNDLE);
}

/** Build the bundle when it is missing or older than any source file. */
export async function buildIfStale() {
  const at = builtAt();
  if (at < 0 || SOURCES.some((dir) => newest(dir) > at)) await buildBundle();
}

if (process.argv[1] === import.meta.filename) await buildBundle();
