/**
 * Choosing the rule set in force. Editions change on a date, and a province may replace the
 * national rule with its own: the most specific region prefix wins, then the latest edition in
 * force on the date.
 */
import { AppError, type ErrorIssue } from '../errors';
import type { RuleSetResolver } from './assess';
import { parseRuleSet, type CatalogueRefs } from './load';
import type { RuleSet } from './schema';

function inForce(rs: RuleSet, date: string): boolean {
  return rs.effectiveFrom <= date && (rs.effectiveTo === undefined || date <= rs.effectiveTo);
}

function applies(rs: RuleSet, regionCode: string): boolean {
  return rs.region === undefined || regionCode.startsWith(rs.region);
}

/**
 * The rule set of programme `code` in force for an org unit's region code on a date, or
 * undefined when none is.
 */
export function ruleSetFor(
  ruleSets: readonly RuleSet[],
  code: string,
  regionCode: string,
  date: string
): RuleSet | undefined {
  return ruleSets
    .filter((rs) => rs.code === code && inForce(rs, date) && applies(rs, regionCode))
    .sort(
      (a, b) =>
        (b.region?.length ?? 0) - (a.region?.length ?? 0) ||
        (a.effectiveFrom < b.effectiveFrom ? 1 : a.effectiveFrom > b.effectiveFrom ? -1 : 0)
    )[0];
}

/**
 * A resolver giving, for each year, the rule set in force on 31 December of that year: a year is
 * judged by one rule, the one it ends under.
 */
export function resolverFor(ruleSets: readonly RuleSet[], code: string, regionCode: string): RuleSetResolver {
  return (year) => ruleSetFor(ruleSets, code, regionCode, `${String(year).padStart(4, '0')}-12-31`);
}

/**
 * Parse several rule-set files and check them together: each file as in `parseRuleSet`, plus no
 * two versions of one programme for the same region in force on the same day, one counting unit
 * per programme, and no version code used twice.
 * @throws AppError VALIDATION_FAILED listing every problem in every file
 */
export function parseRuleSets(
  files: readonly { file: string; data: unknown }[],
  catalogue: CatalogueRefs
): RuleSet[] {
  const issues: ErrorIssue[] = [];
  const parsed: { file: string; rs: RuleSet }[] = [];
  for (const f of files) {
    try {
      parsed.push({ file: f.file, rs: parseRuleSet(f.data, f.file, catalogue) });
    } catch (e) {
      if (e instanceof AppError) issues.push(...e.issues);
      else throw e;
    }
  }
  for (const [i, a] of parsed.entries()) {
    for (const b of parsed.slice(i + 1)) {
      if (a.rs.code !== b.rs.code) continue;
      if (a.rs.unit !== b.rs.unit) {
        issues.push(
          clash(b.file, 'unit', `与 ${a.file} 的计数单位不同`, `counts by a different unit than ${a.file}`)
        );
      }
      if (a.rs.version === b.rs.version && a.rs.region === b.rs.region) {
        issues.push(clash(b.file, 'version', `与 ${a.file} 版本号相同`, `has the same version as ${a.file}`));
      }
      const overlap =
        a.rs.region === b.rs.region &&
        a.rs.effectiveFrom <= (b.rs.effectiveTo ?? '9999-12-31') &&
        b.rs.effectiveFrom <= (a.rs.effectiveTo ?? '9999-12-31');
      if (overlap) {
        issues.push(
          clash(
            b.file,
            'effectiveFrom',
            `与 ${a.file} 同一地区的生效期重叠`,
            `is in force for the same region on the same days as ${a.file}`
          )
        );
      }
    }
  }
  if (issues.length > 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      { zh: '项目规则无效', en: 'Programme rule sets are invalid' },
      issues
    );
  }
  return parsed.map((p) => p.rs);
}

function clash(file: string, field: string, zh: string, en: string): ErrorIssue {
  return { field: `${file}: ${field}`, message: { zh: `${file} ${zh}`, en: `${file} ${en}` } };
}
