/**
 * The typed target as a zod schema, for what reads a stored target back (the plan_targets table):
 * a value that is not a target is refused there instead of reaching the evaluator. It mirrors
 * types.ts; the check at the end keeps the two in step at compile time.
 */
import { z } from 'zod';
import type { Target } from './types';

const comparator = z.enum(['ge', 'gt', 'le', 'lt', 'eq']);
const direction = z.enum(['increase', 'decrease']);
const changeMode = z.enum(['percent', 'points', 'absolute']);
const changeBound = z.enum(['atLeast', 'atMost', 'about']);

const base = {
  raw: z.string(),
  unit: z.string().optional(),
  per: z.string().optional(),
  note: z.string().optional(),
  warnings: z.array(
    z.enum(['unrecognised', 'compound', 'no-target', 'conflicting-operators', 'qualitative-only'])
  ),
};

/** Any typed target (see types.ts for what each kind means). */
export const targetSchema = z.discriminatedUnion('kind', [
  z.object({ ...base, kind: z.literal('comparison'), op: comparator, value: z.number() }),
  z.object({ ...base, kind: z.literal('value'), value: z.number() }),
  z.object({ ...base, kind: z.literal('range'), min: z.number(), max: z.number() }),
  z.object({ ...base, kind: z.literal('approx'), value: z.number() }),
  z.object({
    ...base,
    kind: z.literal('change'),
    direction,
    amount: z.number(),
    mode: changeMode,
    from: z.discriminatedUnion('type', [
      z.object({ type: z.literal('baseline') }),
      z.object({ type: z.literal('year'), year: z.number().int() }),
    ]),
    bound: changeBound,
  }),
  z.object({
    ...base,
    kind: z.literal('annualChange'),
    direction,
    amount: z.number(),
    mode: changeMode,
    bound: changeBound,
  }),
  z.object({ ...base, kind: z.literal('increment'), op: comparator, value: z.number() }),
  z.object({
    ...base,
    kind: z.literal('ratio'),
    op: comparator.nullable(),
    left: z.number(),
    right: z.number(),
  }),
  z.object({ ...base, kind: z.literal('coverage'), value: z.literal(100) }),
  z.object({
    ...base,
    kind: z.literal('level'),
    op: comparator,
    scheme: z.enum(['emr', 'interop', 'hospital-grade', 'generic']),
    level: z.string(),
    rank: z.number(),
  }),
  z.object({
    ...base,
    kind: z.literal('qualitative'),
    direction: z.enum(['increase', 'decrease', 'maintain']).nullable(),
    relativeTo: z.string().optional(),
  }),
]);

// Both ways, so that a field added to one and not the other fails the type check.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const TARGET_SCHEMA_IN_STEP: Same<z.infer<typeof targetSchema>, Target> = true;
