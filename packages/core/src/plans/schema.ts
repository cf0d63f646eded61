/**
 * The plan file format (plans/*.yaml) and the shapes the API returns. A plan keeps the bureau's
 * own words everywhere (name as written, raw target text, a quote from the source document);
 * typed targets are derived from the raw text when the plan is loaded.
 */
import { z } from 'zod';

const year = z.number().int().min(1949).max(2100);

export const targetLevelSchema = z.enum(['district', 'city', 'province', 'national']);
export type TargetLevel = z.infer<typeof targetLevelSchema>;

/**
 * A number the plan does not write but that follows from what it writes: 2.3万张 is 23000 beds,
 * 全覆盖 is 100 %, three counts add up to a total. `how` says how it was obtained.
 */
export const derivedValueSchema = z.object({
  value: z.number(),
  unit: z.string().min(1).optional(),
  how: z.string().trim().min(1),
});
export type DerivedValue = z.infer<typeof derivedValueSchema>;

export const planTargetSchema = z.object({
  year,
  level: targetLevelSchema,
  /** The target in the plan's own words, verbatim (full-width characters kept). */
  raw: z.string(),
  /** false when the plan gives no year and the end of the plan period is assumed. */
  yearStated: z.boolean().optional(),
  /** The transcriber's reading where the words alone do not say it (what is counted, of what). */
  reading: z.string().trim().min(1).optional(),
  /** A number not in the text, with how it was obtained. */
  derived: derivedValueSchema.optional(),
  /** The units the target applies to each of, as the plan names them (每个市辖区 → 市辖区). */
  per: z.string().trim().min(1).optional(),
  /** The table cell is split across lines in the source text (`2400—` / `3000`). */
  cellSplit: z.literal(true).optional(),
});
export type PlanTarget = z.infer<typeof planTargetSchema>;

/**
 * A change the plan states beside its values, e.g. Fuzhou's 年均增长〔累计〕 column: 〔0.88〕 is the
 * cumulative change over the period, 5.49％ an average annual growth rate.
 */
export const statedChangeSchema = z.object({
  /** The cell as written. */
  raw: z.string().min(1),
  value: z.number(),
  kind: z.enum(['cumulative', 'annual']),
  /** `%` for a growth rate; absent for a change in the row's own unit. */
  unit: z.literal('%').optional(),
});
export type StatedChange = z.infer<typeof statedChangeSchema>;

export const observedCellSchema = z.object({ year, raw: z.string() });

export const baselineSchema = z.object({
  year,
  raw: z.string(),
  /** Where the value came from: the row's own table, a sentence of the text, or the previous plan's review table. */
  source: z.enum(['table', 'text', 'previous-plan', 'import']),
  quote: z.string().optional(),
});

export const planRowSchema = z.object({
  key: z.string().min(1),
  origin: z.enum(['table', 'text', 'import']),
  table: z.string().optional(),
  seq: z.string().optional(),
  category: z.string().optional(),
  name: z.string().min(1),
  nameEn: z.string().optional(),
  unit: z.string().optional(),
  /** 统计口径: 常住人口 / 户籍人口 / 管理人口 … */
  scope: z.string().optional(),
  /** Catalogue code, or null when the row is specific to this plan. */
  indicator: z.string().nullable(),
  attribute: z.enum(['expected', 'binding', 'advocacy']).nullable(),
  baseline: baselineSchema.nullable(),
  targets: z.array(planTargetSchema),
  /** Values of other years stated in the plan (e.g. Fuzhou's 2015 column). */
  history: z.array(observedCellSchema.extend({ source: z.enum(['table', 'text']) })).optional(),
  /** Review tables: the value achieved in the final year. */
  actual: observedCellSchema.optional(),
  /** Review tables: the status column as written (完成规划目标, 达到时序进度（98%）…). */
  statusAsWritten: z.string().optional(),
  quote: z.string().min(1),
  /** The quote is put together (table title + row name), not one passage of the text. */
  quoteAssembled: z.literal(true).optional(),
  /** The change the table states beside the values (年均增长〔累计〕). */
  statedChange: statedChangeSchema.optional(),
  /** A note printed under the row's table, as written. */
  footnote: z.string().min(1).optional(),
  /** Improvement direction of a plan-specific row (catalogue rows take the catalogue's). */
  direction: z.enum(['increase', 'decrease']).optional(),
  /** Overrides the plan's schedule method for this row. */
  scheduleMethod: z.enum(['linear', 'ratio', 'cagr']).optional(),
  textQuotes: z.array(z.string()).optional(),
  section: z.string().optional(),
  note: z.string().optional(),
});
export type PlanRow = z.infer<typeof planRowSchema>;

export const projectStatusSchema = z.enum(['planned', 'started', 'continuing', 'completed']);

export const planProjectSchema = z.object({
  key: z.string().min(1),
  name: z.string().min(1),
  /** The plan's own grouping: its 专栏 title or the heading the project stands under. */
  category: z.string().optional(),
  /** A transcriber's English gloss of the category, shown on English screens. */
  categoryEn: z.string().optional(),
  /**
   * 谋划 planned · 启动 started · 续建 continuing · 已完成 completed — only as the text states it
   * (a project table's category or remark, the review of the previous period); null otherwise.
   */
  status: projectStatusSchema.nullable(),
  /** The words that state the project's status (已完成, “十四五”时期推进并完成 …). */
  statusAsWritten: z.string().optional(),
  /** What the plan sets out to do with it (建成, 投入使用, 加快推进 …): a goal, not a status. */
  goal: z.string().min(1).optional(),
  /** The project table's remark column other than the status (不含土地). */
  remark: z.string().min(1).optional(),
  /** A note printed under the project table that applies to this project, as written. */
  footnote: z.string().min(1).optional(),
  area: z.string().optional(),
  scale: z.string().optional(),
  beds: z.number().nonnegative().optional(),
  floorAreaM2: z.number().nonnegative().optional(),
  /** Planned investment in 亿元 (hundred million yuan). */
  investmentYi: z.number().nonnegative().optional(),
  investmentRaw: z.string().optional(),
  years: z.string().optional(),
  startYear: year.optional(),
  endYear: year.optional(),
  section: z.string().optional(),
  quote: z.string().optional(),
});
export type PlanProject = z.infer<typeof planProjectSchema>;

export const planFileSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lower-case letters, digits and hyphens'),
    title: z.string().min(1),
    titleEn: z.string().optional(),
    /** Org-unit code of the plan's region (national administrative code). */
    region: z.string().regex(/^\d{6,12}$/),
    regionName: z.string().optional(),
    period: z.tuple([year, year]),
    baseYear: year,
    /** A review table of a previous plan is a plan of its own, with kind review. */
    kind: z.enum(['plan', 'review']),
    parent: z.string().optional(),
    successor: z.string().optional(),
    /** Default schedule method for 时序进度: linear, ratio of actual to target, or CAGR. */
    scheduleMethod: z.enum(['linear', 'ratio', 'cagr']),
    source: z.object({
      seedFile: z.string().optional(),
      issuer: z.string().optional(),
      status: z.string().optional(),
      date: z.string().optional(),
      importedFrom: z.string().optional(),
    }),
    rows: z.array(planRowSchema),
    projects: z.array(planProjectSchema),
  })
  .refine((p) => p.period[0] <= p.period[1], { error: 'period start after end', path: ['period'] });
export type PlanFile = z.infer<typeof planFileSchema>;
