#!/usr/bin/env node
// The `weijian` command. The sources are TypeScript; tsx compiles them on the fly so that the
// command works straight after `npm ci`, with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
