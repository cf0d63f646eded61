/** The epidemic curve of an event's cases: counts by onset day, every day from first to last. */
export function epidemicCurve(onsets: readonly string[]): { date: string; count: number }[] {
  if (onsets.length === 0) return [];
  const counts = new Map<string, number>();
  for (const d of onsets) counts.set(d, (counts.get(d) ?? 0) + 1);
  const sorted = [...counts.keys()].sort();
  const first = Date.parse(`${sorted[0] ?? ''}T00:00:00Z`);
  const last = Date.parse(`${sorted.at(-1) ?? ''}T00:00:00Z`);
  const out: { date: string; count: number }[] = [];
  for (let t = first; t <= last; t += 86_400_000) {
    const date = new Date(t).toISOString().slice(0, 10);
    out.push({ date, count: counts.get(date) ?? 0 });
  }
  return out;
}
