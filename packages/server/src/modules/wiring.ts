/**
 * Wires modules that must hear about each other without importing each other: listeners of the
 * residents' lifecycle are registered here, once, by everything that builds an app or runs a
 * command (app.ts imports this file).
 */
import { programmesListener } from './programmes';
// eslint-disable-next-line weijian/module-boundaries -- the residents module has no index yet; the lead swaps this for it
import { onResidentLifecycle } from './residents/lifecycle';

onResidentLifecycle(programmesListener);
