/**
 * Wires modules that must hear about each other without importing each other: listeners of the
 * residents' lifecycle are registered here, once, by everything that builds an app or runs a
 * command (app.ts imports this file). Keep it a plain list of registrations.
 */
import { immunizationListener } from './immunization';
import { programmesListener } from './programmes';
import { referralListener } from './referrals';
import { onResidentLifecycle } from './residents';

onResidentLifecycle(programmesListener);
onResidentLifecycle(immunizationListener);
onResidentLifecycle(referralListener);
