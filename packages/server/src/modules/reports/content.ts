/**
 * What an evaluation report says, in one language: built only from the evaluation, the plan and
 * its projects (no hand-written text, no language model). The Word, Excel and HTML renderers all
 * take this model.
 */
import {
  STATUS_NAMES,
  formatValue,
  type Catalogue,
  type RowStatus,
  type ScheduleMethod,
} from '@weijian/core';
import type { Db } from '../../db/connection';
import { evaluatePlan, type PlanEvaluation, type RowResult } from '../evaluation';
import { planFile } from '../plans';

export type Lang = 'zh' | 'en';

export interface ReportModel {
  lang: Lang;
  title: string;
  subtitle: string;
  summary: string[];
  table: { headers: string[]; rows: string[][] };
  binding: string[];
  lagging: string[];
  projects: string[];
  findings: string[];
  /** Inputs per row for the workbook. */
  inputs: RowResult[];
  year: number;
  /**
   * Set when any figure in the report was computed from synthetic (demo) data: the banner to put
   * on the first page. Rows built on such data carry `SYNTHETIC_MARK` beside their value.
   */
  syntheticBanner: string | null;
  /** Per table row: whether the row's figures came from synthetic data. */
  syntheticRows: boolean[];
  /** Words for the workbook's extra columns (methods, value sources), in the report's language. */
  words: { method: Record<ScheduleMethod, string>; source: Record<'plan' | 'data', string>; yes: string };
}

/** The mark beside every value built on synthetic data; the banner explains it. */
export const SYNTHETIC_MARK = '※';

const T = {
  zh: {
    kind: (k: string) => ({ final: '终期评估报告', mid: '中期评估报告', annual: '年度监测报告' })[k] ?? '',
    headers: ['类别', '指标名称', '基期值', '目标值', '当前值', '实现情况', '指标属性'],
    summary: (n: number, c: Record<RowStatus, number>) =>
      `本规划共 ${n} 项指标：已完成 ${c.achieved} 项，控制在目标内 ${c.within_ceiling} 项，达到时序进度 ${c.on_schedule} 项，滞后 ${c.behind} 项，退步 ${c.deteriorating} 项，无数据 ${c.no_data} 项，无法评价 ${c.not_evaluable} 项，已取消 ${c.withdrawn} 项。`,
    binding: '约束性指标',
    none: '无',
    noOwner: '责任单位：未指定',
    owner: (o: string) => `责任单位：${o}`,
    attribute: { binding: '约束性', expected: '预期性', advocacy: '倡导性' } as Record<string, string>,
    project: (s: string, n: number) => `${s} ${n} 个`,
    projectStatus: {
      planned: '谋划',
      started: '启动',
      continuing: '续建',
      completed: '已完成',
      null: '未注明',
    } as Record<string, string>,
    discrepancy: (name: string, text: string) => `${name}：${text}`,
    noData: (n: number, names: string) => `${n} 项指标缺少 当年数据（${names}），需补充采集。`,
    onTrack: (share: string) => `有数据的指标中 ${share} 已完成或达到时序进度。`,
    trend: (values: string) => `历年：${values}`,
    banner: `※ 本报告含合成演示数据：标有 ※ 的数值由系统生成的演示数据计算，仅供演示和测试，不是实际统计数据，不得上报或引用。`,
    method: { linear: '线性进度', ratio: '完成比例', cagr: '年均增速' } as Record<ScheduleMethod, string>,
    source: { plan: '规划所载', data: '数据计算' },
    yes: '是',
  },
  en: {
    kind: (k: string) =>
      ({
        final: 'Final evaluation report',
        mid: 'Mid-term evaluation report',
        annual: 'Annual monitoring report',
      })[k] ?? '',
    headers: ['Category', 'Indicator', 'Baseline', 'Target', 'Current', 'Status', 'Attribute'],
    summary: (n: number, c: Record<RowStatus, number>) =>
      `The plan has ${n} indicators: ${c.achieved} achieved, ${c.within_ceiling} within ceiling, ${c.on_schedule} on schedule, ${c.behind} behind, ${c.deteriorating} deteriorating, ${c.no_data} without data, ${c.not_evaluable} not evaluable, ${c.withdrawn} withdrawn.`,
    binding: 'Binding indicators',
    none: 'None',
    noOwner: 'Responsible department: not assigned',
    owner: (o: string) => `Responsible: ${o}`,
    attribute: { binding: 'Binding', expected: 'Expected', advocacy: 'Advocacy' } as Record<string, string>,
    project: (s: string, n: number) => `${s}: ${n}`,
    projectStatus: {
      planned: 'Planned',
      started: 'Started',
      continuing: 'Continuing',
      completed: 'Completed',
      null: 'Not stated',
    } as Record<string, string>,
    discrepancy: (name: string, text: string) => `${name}: ${text}`,
    noData: (n: number, names: string) =>
      `${n} indicators have no value for the year (${names}); collect them.`,
    onTrack: (share: string) => `${share} of the indicators with data are achieved or on schedule.`,
    trend: (values: string) => `By year: ${values}`,
    banner: `※ This report contains synthetic demo data: values marked ※ were computed from data the system generated for demonstration and testing. They are not real statistics and must not be reported or cited.`,
    method: { linear: 'Linear', ratio: 'Ratio to target', cagr: 'Annual growth' } as Record<
      ScheduleMethod,
      string
    >,
    source: { plan: 'Stated in the plan', data: 'Computed from data' },
    yes: 'Yes',
  },
};

function reportKind(year: number, period: [number, number]): 'final' | 'mid' | 'annual' {
  if (year >= period[1]) return 'final';
  if (year === Math.floor((period[0] + period[1]) / 2)) return 'mid';
  return 'annual';
}

/** Build the report model for a plan and year. */
export async function buildReport(
  db: Db,
  catalogue: Catalogue,
  scope: string,
  planId: string,
  year: number,
  lang: Lang
): Promise<ReportModel> {
  const e: PlanEvaluation = await evaluatePlan(db, catalogue, scope, planId, year);
  const plan = await planFile(db, planId);
  const t = T[lang];
  const statusName = (s: RowStatus): string => STATUS_NAMES[s][lang];
  // A value as the row states it, with the synthetic mark when it was computed from demo data.
  const fmt = (r: RowResult | undefined, n: number | null | undefined = r?.actual): string =>
    r === undefined
      ? '—'
      : `${formatValue(n, r.decimals)}${r.synthetic && n !== null && n !== undefined ? ` ${SYNTHETIC_MARK}` : ''}`;
  const table = e.rows.map((r) => [
    r.category ?? '',
    r.name,
    r.baseline
      ? `${r.baseline.source === 'data' ? fmt(r, r.baseline.value) : formatValue(r.baseline.value, r.decimals)}（${r.baseline.year}）`
      : '—',
    r.target?.raw ?? '—',
    fmt(r),
    statusName(r.status),
    r.attribute ? (t.attribute[r.attribute] ?? '') : '',
  ]);
  const binding = e.rows
    .filter((r) => r.attribute === 'binding')
    .map((r) => `${r.name}：${statusName(r.status)}（${fmt(r)} / ${r.target?.raw ?? '—'}）`);
  // Trend of each lagging row: its actual value in every year from the base year on.
  const lagRows = e.rows.filter((r) => r.status === 'behind' || r.status === 'deteriorating');
  const earlier: PlanEvaluation[] = [];
  for (let y = plan.baseYear; y < year && lagRows.length > 0; y++) {
    earlier.push(await evaluatePlan(db, catalogue, scope, planId, y));
  }
  const lagging = lagRows.map((r) => {
    const series = [...earlier.map((ev) => ev.rows.find((x) => x.key === r.key)), r]
      .map((x, i) => `${plan.baseYear + i} ${fmt(x)}`)
      .join('，');
    return `${r.attribute === 'binding' ? `[${t.attribute.binding ?? ''}] ` : ''}${r.name}：${fmt(r)}，${statusName(r.status)}；${r.reason[lang]}；${r.owners.length ? t.owner(r.owners.join(lang === 'zh' ? '、' : ', ')) : t.noOwner}；${t.trend(series)}`;
  });
  const byStatus = new Map<string, number>();
  for (const p of plan.projects) byStatus.set(String(p.status), (byStatus.get(String(p.status)) ?? 0) + 1);
  const projects = [...byStatus.entries()].map(([s, n]) => t.project(t.projectStatus[s] ?? s, n));
  const withData = e.rows.filter((r) => r.actual !== null && r.status !== 'withdrawn');
  const good = withData.filter((r) =>
    ['achieved', 'within_ceiling', 'on_schedule'].includes(r.status)
  ).length;
  const noData = e.rows.filter((r) => r.status === 'no_data');
  const findings = [
    ...(withData.length ? [t.onTrack(`${((good / withData.length) * 100).toFixed(0)}%`)] : []),
    ...e.rows.filter((r) => r.discrepancy).map((r) => t.discrepancy(r.name, r.discrepancy?.[lang] ?? '')),
    ...(noData.length
      ? [
          t.noData(
            noData.length,
            noData
              .slice(0, 8)
              .map((r) => r.name)
              .join(lang === 'zh' ? '、' : ', ')
          ),
        ]
      : []),
  ];
  const syntheticRows = e.rows.map(
    (r) => r.synthetic || earlier.some((ev) => ev.rows.find((x) => x.key === r.key)?.synthetic === true)
  );
  return {
    lang,
    syntheticBanner:
      syntheticRows.some(Boolean) || e.rows.some((r) => r.forecast?.synthetic) ? t.banner : null,
    syntheticRows,
    words: { method: t.method, source: t.source, yes: t.yes },
    title: lang === 'zh' ? plan.title : (plan.titleEn ?? plan.title),
    subtitle: `${year} · ${t.kind(reportKind(year, plan.period))}`,
    summary: [t.summary(e.rows.length, e.counts)],
    table: { headers: t.headers, rows: table },
    binding: binding.length ? binding : [t.none],
    lagging: lagging.length ? lagging : [t.none],
    projects: projects.length ? projects : [t.none],
    findings: findings.length ? findings : [t.none],
    inputs: e.rows,
    year,
  };
}

/** Section headings. */
export function headings(
  lang: Lang
): Record<'summary' | 'table' | 'binding' | 'lagging' | 'projects' | 'findings', string> {
  return lang === 'zh'
    ? {
        summary: '一、总体情况',
        table: '二、指标完成情况',
        binding: '三、约束性指标',
        lagging: '四、滞后指标',
        projects: '五、重点项目进展',
        findings: '六、主要发现',
      }
    : {
        summary: '1. Overview',
        table: '2. Indicators',
        binding: '3. Binding indicators',
        lagging: '4. Lagging indicators',
        projects: '5. Key projects',
        findings: '6. Findings',
      };
}
