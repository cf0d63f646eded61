/**
 * Contradictions in the values plans state: an under-5 mortality below the infant mortality of
 * the same place and year; the same indicator, place and year stated twice with different values;
 * a stated change (Fuzhou's 年均增长〔累计〕 column) that does not follow from the values it links.
 * Each finding names the plan, the row, the values and the rule.
 */
import type { Bilingual } from '../errors';
import type { PlanFile, PlanRow } from '../plans/schema';
import { parseObserved } from '../targets/observed';

export interface ConsistencyFinding {
  rule: 'u5-below-infant' | 'stated-twice' | 'change-mismatch';
  plan: string;
  rows: string[];
  region: string;
  year: number | null;
  values: number[];
  message: Bilingual;
}

interface Stated {
  plan: string;
  row: string;
  name: string;
  region: string;
  indicator: string;
  year: number;
  value: number;
  where: string;
}

function statedValues(plans: readonly PlanFile[]): Stated[] {
  const out: Stated[] = [];
  for (const p of plans) {
    for (const r of p.rows) {
      if (!r.indicator) continue;
      const cells: [string, { year: number; raw: string } | null | undefined][] = [
        ['baseline', r.baseline],
        ['actual', r.actual],
        ...(r.history ?? []).map((h): [string, { year: number; raw: string }] => [`history ${h.year}`, h]),
      ];
      for (const [where, cell] of cells) {
        const v = cell ? parseObserved(cell.raw).value : null;
        if (cell && v !== null) {
          out.push({
            plan: p.id,
            row: r.key,
            name: r.name,
            region: p.region,
            indicator: r.indicator,
            year: cell.year,
            value: v,
            where,
          });
        }
      }
    }
  }
  return out;
}

/** A stated change agrees with the values when it differs by less than its last written digit. */
const CHANGE_TOLERANCE = 0.011;

/**
 * A row whose stated change does not follow from its baseline and first target: a cumulative
 * change is the difference of the two; an annual growth rate may be the simple average
 * ((target / baseline − 1) / years) or the compound rate, and agrees when either matches.
 */
function changeMismatch(p: PlanFile, r: PlanRow): ConsistencyFinding | null {
  const stated = r.statedChange;
  const first = r.targets[0];
  const base = r.baseline ? parseObserved(r.baseline.raw).value : null;
  const target = first ? parseObserved(first.raw).value : null;
  if (!stated || !first || !r.baseline || base === null || target === null) return null;
  const years = first.year - r.baseline.year;
  if (stated.kind === 'cumulative') {
    const implied = Number((target - base).toFixed(4));
    if (Math.abs(stated.value - Math.abs(implied)) <= CHANGE_TOLERANCE) return null;
    return {
      rule: 'change-mismatch',
      plan: p.id,
      rows: [`${p.id}/${r.key}`],
      region: p.region,
      year: null,
      values: [base, target, stated.value],
      message: {
        zh: `${r.name}：写明累计变化${stated.raw}，但 ${base} → ${target} 的变化为 ${implied}`,
        en: `${r.name}: the stated cumulative change is ${stated.value}, but ${base} → ${target} is ${implied}`,
      },
    };
  }
  if (years <= 0 || base <= 0) return null;
  const simple = Number((((target / base - 1) / years) * 100).toFixed(2));
  const compound = Number(((Math.pow(target / base, 1 / years) - 1) * 100).toFixed(2));
  if ([simple, compound].some((v) => Math.abs(stated.value - v) <= CHANGE_TOLERANCE)) return null;
  return {
    rule: 'change-mismatch',
    plan: p.id,
    rows: [`${p.id}/${r.key}`],
    region: p.region,
    year: null,
    values: [base, target, stated.value],
    message: {
      zh: `${r.name}：写明年均增长${stated.raw}，但 ${base} → ${target}（${years}年）的年均增长为 ${simple}%（算术平均）或 ${compound}%（几何平均）`,
      en: `${r.name}: the stated annual growth is ${stated.value}%, but ${base} → ${target} over ${years} years is ${simple}% a year (simple average) or ${compound}% (compound)`,
    },
  };
}

/** Check every plan against itself and the others. */
export function checkConsistency(plans: readonly PlanFile[]): ConsistencyFinding[] {
  const findings: ConsistencyFinding[] = [];
  const stated = statedValues(plans);
  const key = (s: Stated): string => `${s.region}|${s.indicator}|${s.year}`;
  const groups = new Map<string, Stated[]>();
  for (const s of stated) groups.set(key(s), [...(groups.get(key(s)) ?? []), s]);
  for (const list of groups.values()) {
    const distinct = [...new Set(list.map((s) => s.value))];
    const first = list[0];
    if (distinct.length > 1 && first) {
      findings.push({
        rule: 'stated-twice',
        plan: first.plan,
        rows: list.map((s) => `${s.plan}/${s.row}`),
        region: first.region,
        year: first.year,
        values: list.map((s) => s.value),
        message: {
          zh: `${first.name}（${first.year}年）被写成不同的数值：${list.map((s) => `${s.plan} ${s.where} ${s.value}`).join('；')}`,
          en: `${first.name} (${first.year}) is stated with different values: ${list.map((s) => `${s.plan} ${s.where} ${s.value}`).join('; ')}`,
        },
      });
    }
  }
  const seen = new Set<string>();
  for (const infant of stated.filter((s) => s.indicator === 'IMR')) {
    for (const u5 of stated.filter(
      (s) => s.indicator === 'U5MR' && s.region === infant.region && s.year === infant.year
    )) {
      const once = `${u5.region}|${u5.year}|${infant.value}|${u5.value}`;
      if (u5.value < infant.value && !seen.has(once)) {
        seen.add(once);
        findings.push({
          rule: 'u5-below-infant',
          plan: u5.plan,
          rows: [`${infant.plan}/${infant.row}`, `${u5.plan}/${u5.row}`],
          region: u5.region,
          year: u5.year,
          values: [infant.value, u5.value],
          message: {
            zh: `${u5.year}年5岁以下儿童死亡率 ${u5.value}‰ 低于婴儿死亡率 ${infant.value}‰，不可能成立（5岁以下死亡包含婴儿死亡）`,
            en: `Under-5 mortality ${u5.value}‰ in ${u5.year} is below infant mortality ${infant.value}‰, which cannot be (under-5 deaths include infant deaths)`,
          },
        });
      }
    }
  }
  for (const p of plans) {
    for (const r of p.rows) {
      const finding = changeMismatch(p, r);
      if (finding) findings.push(finding);
    }
  }
  return findings;
}
