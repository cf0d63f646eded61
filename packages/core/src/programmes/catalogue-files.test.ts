import { describe, expect, it } from 'vitest';
import { catalogue, programme, programmeFiles } from './fixtures/read';
import { parseRuleSets } from './select';

describe('catalogue/programmes', () => {
  it('every rule set parses and refers only to catalogue elements', () => {
    const files = programmeFiles();
    expect(files.map((f) => f.file)).toEqual(
      expect.arrayContaining([
        'catalogue/programmes/hypertension.yaml',
        'catalogue/programmes/diabetes.yaml',
        'catalogue/programmes/maternal.yaml',
        'catalogue/programmes/elderly.yaml',
        'catalogue/programmes/severe-mental-disorder.yaml',
        'catalogue/programmes/tuberculosis.yaml',
        'catalogue/programmes/children.yaml',
      ])
    );
    const sets = parseRuleSets(files, catalogue());
    expect(sets.map((s) => s.code).sort()).toEqual(
      expect.arrayContaining(['DM', 'ELDERLY', 'HTN', 'MATERNAL'])
    );
  });

  it('hypertension counts in the three elements of its indicators', () => {
    const htn = programme('hypertension.yaml');
    expect(htn.memberships.map((m) => m.element)).toEqual([
      'HTN_MANAGED',
      'HTN_STD_MANAGED',
      'HTN_CONTROLLED',
    ]);
  });
});
