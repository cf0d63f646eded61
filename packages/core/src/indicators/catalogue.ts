/**
 * Catalogue types and validation. The catalogue itself is data (catalogue/*.yaml at the
 * repository root); this module says what a valid catalogue is and how names map to codes.
 */
import { z } from 'zod';
import { AppError, type ErrorIssue } from '../errors';
import { formulaElements, parseFormula } from './formula';
import { ruleElements, validationRuleSchema, type ValidationRule } from '../validation/rules';
import { indicatorNameKey } from './names';
import { parseRuleSets } from '../programmes/select';
import type { RuleSet } from '../programmes/schema';

const bilingual = z.object({ zh: z.string().min(1), en: z.string().min(1) });

/** Where numbers come from; every data value records one. */
export const VALUE_SOURCES = [
  'facility',
  'statistics-bureau',
  'survey',
  'plan-text',
  'cdc',
  'health-accounts',
  'insurance',
  'registry',
] as const;
export type ValueSource = (typeof VALUE_SOURCES)[number];

export const AGGREGATION_TYPES = ['SUM', 'AVERAGE_SUM_ORG_UNIT', 'LAST', 'AVERAGE', 'NONE'] as const;
export type AggregationType = (typeof AGGREGATION_TYPES)[number];

export const dataElementSchema = z.object({
  code: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
  name: bilingual,
  valueType: z.enum(['integer', 'number', 'percent']),
  aggregationType: z.enum(AGGREGATION_TYPES),
  periodType: z.enum(['month', 'quarter', 'year']),
  source: z.enum(VALUE_SOURCES),
  /** Optional disaggregation: category → allowed options (sex: [M, F]). Values may then carry sex=F. */
  disaggregation: z
    .record(z.string().regex(/^[a-z][a-z0-9_]*$/), z.array(z.string().min(1)).min(1))
    .optional(),
});
export type DataElement = z.infer<typeof dataElementSchema>;

export const indicatorSchema = z.object({
  code: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
  name: bilingual,
  aliases: z.array(z.string()).default([]),
  category: z.enum(['health-status', 'population', 'resources', 'services', 'financing', 'bphs']),
  unit: z.string(),
  factor: z.number().positive(),
  /**
   * Which way is better. `none` for quantities planned to a value or range rather than pushed one
   * way (population, birth rate, sex ratio at birth): they are judged against their target only.
   */
  direction: z.enum(['increase', 'decrease', 'none']),
  /** Decimals the indicator is stated, compared and shown at. */
  decimals: z.number().int().min(0).max(6).default(2),
  numerator: z.string().min(1),
  denominator: z.string().min(1).optional(),
  definition: bilingual,
  standard: z.string().min(1),
});
export type Indicator = z.infer<typeof indicatorSchema>;

/** The direction in which an indicator improves, or null when it has none (it is planned to a value). */
export function betterDirection(indicator: Pick<Indicator, 'direction'>): 'increase' | 'decrease' | null {
  return indicator.direction === 'none' ? null : indicator.direction;
}

export const dataSetSchema = z.object({
  code: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
  name: bilingual,
  periodType: z.enum(['month', 'quarter', 'year']),
  dueDays: z.number().int().nonnegative(),
  /** Late-entry allowance (宽限天数): days after the due day a report still counts as on time. */
  lateAllowanceDays: z.number().int().nonnegative().optional(),
  reporters: z.object({ levels: z.array(z.string()).min(1), facilityTypes: z.array(z.string()).optional() }),
  elements: z.array(z.string()).min(1),
});
export type DataSet = z.infer<typeof dataSetSchema>;

export interface Catalogue {
  dataElements: DataElement[];
  indicators: Indicator[];
  dataSets: DataSet[];
  validationRules: ValidationRule[];
  /** Programme rule sets (catalogue/programmes/*.yaml), when they were given to validate. */
  programmes?: RuleSet[];
}

/**
 * Validate a catalogue: each entry against its schema, codes unique, every formula parseable
 * and referring only to known data elements, and no name claimed by two indicators.
 * @throws AppError VALIDATION_FAILED listing every problem found
 */
export function validateCatalogue(raw: {
  dataElements: unknown;
  indicators: unknown;
  dataSets?: unknown;
  validationRules?: unknown;
  /** Programme rule-set files, each checked against these data elements and indicators. */
  programmes?: readonly { file: string; data: unknown }[];
}): Catalogue {
  const issues: ErrorIssue[] = [];
  const elements = z.array(dataElementSchema).safeParse(raw.dataElements);
  const indicators = z.array(indicatorSchema).safeParse(raw.indicators);
  const dataSets = z.array(dataSetSchema).safeParse(raw.dataSets ?? []);
  const rules = z.array(validationRuleSchema).safeParse(raw.validationRules ?? []);
  for (const [what, result] of [
    ['data-elements', elements],
    ['indicators', indicators],
    ['data-sets', dataSets],
    ['validation-rules', rules],
  ] as const) {
    if (!result.success) {
      for (const issue of result.error.issues) {
        issues.push({
          row: typeof issue.path[0] === 'number' ? issue.path[0] + 1 : undefined,
          field: `${what}.${issue.path.slice(1).join('.')}`,
          message: { zh: `目录项无效：${issue.message}`, en: `Invalid catalogue entry: ${issue.message}` },
        });
      }
    }
  }
  if (!elements.success || !indicators.success || !dataSets.success || !rules.success) {
    throw catalogueError(issues);
  }

  const known = new Set<string>();
  for (const [i, de] of elements.data.entries()) {
    if (known.has(de.code)) {
      issues.push(
        issue(i, 'data-elements.code', `数据元编码重复 ${de.code}`, `Duplicate data element code ${de.code}`)
      );
    }
    known.add(de.code);
  }
  const codes = new Set<string>();
  const names = new Map<string, string>();
  for (const [i, ind] of indicators.data.entries()) {
    if (codes.has(ind.code)) {
      issues.push(
        issue(i, 'indicators.code', `指标编码重复 ${ind.code}`, `Duplicate indicator code ${ind.code}`)
      );
    }
    codes.add(ind.code);
    for (const field of ['numerator', 'denominator'] as const) {
      const src = ind[field];
      if (src === undefined) continue;
      try {
        for (const code of formulaElements(parseFormula(src))) {
          if (!known.has(code)) {
            issues.push(
              issue(
                i,
                `indicators.${field}`,
                `${ind.code} 引用了未知数据元 ${code}`,
                `${ind.code} refers to unknown data element ${code}`
              )
            );
          }
        }
      } catch (e) {
        issues.push(
          issue(
            i,
            `indicators.${field}`,
            `${ind.code} 公式无法解析`,
            `${ind.code}: ${e instanceof Error ? e.message : String(e)}`
          )
        );
      }
    }
    for (const name of [ind.name.zh, ...ind.aliases]) {
      const key = indicatorNameKey(name);
      const owner = names.get(key);
      if (owner !== undefined && owner !== ind.code) {
        issues.push(
          issue(
            i,
            'indicators.aliases',
            `名称“${name}”同时属于 ${owner} 和 ${ind.code}`,
            `Name "${name}" belongs to both ${owner} and ${ind.code}`
          )
        );
      }
      names.set(key, ind.code);
    }
  }
  checkDataSets(dataSets.data, elements.data, issues);
  for (const [i, rule] of rules.data.entries()) {
    try {
      for (const code of ruleElements(rule)) {
        if (!known.has(code)) {
          issues.push(
            issue(
              i,
              'validation-rules',
              `规则 ${rule.code} 引用了未知数据元 ${code}`,
              `Rule ${rule.code} refers to unknown data element ${code}`
            )
          );
        }
      }
    } catch (e) {
      issues.push(
        issue(
          i,
          'validation-rules',
          `规则 ${rule.code} 公式无法解析`,
          `${rule.code}: ${e instanceof Error ? e.message : String(e)}`
        )
      );
    }
  }
  let programmes: RuleSet[] | undefined;
  if (raw.programmes) {
    try {
      programmes = parseRuleSets(raw.programmes, {
        dataElements: elements.data,
        indicators: indicators.data,
      });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      issues.push(...e.issues);
    }
  }
  if (issues.length > 0) throw catalogueError(issues);
  return {
    dataElements: elements.data,
    indicators: indicators.data,
    dataSets: dataSets.data,
    validationRules: rules.data,
    ...(programmes ? { programmes } : {}),
  };
}

function checkDataSets(dataSets: DataSet[], elements: DataElement[], issues: ErrorIssue[]): void {
  for (const [i, ds] of dataSets.entries()) {
    for (const code of ds.elements) {
      const de = elements.find((d) => d.code === code);
      if (!de) {
        issues.push(
          issue(
            i,
            'data-sets.elements',
            `报表 ${ds.code} 引用了未知数据元 ${code}`,
            `Data set ${ds.code} refers to unknown data element ${code}`
          )
        );
      } else if (de.periodType !== ds.periodType) {
        issues.push(
          issue(
            i,
            'data-sets.elements',
            `报表 ${ds.code} 的数据元 ${code} 报告期类型不一致`,
            `Data set ${ds.code}: element ${code} is ${de.periodType}, not ${ds.periodType}`
          )
        );
      }
    }
  }
}

function issue(index: number, field: string, zh: string, en: string): ErrorIssue {
  return { row: index + 1, field, message: { zh, en } };
}

function catalogueError(issues: ErrorIssue[]): AppError {
  return new AppError(
    'VALIDATION_FAILED',
    { zh: '指标目录无效', en: 'The indicator catalogue is invalid' },
    issues
  );
}

/** A lookup from any name a plan might use to the indicator code. */
export function buildNameIndex(indicators: readonly Indicator[]): (name: string) => string | null {
  const index = new Map<string, string>();
  for (const ind of indicators) {
    for (const name of [ind.name.zh, ...ind.aliases]) index.set(indicatorNameKey(name), ind.code);
  }
  return (name) => index.get(indicatorNameKey(name)) ?? null;
}
