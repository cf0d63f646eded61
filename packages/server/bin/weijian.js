#!/usr/bin/env node
// The `weijian` command. The sources are TypeScript; build.mjs bundles them with esbuild into
// dist/weijian.mjs when that is missing or older than a source (about a second, once), so the
// command works straight after `npm ci` with no build step and starts on plain JavaScript.
import { BUNDLE, buildIfStale } from '../build.mjs';

await buildIfStale();
await import(BUNDLE);
