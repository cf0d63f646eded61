/**
 * Contradictions in the values plans state: an under-5 mortality below the infant mortality of
 * the same place and year; the same indicator, place and year stated twice with different values;
 * a stated cumulative change that does not follow from the values it links. Each finding names
 * the plan, the row, the values and the rule.
 */
import type { Bilingual } from '../errors';
import type { PlanFile } from '../plans/schema';
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
      const m = r.note ? /年均增长〔累计〕 column: '〔([\d.]+)〕'/.exec(r.note) : null;
      const base = r.baseline ? parseObserved(r.baseline.raw).value : null;
      const target = r.targets[0] ? parseObserved(r.targets[0].raw).value : null;
      if (!m || base === null || target === null) continue;
      const statedChange = Number(m[1]);
      const implied = Number((target - base).toFixed(4));
      if (Math.abs(statedChange - Math.abs(implied)) > 0.011) {
        findings.push({
          rule: 'change-mismatch',
          plan: p.id,
          rows: [`${p.id}/${r.key}`],
          region: p.region,
          year: null,
          values: [base, target, statedChange],
          message: {
            zh: `${r.name}：写明累计变化〔${statedChange}〕，但 ${base} → ${target} 的变化为 ${implied}`,
            en: `${r.name}: the stated cumulative change is ${statedChange}, but ${base} → ${target} is ${implied}`,
          },
        });
      }
    }
  }
  return findings;
}
