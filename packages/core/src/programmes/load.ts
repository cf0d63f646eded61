/**
 * Loading a rule set: the YAML object (already parsed by the caller) is checked against the
 * schema, then against itself (criteria name event types and fields that exist, with operators
 * that fit the field's type) and against the catalogue (every data element and indicator named
 * exists, and period types agree). Every problem names the file, the path and the field, in
 * Chinese and English.
 */
import type { z } from 'zod';
import { AppError, type Bilingual, type ErrorIssue } from '../errors';
import type { DataElement, Indicator } from '../indicators/catalogue';
import { formulaElements, parseFormula } from '../indicators/formula';
import { addSpan } from './dates';
import {
  ruleSetSchema,
  type RuleCondition,
  type DateRef,
  type EventFilter,
  type FieldDef,
  type FieldTest,
  type RuleSet,
  type EventWindow,
} from './schema';

/** The catalogue a rule set is checked against. */
export interface CatalogueRefs {
  dataElements: readonly DataElement[];
  indicators?: readonly Indicator[];
}

type Path = (string | number)[];

/** `memberships[2].when.all[0]` from a path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out;
}

function readBilingual(message: string): Bilingual | null {
  try {
    const v: unknown = JSON.parse(message);
    if (v && typeof v === 'object' && 'zh' in v && 'en' in v) {
      const { zh, en } = v;
      if (typeof zh === 'string' && typeof en === 'string') return { zh, en };
    }
  } catch {
    // an ordinary zod message
  }
  return null;
}

/** Zod issues as bilingual row/field issues, the field prefixed with the file name. */
export function ruleSetIssues(file: string, issues: readonly z.core.$ZodIssue[]): ErrorIssue[] {
  return issues.map((i) => {
    // A discriminated union reports the missing discriminator (`kind`) we add ourselves.
    const path = i.code === 'invalid_union' && i.path.at(-1) === 'kind' ? i.path.slice(0, -1) : i.path;
    const where = formatPath(path);
    const message = readBilingual(i.message) ?? describeIssue(i);
    return {
      field: where ? `${file}: ${where}` : file,
      ...(i.input !== undefined && typeof i.input !== 'object' ? { value: i.input } : {}),
      message,
    };
  });
}

function describeIssue(i: z.core.$ZodIssue): Bilingual {
  switch (i.code) {
    case 'invalid_type':
      return { zh: `类型不对，应为 ${i.expected}`, en: `Wrong type: expected ${i.expected}` };
    case 'unrecognized_keys':
      return { zh: `未知字段：${i.keys.join('、')}`, en: `Unknown key(s): ${i.keys.join(', ')}` };
    case 'invalid_value':
      return {
        zh: `取值应为：${i.values.map(String).join('、')}`,
        en: `Must be one of: ${i.values.map(String).join(', ')}`,
      };
    case 'too_small':
      return { zh: `不能小于 ${String(i.minimum)}`, en: `Must be at least ${String(i.minimum)}` };
    case 'too_big':
      return { zh: `不能大于 ${String(i.maximum)}`, en: `Must be at most ${String(i.maximum)}` };
    case 'invalid_format': {
      const rule = i.pattern ?? i.format;
      return { zh: `格式不对，应符合 ${rule}`, en: `Invalid format: must match ${rule}` };
    }
    case 'custom':
    case 'invalid_union':
    case 'invalid_element':
    case 'invalid_key':
    case 'not_multiple_of':
      return { zh: `无效：${i.message}`, en: `Invalid: ${i.message}` };
  }
}

/**
 * Parse and check one rule set.
 * @param raw - the YAML document as an object
 * @param file - the file name, for messages
 * @throws AppError VALIDATION_FAILED listing every problem (file, path, zh/en)
 */
export function parseRuleSet(raw: unknown, file: string, catalogue: CatalogueRefs): RuleSet {
  const parsed = ruleSetSchema.safeParse(raw);
  if (!parsed.success) throw invalid(file, ruleSetIssues(file, parsed.error.issues));
  const issues = checkRuleSet(parsed.data, catalogue).map((p) => ({
    field: `${file}: ${formatPath(p.path)}`,
    message: p.message,
  }));
  if (issues.length > 0) throw invalid(file, issues);
  return parsed.data;
}

function invalid(file: string, issues: ErrorIssue[]): AppError {
  return new AppError(
    'VALIDATION_FAILED',
    { zh: `项目规则 ${file} 无效`, en: `Programme rule set ${file} is invalid` },
    issues
  );
}

interface Problem {
  path: Path;
  message: Bilingual;
}

/** Checks beyond the schema: references inside the rule set and into the catalogue. */
export function checkRuleSet(rs: RuleSet, catalogue: CatalogueRefs): Problem[] {
  const problems: Problem[] = [];
  const add = (path: Path, zh: string, en: string): void => {
    problems.push({ path, message: { zh, en } });
  };
  const types = new Map(rs.eventTypes.map((t) => [t.code, t]));

  duplicates(
    rs.eventTypes.map((t) => t.code),
    ['eventTypes'],
    add,
    '事件类型',
    'event type'
  );
  for (const [i, t] of rs.eventTypes.entries()) {
    duplicates(
      t.fields.map((f) => f.code),
      ['eventTypes', i, 'fields'],
      add,
      '字段',
      'field'
    );
    for (const [j, f] of t.fields.entries()) {
      if (f.type === 'code' || f.type === 'codes') {
        duplicates(
          f.options.map((o) => o.code),
          ['eventTypes', i, 'fields', j, 'options'],
          add,
          '选项',
          'option'
        );
      }
    }
  }
  duplicates(
    rs.enrolment.endReasons.map((r) => r.code),
    ['enrolment', 'endReasons'],
    add,
    '结束原因',
    'end reason'
  );

  const checkTypes = (list: string[], path: Path): boolean => {
    let ok = true;
    for (const [k, code] of list.entries()) {
      if (!types.has(code)) {
        add([...path, k], `未知事件类型 ${code}`, `Unknown event type ${code}`);
        ok = false;
      }
    }
    return ok;
  };

  /** The definition of `field` in every listed type; reports types that lack it or disagree. */
  const fieldIn = (typeCodes: string[], field: string, path: Path): FieldDef | undefined => {
    let found: FieldDef | undefined;
    for (const code of typeCodes) {
      const def = types.get(code)?.fields.find((f) => f.code === field);
      if (!def) {
        add(path, `事件类型 ${code} 没有字段 ${field}`, `Event type ${code} has no field ${field}`);
        return undefined;
      }
      if (found && found.type !== def.type) {
        add(
          path,
          `字段 ${field} 在各事件类型中类型不一致`,
          `Field ${field} differs in type between event types`
        );
        return undefined;
      }
      found = def;
    }
    return found;
  };

  const checkFieldTest = (t: FieldTest, typeCodes: string[], path: Path): void => {
    switch (t.kind) {
      case 'all':
        t.all.forEach((x, k) => checkFieldTest(x, typeCodes, [...path, 'all', k]));
        return;
      case 'any':
        t.any.forEach((x, k) => checkFieldTest(x, typeCodes, [...path, 'any', k]));
        return;
      case 'not':
        checkFieldTest(t.not, typeCodes, [...path, 'not']);
        return;
      case 'field': {
        const fpath = [...path, 'field'];
        const def = fieldIn(typeCodes, t.field, fpath);
        if (!def) return;
        const wrongType = (need: string): void =>
          add(
            [...path, t.op],
            `字段 ${t.field} 是 ${def.type} 类型，不能用 ${t.op}（需 ${need}）`,
            `Field ${t.field} is of type ${def.type}; ${t.op} needs ${need}`
          );
        const options = def.type === 'code' || def.type === 'codes' ? def.options.map((o) => o.code) : [];
        const unknownOption = (v: string): void =>
          add([...path, t.op], `字段 ${t.field} 没有选项 ${v}`, `Field ${t.field} has no option ${v}`);
        switch (t.op) {
          case 'lt':
          case 'le':
          case 'gt':
          case 'ge':
            if (def.type !== 'number') wrongType('number');
            return;
          case 'eq': {
            const v = t.value;
            const ok =
              (def.type === 'number' && typeof v === 'number') ||
              (def.type === 'boolean' && typeof v === 'boolean') ||
              ((def.type === 'code' || def.type === 'text') && typeof v === 'string');
            if (!ok) wrongType(typeof v);
            else if (def.type === 'code' && typeof v === 'string' && !options.includes(v)) unknownOption(v);
            return;
          }
          case 'in':
            if (def.type !== 'code') wrongType('code');
            else t.value.filter((v) => !options.includes(v)).forEach(unknownOption);
            return;
          case 'includes':
            if (def.type !== 'codes') wrongType('codes');
            else if (!options.includes(t.value)) unknownOption(t.value);
            return;
          case 'is':
            if (def.type !== 'boolean') wrongType('boolean');
            return;
          case 'present':
            return;
        }
      }
    }
  };

  const checkFilter = (f: EventFilter, path: Path): void => {
    if (checkTypes(f.type, [...path, 'type']) && f.where) checkFieldTest(f.where, f.type, [...path, 'where']);
  };

  const checkDateRef = (r: DateRef, path: Path): void => {
    if (r.kind !== 'event') return;
    if (!checkTypes(r.event, [...path, 'event'])) return;
    if (r.field !== undefined) {
      const def = fieldIn(r.event, r.field, [...path, 'field']);
      if (def && def.type !== 'date') {
        add([...path, 'field'], `字段 ${r.field} 不是日期`, `Field ${r.field} is not a date`);
      }
    }
  };

  const checkWindow = (w: EventWindow | undefined, path: Path): void => {
    if (w?.from) checkDateRef(w.from, [...path, 'from']);
    if (w?.to) checkDateRef(w.to, [...path, 'to']);
  };

  const checkCondition = (c: RuleCondition, path: Path, eligibility: boolean): void => {
    const onlyPerson = (): void =>
      add(
        path,
        `准入条件只能用 age、sex、tag、alive、dateIn（不含事件日期）及 all/any/not（不能用 ${c.kind}）`,
        `Eligibility may use only age, sex, tag, alive, dateIn (without event dates) and all/any/not (not ${c.kind})`
      );
    switch (c.kind) {
      case 'all':
        c.all.forEach((x, k) => checkCondition(x, [...path, 'all', k], eligibility));
        return;
      case 'any':
        c.any.forEach((x, k) => checkCondition(x, [...path, 'any', k], eligibility));
        return;
      case 'not':
        checkCondition(c.not, [...path, 'not'], eligibility);
        return;
      case 'enrolled':
        if (eligibility) onlyPerson();
        return;
      case 'alive':
      case 'sex':
      case 'tag':
        return;
      case 'age':
        if (eligibility && c.age.at.kind === 'event') onlyPerson();
        checkDateRef(c.age.at, [...path, 'age', 'at']);
        return;
      case 'events':
        if (eligibility) {
          onlyPerson();
          return;
        }
        checkFilter(c.events.of, [...path, 'events', 'of']);
        checkWindow(c.events.window, [...path, 'events', 'window']);
        if (c.events.perQuarter !== undefined && rs.unit === 'episode') {
          add(
            [...path, 'events', 'perQuarter'],
            'perQuarter 只用于按居民计数',
            'perQuarter applies to resident programmes only'
          );
        }
        return;
      case 'event':
        if (eligibility) {
          onlyPerson();
          return;
        }
        checkFilter(c.event.of, [...path, 'event', 'of']);
        checkFieldTest(c.event.test, c.event.of.type, [...path, 'event', 'test']);
        checkWindow(c.event.window, [...path, 'event', 'window']);
        return;
      case 'share':
        if (eligibility) {
          onlyPerson();
          return;
        }
        checkFilter(c.share.of, [...path, 'share', 'of']);
        checkFieldTest(c.share.where, c.share.of.type, [...path, 'share', 'where']);
        checkWindow(c.share.window, [...path, 'share', 'window']);
        return;
      case 'dateIn': {
        const refs = [c.dateIn.date, c.dateIn.window?.from, c.dateIn.window?.to];
        if (eligibility && refs.some((r) => r?.kind === 'event')) onlyPerson();
        checkDateRef(c.dateIn.date, [...path, 'dateIn', 'date']);
        checkWindow(c.dateIn.window, [...path, 'dateIn', 'window']);
        return;
      }
    }
  };

  if (rs.enrolment.eligibility) checkCondition(rs.enrolment.eligibility, ['enrolment', 'eligibility'], true);
  const checkCountAt = (r: DateRef, path: Path): void => {
    if (r.kind === 'at' && r.at !== 'enrolment-start' && r.at !== 'enrolment-end') {
      add(
        path,
        'countAt 只能是 enrolment-start、enrolment-end 或事件',
        'countAt is enrolment-start, enrolment-end or an event'
      );
    }
    checkDateRef(r, path);
  };
  if (rs.countAt) checkCountAt(rs.countAt, ['countAt']);

  duplicates(
    rs.schedule.map((s) => s.code),
    ['schedule'],
    add,
    '日程项',
    'schedule item'
  );
  for (const [i, s] of rs.schedule.entries()) {
    const path: Path = ['schedule', i];
    checkFilter(s.of, [...path, 'of']);
    if (s.kind === 'interval') {
      for (const [k, r] of s.intervals.entries()) {
        const last = k === s.intervals.length - 1;
        if (r.when) checkFieldTest(r.when, s.of.type, [...path, 'intervals', k, 'when']);
        if (last && r.when) {
          add(
            [...path, 'intervals', k],
            '最后一条间隔需无 when（默认值）',
            'The last interval must have no when (the default)'
          );
        }
        if (!last && !r.when) {
          add(
            [...path, 'intervals', k],
            '只有最后一条间隔可以无 when',
            'Only the last interval may lack when'
          );
        }
      }
    } else if (s.kind === 'milestones') {
      checkDateRef(s.anchor, [...path, 'anchor']);
      duplicates(
        s.milestones.map((m) => m.code),
        [...path, 'milestones'],
        add,
        '节点',
        'milestone'
      );
      for (const [k, m] of s.milestones.entries()) {
        if (addSpan('2001-01-01', m.from) > addSpan('2001-01-01', m.to)) {
          add([...path, 'milestones', k], '窗口起点晚于终点', 'The window starts after it ends');
        }
      }
    }
  }

  const elements = new Map(catalogue.dataElements.map((d) => [d.code, d]));
  const indicators = new Map((catalogue.indicators ?? []).map((d) => [d.code, d]));
  duplicates(
    rs.memberships.map((m) => m.element),
    ['memberships'],
    add,
    '数据元',
    'data element'
  );
  for (const [i, m] of rs.memberships.entries()) {
    const path: Path = ['memberships', i];
    const de = elements.get(m.element);
    if (!de) {
      add(
        [...path, 'element'],
        `目录中没有数据元 ${m.element}`,
        `The catalogue has no data element ${m.element}`
      );
    } else {
      if (de.periodType !== m.period) {
        add(
          [...path, 'period'],
          `数据元 ${m.element} 的报告期是 ${de.periodType}，不是 ${m.period}`,
          `Data element ${m.element} is reported by ${de.periodType}, not ${m.period}`
        );
      }
      if (de.valueType !== 'integer') {
        add(
          [...path, 'element'],
          `数据元 ${m.element} 不是人数（integer）`,
          `Data element ${m.element} is not a count (integer)`
        );
      }
    }
    if (rs.unit === 'resident' && m.period !== 'year') {
      add([...path, 'period'], '按居民计数的规则只能按年', 'A resident programme counts by year');
    }
    for (const [k, code] of m.indicators.entries()) {
      const ind = indicators.get(code);
      if (!ind) {
        if (catalogue.indicators) {
          add([...path, 'indicators', k], `目录中没有指标 ${code}`, `The catalogue has no indicator ${code}`);
        }
        continue;
      }
      const uses = [ind.numerator, ind.denominator ?? '']
        .filter((f) => f !== '')
        .some((f) => formulaElements(parseFormula(f)).includes(m.element));
      if (!uses) {
        add(
          [...path, 'indicators', k],
          `指标 ${code} 的分子分母未用到 ${m.element}`,
          `Indicator ${code} does not use ${m.element} in its numerator or denominator`
        );
      }
    }
    checkCondition(m.when, [...path, 'when'], false);
    if (m.countAt) {
      if (rs.unit === 'resident') {
        add(
          [...path, 'countAt'],
          '按居民计数的规则按年计，不能有 countAt',
          'A resident programme counts by year; no countAt'
        );
      } else checkCountAt(m.countAt, [...path, 'countAt']);
    }
  }
  return problems;
}

function duplicates(
  codes: string[],
  path: Path,
  add: (path: Path, zh: string, en: string) => void,
  zh: string,
  en: string
): void {
  const seen = new Set<string>();
  for (const [i, c] of codes.entries()) {
    if (seen.has(c)) add([...path, i], `${zh}编码重复 ${c}`, `Duplicate ${en} code ${c}`);
    seen.add(c);
  }
}
