import { describe, expect, it } from 'vitest';
import { modifiedZScore } from './outliers';
import { evaluateRule, type ValidationRule } from './rules';

const u5: ValidationRule = {
  code: 'U5_GE_INFANT',
  name: { zh: '5岁以下死亡数≥婴儿死亡数', en: 'Under-5 deaths ≥ infant deaths' },
  left: '#{U5_DEATHS}',
  operator: '>=',
  right: '#{INFANT_DEATHS}',
  missingValueStrategy: 'SKIP_IF_ANY_VALUE_MISSING',
  importance: 'high',
};
const births: ValidationRule = {
  code: 'BIRTHS_WHERE_DEATHS',
  name: { zh: '有婴儿死亡时活产数>0', en: 'Live births > 0 where infant deaths > 0' },
  left: '#{LIVE_BIRTHS}',
  operator: '>',
  right: '0',
  when: '#{INFANT_DEATHS}',
  missingValueStrategy: 'NEVER_SKIP',
  importance: 'high',
};

describe('validation rules', () => {
  it('passes, fails and skips by the missing-value strategy', () => {
    expect(evaluateRule(u5, { U5_DEATHS: 3, INFANT_DEATHS: 2 })).toEqual({
      status: 'pass',
      left: 3,
      right: 2,
    });
    expect(evaluateRule(u5, { U5_DEATHS: 1, INFANT_DEATHS: 2 }).status).toBe('fail');
    expect(evaluateRule(u5, { INFANT_DEATHS: 2 }).status).toBe('skipped');
  });

  it('applies a rule only where its condition holds', () => {
    expect(evaluateRule(births, { INFANT_DEATHS: 1 }).status).toBe('fail');
    expect(evaluateRule(births, { INFANT_DEATHS: 0, LIVE_BIRTHS: 0 }).status).toBe('skipped');
    expect(evaluateRule(births, { INFANT_DEATHS: 1, LIVE_BIRTHS: 40 }).status).toBe('pass');
  });
});

describe('modified z-score', () => {
  it('flags a value far from the unit’s own history and not a normal one', () => {
    const history = [100, 104, 98, 101, 97, 103, 99, 102];
    expect(modifiedZScore(101, history).outlier).toBe(false);
    const spike = modifiedZScore(180, history);
    expect(spike.outlier).toBe(true);
    expect(spike.score).toBeGreaterThan(3.5);
  });

  it('needs a history to judge', () => {
    expect(modifiedZScore(5, [1, 2]).score).toBeNull();
  });
});
