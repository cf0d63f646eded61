/** Printing for the command line: errors in both languages, plans and targets as text. */
import { isAppError, type ImportResult, type PlanDetail, type PlanSummary, type Target } from '@weijian/core';
import { STATUS_NAMES, formatTarget, formatValue, targetWarningMessage, type RowStatus } from '@weijian/core';
import type { PlanEvaluation } from '../modules/evaluation';

/** Print an error with its row/field issues to stderr; returns the exit code. */
export function printError(e: unknown): number {
  if (isAppError(e)) {
    process.stderr.write(`错误 Error [${e.code}]: ${e.messages.zh}\n  ${e.messages.en}\n`);
    for (const i of e.issues) {
      const where = [i.row !== undefined ? `第 ${i.row} 行 row ${i.row}` : '', i.field ? `[${i.field}]` : '']
        .filter(Boolean)
        .join(' ');
      process.stderr.write(`  - ${where ? `${where}: ` : ''}${i.message.zh} / ${i.message.en}\n`);
    }
    return 1;
  }
  process.stderr.write(`错误 Error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  return 1;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printPlanList(plans: PlanSummary[]): void {
  for (const p of plans) {
    process.stdout.write(
      `${p.id.padEnd(16)} ${p.region.name.padEnd(6)} ${p.period.join('–')}  rows ${String(p.rowCount).padStart(3)} (table ${p.tableRowCount}, binding ${p.bindingRowCount})  projects ${p.projectCount}  ${p.title}\n`
    );
  }
}

export function printPlan(plan: PlanDetail): void {
  process.stdout.write(
    `${plan.title}\n${plan.region.name} ${plan.period.join('–')} · base year ${plan.baseYear} · v${plan.version}\n\n`
  );
  for (const r of plan.rows) {
    const targets = r.targets.map((t) => `${t.raw} → ${t.formatted.en}`).join('; ');
    process.stdout.write(
      `${r.key.padEnd(6)} ${r.name.slice(0, 40)}${r.unit ? ` (${r.unit})` : ''}  ${targets}  [${r.indicator ?? 'plan-specific'}]\n`
    );
  }
  process.stdout.write(`\n${plan.projects.length} projects\n`);
}

export function printEvaluation(e: PlanEvaluation): void {
  process.stdout.write(`${e.plan.title} · ${e.year}\n`);
  if (e.rows.some((r) => r.synthetic)) {
    process.stdout.write(
      '※ 含合成演示数据：标 ※ 的数值由演示数据计算，不是实际统计数据。 / ' +
        'Contains synthetic demo data: values marked ※ are not real statistics.\n'
    );
  }
  process.stdout.write(
    `${(Object.entries(e.counts) as [RowStatus, number][])
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `${STATUS_NAMES[s].zh} ${STATUS_NAMES[s].en} ${n}`)
      .join(' · ')}\n\n`
  );
  for (const r of e.rows) {
    const flag = r.attribute === 'binding' ? '[约束性] ' : '';
    const actual = `${formatValue(r.actual, r.decimals)}${r.synthetic ? ' ※' : ''}`;
    process.stdout.write(
      `${r.statusName.zh.padEnd(7)} ${flag}${r.name.slice(0, 36)}  实际 actual ${actual} · 目标 target ${r.target?.raw ?? '—'} · ${r.method}\n`
    );
    if (r.discrepancy) process.stdout.write(`        ! ${r.discrepancy.zh}\n`);
  }
}

export function printTarget(target: Target): void {
  process.stdout.write(
    `kind: ${target.kind}\nzh:   ${formatTarget(target, 'zh')}\nen:   ${formatTarget(target, 'en')}\n`
  );
  for (const w of target.warnings) {
    const m = targetWarningMessage(w);
    process.stdout.write(`warning: ${m.zh} / ${m.en}\n`);
  }
}

export function printImport(result: ImportResult): void {
  const what = result.dryRun
    ? 'Dry run 试运行'
    : result.changed
      ? `Imported 已导入 (v${result.version ?? '?'})`
      : 'Unchanged 内容未变化';
  process.stdout.write(`${what}: ${result.planId}, ${result.rows} rows\n`);
  for (const w of result.warnings) {
    process.stdout.write(`  warning 第 ${w.row} 行 [${w.field}]: ${w.message.zh} / ${w.message.en}\n`);
  }
}

/** One evaluated point as `weijian detect` prints it. */
export interface DetectionRow {
  date: string;
  observed: number;
  expected: number | null;
  upperbound: number | null;
  alarm: boolean;
}

/** Prints detector output as an aligned table, alarms marked. */
export function printDetection(rows: DetectionRow[]): void {
  const fmt = (v: number | null) => (v === null ? '—' : Number(v.toFixed(3)).toString());
  process.stdout.write('date        observed  expected  upperbound  alarm\n');
  for (const r of rows) {
    process.stdout.write(
      `${r.date}  ${String(r.observed).padStart(8)}  ${fmt(r.expected).padStart(8)}  ${fmt(r.upperbound).padStart(10)}  ${r.alarm ? '▲ 预警 alarm' : ''}\n`
    );
  }
}
