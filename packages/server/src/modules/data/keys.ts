/** How values are keyed: element × org unit × period × disaggregation, and the slices roll-ups work on. */

export interface ValueKey {
  element: string;
  orgUnit: string;
  period: string;
  disagg: string;
}

/** Stable string key of a value key. */
export function valueKey(k: ValueKey): string {
  return `${k.element}\u0000${k.orgUnit}\u0000${k.period}\u0000${k.disagg}`;
}

/** An (element, period) slice: what a roll-up recomputes across the whole tree. */
export interface Slice {
  element: string;
  period: string;
}

/** Distinct slices of a list of keys. */
export function slicesOf(keys: Iterable<{ element: string; period: string }>): Slice[] {
  const seen = new Map<string, Slice>();
  for (const k of keys) seen.set(`${k.element}\u0000${k.period}`, { element: k.element, period: k.period });
  return [...seen.values()];
}

/** One changed value's place: the unit whose ancestors a small write walks up. */
export interface UnitChange extends Slice {
  orgUnit: string;
  periodStart: string;
}

/** An approval: a data set × org unit × period. */
export interface ApprovalKey {
  dataSet: string;
  orgUnit: string;
  period: string;
}
