/**
 * The reserve's rules: the norm a holder must hold, shortfalls, lots inside the rotation window,
 * days of supply at an issue rate, and which lots an issue draws from (earliest expiry first).
 */
import type { ReserveItem, ReserveLevel } from './catalogue';

/** What the norm scales with, for one holder. */
export interface HolderBasis {
  level: ReserveLevel;
  /** Residents of the holder's area (city or district holders). */
  population?: number | null;
  /** Licensed beds (facility holders). */
  beds?: number | null;
}

/** The quantity a holder must hold of an item, or null when the item has no norm at its level or the basis is unknown. */
export function normFor(item: ReserveItem, holder: HolderBasis): number | null {
  const n = item.norms[holder.level];
  if (!n) return null;
  if (n.per === 'population') {
    return holder.population === null || holder.population === undefined
      ? null
      : Math.ceil((n.qty * holder.population) / 10_000);
  }
  return holder.beds === null || holder.beds === undefined ? null : Math.ceil(n.qty * holder.beds);
}

/** Whole days from one ISO date to another (UTC calendar days). */
export function calendarDaysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** A lot's state on a day: expired, inside the rotation window, or fine. */
export function lotState(
  item: Pick<ReserveItem, 'rotationDays'>,
  expiresOn: string | null,
  today: string
): 'expired' | 'rotate' | 'ok' {
  if (!expiresOn) return 'ok';
  const left = calendarDaysBetween(today, expiresOn);
  if (left < 0) return 'expired';
  if (item.rotationDays !== undefined && left <= item.rotationDays) return 'rotate';
  return 'ok';
}

/** Days the usable stock lasts at a daily issue rate; null when nothing is being issued. */
export function daysOfSupply(usable: number, issuedPerDay: number): number | null {
  if (issuedPerDay <= 0) return null;
  return usable / issuedPerDay;
}

/** A lot an issue may draw from. */
export interface DrawLot {
  id: number;
  quantity: number;
  expiresOn: string | null;
}

/**
 * Which lots an issue of `quantity` draws from: unexpired lots, earliest expiry first (lots
 * without expiry last), so stock is used before it expires. Null when the stock is short.
 */
export function allocateFefo(
  lots: readonly DrawLot[],
  quantity: number,
  today: string
): { id: number; quantity: number }[] | null {
  const usable = lots
    .filter((l) => l.quantity > 0 && (l.expiresOn === null || l.expiresOn >= today))
    .sort((a, b) => (a.expiresOn ?? '9999-12-31').localeCompare(b.expiresOn ?? '9999-12-31') || a.id - b.id);
  const out: { id: number; quantity: number }[] = [];
  let left = quantity;
  for (const l of usable) {
    if (left <= 0) break;
    const take = Math.min(l.quantity, left);
    out.push({ id: l.id, quantity: take });
    left -= take;
  }
  return left > 0 ? null : out;
}
