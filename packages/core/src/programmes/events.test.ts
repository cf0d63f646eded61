import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { eventIssues, validateEvent } from './events';
import { programme } from './fixtures/read';

const htn = programme('hypertension.yaml');

describe('service event validation', () => {
  it('accepts a complete follow-up', () => {
    expect(
      eventIssues(htn, {
        type: 'follow-up',
        date: '2024-06-01',
        fields: {
          mode: 'clinic',
          sbp: 150,
          dbp: 95,
          classification: 'uncontrolled',
          symptoms: ['headache-dizziness'],
        },
      })
    ).toEqual([]);
  });

  it('names each wrong field in both languages', () => {
    const issues = eventIssues(htn, {
      type: 'follow-up',
      date: '2024-02-30',
      fields: {
        mode: 'clinic',
        sbp: 400,
        dbp: 90.5,
        classification: 'fine',
        symptoms: ['hiccups'],
        colour: 'red',
      },
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'date' }),
        {
          field: 'fields.sbp',
          value: 400,
          message: {
            zh: '收缩压 400 mmHg 超出合理范围 50–300 mmHg',
            en: 'Systolic BP 400 mmHg is outside the plausible range 50–300 mmHg',
          },
        },
        {
          field: 'fields.dbp',
          value: 90.5,
          message: { zh: '舒张压应为整数', en: 'Diastolic BP must be a whole number' },
        },
        expect.objectContaining({ field: 'fields.classification' }),
        expect.objectContaining({ field: 'fields.symptoms' }),
        expect.objectContaining({ field: 'fields.colour' }),
      ])
    );
    expect(issues).toHaveLength(6);
  });

  it('requires the required fields and rejects unknown event types', () => {
    expect(
      eventIssues(htn, { type: 'follow-up', date: '2024-06-01', fields: { sbp: 130 } }).map((i) => i.field)
    ).toEqual(['fields.mode', 'fields.classification']);
    expect(eventIssues(htn, { type: 'vaccination', date: '2024-06-01', fields: {} })[0]?.message.en).toBe(
      'Hypertension patient health management has no event type vaccination'
    );
  });

  it('validateEvent throws a VALIDATION_FAILED AppError', () => {
    expect(() => validateEvent(htn, { type: 'health-check', date: '2024-06-01', fields: {} })).toThrow(
      AppError
    );
  });
});
