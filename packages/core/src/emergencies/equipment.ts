/**
 * Equipment held against the standard: what a team of a category and size must hold, the
 * shortfall per item, and compliance (the share of required items held in full).
 */
import type { EquipmentStandard, TeamCategory } from './catalogue';

/** One line of a team's equipment check. */
export interface EquipmentLine {
  item: string;
  name: { zh: string; en: string };
  unit: { zh: string; en: string };
  required: number;
  held: number;
  shortfall: number;
}

/** A team's equipment against the standard; compliance is null when the standard asks for nothing. */
export function equipmentCheck(
  standard: EquipmentStandard,
  category: TeamCategory,
  members: number,
  held: ReadonlyMap<string, number>
): { lines: EquipmentLine[]; compliance: number | null } {
  const rows = standard.standards[category] ?? [];
  const lines = rows.map((r) => {
    const item = standard.items.find((i) => i.code === r.item);
    const required = Math.ceil((r.perMember ?? 0) * members + (r.perTeam ?? 0));
    const have = held.get(r.item) ?? 0;
    return {
      item: r.item,
      name: { zh: item?.zh ?? r.item, en: item?.en ?? r.item },
      unit: item?.unit ?? { zh: '', en: '' },
      required,
      held: have,
      shortfall: Math.max(0, required - have),
    };
  });
  const counted = lines.filter((l) => l.required > 0);
  const compliance = counted.length ? counted.filter((l) => l.shortfall === 0).length / counted.length : null;
  return { lines, compliance };
}
