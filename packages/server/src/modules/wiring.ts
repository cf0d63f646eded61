/**
 * Wires modules that must hear about each other without importing each other: listeners of the
 * residents' lifecycle are registered here, once, by everything that builds an app or runs a
 * command (app.ts imports this file).
 */
import { programmesListener } from './programmes';
import { onResidentLifecycle } from './residents/lifecycle';

onResidentLifecycle(programmesListener);
