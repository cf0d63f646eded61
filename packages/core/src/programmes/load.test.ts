/**
 * The loader rejects broken rule sets with messages naming the file, the path and the field in
 * both languages, and picks the rule set in force for a region and a date.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { validateCatalogue } from '../indicators/catalogue';
import { assessYear } from './assess';
import { catalogue, fixture, programme, programmeFiles, rawProgramme } from './fixtures/read';
import { parseRuleSet } from './load';
import { parseRuleSets, resolverFor, ruleSetFor } from './select';

/** A deep copy of plain JSON-like data. */
function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

const FILE = 'catalogue/programmes/hypertension.yaml';

type Path = (string | number)[];

/** Set a value deep inside a parsed YAML object (arrays and objects along the path must exist). */
function setAt(root: unknown, path: Path, value: unknown): void {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1] as string | number] = value;
}
function getAt(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root);
}

/** The issues parseRuleSet reports for the hypertension rule set with some values replaced. */
function issuesAfter(...edits: [Path, unknown][]): { field?: string; zh: string; en: string }[] {
  const raw = clone(rawProgramme('hypertension.yaml'));
  for (const [path, value] of edits) setAt(raw, path, value);
  try {
    parseRuleSet(raw, FILE, catalogue());
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.messages.zh).toContain(FILE);
    return e.issues.map((i) => ({ field: i.field, zh: i.message.zh, en: i.message.en }));
  }
  throw new Error('expected the rule set to be rejected');
}

describe('parseRuleSet', () => {
  const raw = rawProgramme('hypertension.yaml');

  it('names an unknown data element with file and path', () => {
    const issues = issuesAfter([['memberships', 0, 'element'], 'HTN_MANAGD']);
    expect(issues).toContainEqual({
      field: `${FILE}: memberships[0].element`,
      zh: '目录中没有数据元 HTN_MANAGD',
      en: 'The catalogue has no data element HTN_MANAGD',
    });
  });

  it('names a criterion field the event type does not have', () => {
    const issues = issuesAfter([
      ['memberships', 2, 'when', 'all', 2, 'event', 'test', 'all', 0, 'field'],
      'sbpp',
    ]);
    expect(issues).toContainEqual({
      field: `${FILE}: memberships[2].when.all[2].event.test.all[0].field`,
      zh: '事件类型 follow-up 没有字段 sbpp',
      en: 'Event type follow-up has no field sbpp',
    });
  });

  it('rejects an operator that does not fit the field type', () => {
    const issues = issuesAfter([
      ['memberships', 2, 'when', 'all', 2, 'event', 'test', 'all', 0],
      { field: 'classification', lt: 3 },
    ]);
    expect(issues[0]?.en).toBe('Field classification is of type code; lt needs number');
    expect(issues[0]?.field).toBe(`${FILE}: memberships[2].when.all[2].event.test.all[0].lt`);
  });

  it('rejects an option the field does not offer', () => {
    const issues = issuesAfter([
      ['memberships', 1, 'when', 'all', 2, 'events', 'of', 'where'],
      { field: 'mode', in: ['clinic', 'office'] },
    ]);
    expect(issues.map((i) => i.zh)).toContain('字段 mode 没有选项 office');
  });

  it('rejects a period type other than the catalogue element’s', () => {
    const issues = issuesAfter([['memberships', 0, 'period'], 'month']);
    expect(issues.map((i) => i.en)).toEqual(
      expect.arrayContaining([
        'Data element HTN_MANAGED is reported by year, not month',
        'A resident programme counts by year',
      ])
    );
  });

  it('explains an unknown condition kind at its path', () => {
    const issues = issuesAfter([['memberships', 0, 'when', 'all', 0], { enroled: {} }]);
    expect(issues[0]?.field).toBe(`${FILE}: memberships[0].when.all[0]`);
    expect(issues[0]?.en).toContain('A condition needs exactly one kind key: all, any, not, enrolled');
    expect(issues[0]?.zh).toContain('条件需恰好一个类型键');
  });

  it('reports a wrong value type at its path', () => {
    const issues = issuesAfter([['memberships', 1, 'when', 'all', 2, 'events', 'min'], 'four']);
    expect(issues[0]).toMatchObject({ field: `${FILE}: memberships[1].when.all[2].events.min` });
    expect(issues[0]?.en).toContain('expected number');
  });

  it('rejects an indicator that does not use the element', () => {
    const issues = issuesAfter([['memberships', 2, 'indicators'], ['DM_CONTROL_RATE']]);
    expect(issues.map((i) => i.en)).toContain(
      'Indicator DM_CONTROL_RATE does not use HTN_CONTROLLED in its numerator or denominator'
    );
  });

  it('requires the last interval to be the default', () => {
    const issues = issuesAfter([
      ['schedule', 0, 'intervals'],
      [getAt(raw, ['schedule', 0, 'intervals', 1]), getAt(raw, ['schedule', 0, 'intervals', 0])],
    ]);
    expect(issues.map((i) => i.en)).toEqual(
      expect.arrayContaining([
        'Only the last interval may lack when',
        'The last interval must have no when (the default)',
      ])
    );
  });

  it('rejects an unknown event type and a non-date anchor field', () => {
    const issues = issuesAfter(
      [['memberships', 1, 'when', 'all', 3, 'events', 'of', 'type'], 'health-chek'],
      [
        ['memberships', 1, 'when', 'all', 2, 'events', 'window'],
        { from: { event: 'follow-up', field: 'sbp' } },
      ]
    );
    expect(issues.map((i) => i.en)).toEqual(
      expect.arrayContaining(['Unknown event type health-chek', 'Field sbp is not a date'])
    );
  });

  it('limits eligibility to facts about the person', () => {
    const issues = issuesAfter([
      ['enrolment', 'eligibility'],
      { events: { of: { type: 'follow-up' }, min: 1 } },
    ]);
    expect(issues[0]?.field).toBe(`${FILE}: enrolment.eligibility`);
  });
});

describe('catalogue validation carries the programmes', () => {
  it('validateCatalogue returns the parsed rule sets and rejects a broken one', () => {
    const c = catalogue();
    const ok = validateCatalogue({ ...c, programmes: programmeFiles() });
    expect(ok.programmes?.map((p) => p.code)).toEqual(
      expect.arrayContaining(['HTN', 'DM', 'MATERNAL', 'ELDERLY'])
    );
    const broken = clone(rawProgramme('diabetes.yaml'));
    setAt(broken, ['memberships', 0, 'element'], 'NO_SUCH');
    expect(() => validateCatalogue({ ...c, programmes: [{ file: 'diabetes.yaml', data: broken }] })).toThrow(
      AppError
    );
  });
});

describe('the rule set in force', () => {
  const national = programme('hypertension.yaml');
  const guangdong = fixture('hypertension-guangdong-hypothetical.yaml');
  const sets = [national, guangdong];

  it('a region code under the province prefix takes the provincial version', () => {
    expect(ruleSetFor(sets, 'HTN', '440307', '2024-06-01')?.version).toBe('GD-hypothetical');
    expect(ruleSetFor(sets, 'HTN', '110105', '2024-06-01')?.version).toBe('2017');
    expect(ruleSetFor(sets, 'HTN', '110105', '2016-12-31')).toBeUndefined();
    expect(ruleSetFor(sets, 'DM', '110105', '2024-06-01')).toBeUndefined();
  });

  it('a later edition takes over from its effective date; each year is judged by the rule it ends under', () => {
    const old = { ...national, effectiveTo: '2024-06-30' };
    const next = { ...national, version: '2024-07', effectiveFrom: '2024-07-01' };
    expect(ruleSetFor([old, next], 'HTN', '110105', '2024-06-30')?.version).toBe('2017');
    expect(ruleSetFor([old, next], 'HTN', '110105', '2024-07-01')?.version).toBe('2024-07');
    const resolve = resolverFor([old, next], 'HTN', '110105');
    expect(resolve(2023)?.version).toBe('2017');
    expect(resolve(2024)?.version).toBe('2024-07');
  });

  it('two versions for one region in force on the same day are refused', () => {
    const raw = rawProgramme('hypertension.yaml');
    const again = { ...raw, version: '2017b' };
    expect(() =>
      parseRuleSets(
        [
          { file: 'a.yaml', data: raw },
          { file: 'b.yaml', data: again },
        ],
        catalogue()
      )
    ).toThrow(/Programme rule sets are invalid/);
  });

  it('the hypothetical provincial rule asks for a follow-up every quarter; the national one does not', () => {
    // Four face-to-face follow-ups, all in the first half of 2024, and a check: national 4 ≥ 4 is
    // enough; the quarterly rule fails on Q3 and Q4 with no follow-up.
    const f = {
      resident: { birthDate: '1960-01-01', sex: 'M' as const },
      enrolments: [{ id: 'e', start: '2020-01-01', facility: 'F1' }],
      events: [
        ...['2024-01-10', '2024-03-10', '2024-04-10', '2024-06-10'].map((date, i) => ({
          id: `f${i}`,
          type: 'follow-up',
          date,
          fields: { mode: 'clinic', sbp: 130, dbp: 80, classification: 'controlled' },
        })),
        { id: 'k', type: 'health-check', date: '2024-02-01', fields: { complete: true } },
      ],
    };
    const std = (rs: typeof national) =>
      assessYear(rs, f, 2024).results.find((r) => r.element === 'HTN_STD_MANAGED');
    expect(std(national)?.met).toBe(true);
    const gd = std(guangdong);
    expect(gd?.met).toBe(false);
    expect(gd?.reason.zh).toContain('第1季度 2 次、第2季度 2 次、第3季度 0 次、第4季度 0 次');
  });
});
