/** The columns of a plan indicator table, with the Chinese headers bureaus use and English aliases. */
export const PLAN_COLUMNS = {
  seq: ['序号', 'seq', 'no'],
  category: ['类别', '领域', 'category'],
  name: ['指标名称', '主要指标', '指标', 'name', 'indicator'],
  unit: ['单位', 'unit'],
  scope: ['统计口径', 'scope'],
  baseYear: ['基期年', '基期年份', 'baseyear', 'base year'],
  baseline: ['基期值', '基期', '现状值', 'baseline'],
  targetYear: ['目标年', '目标年份', 'targetyear', 'target year'],
  target: ['目标值', '目标', 'target'],
  parentTarget: ['上级目标值', '上级目标', 'parenttarget', 'parent target'],
  attribute: ['指标属性', '指标性质', '属性', 'attribute'],
} as const;

export type PlanColumn = keyof typeof PLAN_COLUMNS;

const norm = (s: string): string => s.replace(/\s+/g, '').toLowerCase();

/** Map header cells to known columns; unknown headers are listed so they can be reported. */
export function mapHeader(header: string[]): {
  index: Partial<Record<PlanColumn, number>>;
  unknown: string[];
} {
  const index: Partial<Record<PlanColumn, number>> = {};
  const unknown: string[] = [];
  header.forEach((cell, i) => {
    const key = norm(cell);
    if (key === '') return;
    const found = (Object.keys(PLAN_COLUMNS) as PlanColumn[]).find((col) =>
      PLAN_COLUMNS[col].some((alias) => norm(alias) === key)
    );
    if (found && index[found] === undefined) index[found] = i;
    else unknown.push(cell);
  });
  return { index, unknown };
}
