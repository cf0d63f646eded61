/**
 * Immunization, ImmunizationRecommendation, ServiceRequest, Task and OperationOutcome against the
 * R4 specification as written by hand: Immunization.status completed / entered-in-error, the
 * recommendation-status codes due and overdue, LOINC 30980-7 (date vaccine due) and 30981-5
 * (earliest date to give), ServiceRequest active/revoked/completed, Task requested/accepted/
 * rejected/completed, the IssueType codes and the `translation` extension; and EpisodeOfCare entries
 * of a transaction read as enrolments.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import type { ImmunizationView, ResidentImmunizations } from '../immunization-api/index';
import type { ReferralView } from '../referrals/index';
import {
  parseTransaction,
  toImmunization,
  toImmunizationRecommendation,
  toOperationOutcome,
  toServiceRequest,
  toTask,
} from '.';

const BASE = 'https://wj.example/fhir/R4';

const dose: ImmunizationView = {
  id: 9,
  residentId: 31,
  vaccine: 'HepB',
  vaccineName: { zh: '乙肝疫苗', en: 'Hepatitis B vaccine' },
  dose: 2,
  date: '2026-02-10',
  manufacturer: '某生物制品公司',
  lot: '202512A',
  expiry: '2027-12-31',
  site: 'right-deltoid',
  clinic: '440304001F1',
  programme: true,
  voided: false,
  voidReason: null,
  recordedBy: 'nurse.li',
};

describe('Immunization', () => {
  it('writes a programme dose with the schedule code, lot, site and clinic', () => {
    expect(toImmunization(dose, BASE, false)).toEqual({
      resourceType: 'Immunization',
      id: '9',
      status: 'completed',
      vaccineCode: {
        coding: [{ system: 'https://wj.example/fhir/CodeSystem/vaccine', code: 'HepB', display: '乙肝疫苗' }],
        text: '乙肝疫苗',
      },
      patient: { reference: 'Patient/31' },
      occurrenceDateTime: '2026-02-10',
      primarySource: true,
      manufacturer: { display: '某生物制品公司' },
      lotNumber: '202512A',
      expirationDate: '2027-12-31',
      site: {
        coding: [{ system: 'https://wj.example/fhir/CodeSystem/vaccination-site', code: 'right-deltoid' }],
      },
      performer: [{ actor: { reference: 'Organization/440304001F1' } }],
      programEligibility: [
        {
          coding: [
            {
              system: 'https://wj.example/fhir/CodeSystem/immunization-programme',
              code: 'npi',
              display: '免疫规划疫苗',
            },
          ],
        },
      ],
      protocolApplied: [{ doseNumberPositiveInt: 2 }],
    });
  });

  it('writes a voided synthetic dose as entered-in-error with the reason and the HTEST tag', () => {
    const i = toImmunization({ ...dose, voided: true, voidReason: '录入错误', expiry: null }, BASE, true);
    expect(i.status).toBe('entered-in-error');
    expect(i.statusReason).toEqual({ text: '录入错误' });
    expect(i.expirationDate).toBeUndefined();
    expect(i.meta?.tag?.[0]?.code).toBe('HTEST');
  });
});

describe('ImmunizationRecommendation', () => {
  const base = {
    series: 'HepB',
    track: 'HepB',
    vaccine: 'HepB',
    name: { zh: '乙肝疫苗', en: 'Hepatitis B vaccine' },
    ageDate: '2026-01-01',
    givenDate: null,
    givenAs: null,
    timely: null,
    early: null,
    completeBy: null,
    lateCourse: false,
  };
  const src: ResidentImmunizations = {
    resident: { id: 31, name: '王*', sex: 'F', birthDate: '2026-01-01', homeUnit: 'S1', synthetic: false },
    asOf: '2026-07-15',
    schedule: { code: 'NIP', version: '2021' },
    doses: [],
    due: {
      doses: [
        {
          ...base,
          dose: 1,
          dueDate: '2026-01-01',
          status: 'given',
          givenDate: '2026-01-01',
          timely: true,
          early: false,
          plannedDate: null,
          reason: { zh: '已接种', en: 'given' },
        },
        {
          ...base,
          dose: 3,
          ageDate: '2026-07-01',
          dueDate: '2026-07-01',
          status: 'due',
          plannedDate: '2026-07-15',
          reason: { zh: '6月龄接种', en: 'at 6 months' },
        },
        {
          ...base,
          series: 'MMR',
          track: 'MMR',
          vaccine: 'MMR',
          name: { zh: '麻腮风疫苗', en: 'MMR vaccine' },
          dose: 1,
          ageDate: '2026-09-01',
          dueDate: '2026-09-01',
          status: 'not_yet_due',
          plannedDate: '2026-09-01',
          reason: { zh: '8月龄接种', en: 'at 8 months' },
        },
        {
          ...base,
          series: 'BCG',
          track: 'BCG',
          vaccine: 'BCG',
          name: { zh: '卡介苗', en: 'BCG' },
          dose: 1,
          dueDate: '2026-01-01',
          status: 'catch_up',
          plannedDate: '2026-07-15',
          reason: { zh: '补种', en: 'catch-up' },
        },
      ],
      unplaced: [],
      tracks: [],
    },
  };

  it('lists the doses still to give with due and earliest dates; the given dose is left out', () => {
    const vaccine = 'https://wj.example/fhir/CodeSystem/vaccine';
    const status = 'https://wj.example/fhir/CodeSystem/dose-status';
    const hl7 = 'http://terminology.hl7.org/CodeSystem/immunization-recommendation-status';
    const due = (value: string) => ({
      code: { coding: [{ system: 'http://loinc.org', code: '30980-7', display: 'Date vaccine due' }] },
      value,
    });
    const earliest = (value: string) => ({
      code: { coding: [{ system: 'http://loinc.org', code: '30981-5', display: 'Earliest date to give' }] },
      value,
    });
    expect(toImmunizationRecommendation(src, BASE)).toEqual({
      resourceType: 'ImmunizationRecommendation',
      id: '31-2026-07-15',
      patient: { reference: 'Patient/31' },
      date: '2026-07-15',
      authority: { display: 'NIP 2021' },
      recommendation: [
        {
          vaccineCode: [
            { coding: [{ system: vaccine, code: 'HepB', display: '乙肝疫苗' }], text: '乙肝疫苗' },
          ],
          forecastStatus: {
            coding: [
              { system: hl7, code: 'due', display: 'Due' },
              { system: status, code: 'due' },
            ],
          },
          forecastReason: [{ text: '6月龄接种' }],
          dateCriterion: [due('2026-07-01'), earliest('2026-07-15')],
          series: 'HepB',
          doseNumberPositiveInt: 3,
        },
        {
          vaccineCode: [
            { coding: [{ system: vaccine, code: 'MMR', display: '麻腮风疫苗' }], text: '麻腮风疫苗' },
          ],
          forecastStatus: { coding: [{ system: status, code: 'not_yet_due' }] },
          forecastReason: [{ text: '8月龄接种' }],
          dateCriterion: [due('2026-09-01'), earliest('2026-09-01')],
          series: 'MMR',
          doseNumberPositiveInt: 1,
        },
        {
          vaccineCode: [{ coding: [{ system: vaccine, code: 'BCG', display: '卡介苗' }], text: '卡介苗' }],
          forecastStatus: {
            coding: [
              { system: hl7, code: 'overdue', display: 'Overdue' },
              { system: status, code: 'catch_up' },
            ],
          },
          forecastReason: [{ text: '补种' }],
          dateCriterion: [due('2026-01-01'), earliest('2026-07-15')],
          series: 'BCG',
          doseNumberPositiveInt: 1,
        },
      ],
    });
  });
});

describe('referrals as ServiceRequest and Task', () => {
  const down: ReferralView = {
    id: 4,
    residentId: 31,
    residentName: '王*',
    direction: 'down',
    from: 'H1',
    to: 'C1',
    reason: '术后康复',
    diagnosis: '股骨颈骨折术后',
    dischargePlan: {
      diagnosis: '股骨颈骨折术后',
      summary: '人工髋关节置换',
      medications: ['阿司匹林', '钙片'],
      followUp: '每周家访一次',
      nextVisitBy: '2026-05-20',
    },
    status: 'declined',
    declineReason: '不在服务范围',
    outcome: null,
    sentBy: 'dr.zhao',
    sentAt: '2026-05-01T02:00:00.000Z',
    acceptedAt: null,
    declinedAt: '2026-05-02T03:00:00.000Z',
    completedAt: null,
    synthetic: false,
  };
  const dir = 'https://wj.example/fhir/CodeSystem/referral-direction';

  it('writes a declined down-referral as a revoked ServiceRequest carrying the discharge plan', () => {
    expect(toServiceRequest(down, BASE)).toEqual({
      resourceType: 'ServiceRequest',
      id: '4',
      status: 'revoked',
      intent: 'order',
      category: [{ coding: [{ system: dir, code: 'down', display: '下转' }] }],
      code: { coding: [{ system: dir, code: 'down' }], text: '下转' },
      subject: { reference: 'Patient/31' },
      authoredOn: '2026-05-01T02:00:00.000Z',
      requester: { reference: 'Organization/H1' },
      performer: [{ reference: 'Organization/C1' }],
      reasonCode: [{ text: '术后康复' }, { text: '股骨颈骨折术后' }],
      note: [
        { text: '出院诊断：股骨颈骨折术后' },
        { text: '治疗经过：人工髋关节置换' },
        { text: '出院带药：阿司匹林；钙片' },
        { text: '康复随访：每周家访一次' },
        { text: '下次随访不晚于：2026-05-20' },
      ],
    });
  });

  it('writes the declined referral as a rejected Task with the reason, modified when declined', () => {
    expect(toTask(down, BASE)).toEqual({
      resourceType: 'Task',
      id: '4',
      basedOn: [{ reference: 'ServiceRequest/4' }],
      status: 'rejected',
      statusReason: { text: '不在服务范围' },
      intent: 'order',
      code: { coding: [{ system: dir, code: 'down' }], text: '下转' },
      focus: { reference: 'ServiceRequest/4' },
      for: { reference: 'Patient/31' },
      authoredOn: '2026-05-01T02:00:00.000Z',
      lastModified: '2026-05-02T03:00:00.000Z',
      requester: { reference: 'Organization/H1' },
      owner: { reference: 'Organization/C1' },
    });
  });

  it('writes a completed up-referral: ServiceRequest completed, Task completed with period and outcome', () => {
    const up: ReferralView = {
      ...down,
      direction: 'up',
      dischargePlan: null,
      diagnosis: null,
      status: 'completed',
      declineReason: null,
      declinedAt: null,
      acceptedAt: '2026-05-01T04:00:00.000Z',
      completedAt: '2026-05-03T09:30:00.000Z',
      outcome: '已收治入院',
      synthetic: true,
    };
    const sr = toServiceRequest(up, BASE);
    expect([sr.status, sr.note, sr.reasonCode, sr.meta?.tag?.[0]?.code]).toEqual([
      'completed',
      undefined,
      [{ text: '术后康复' }],
      'HTEST',
    ]);
    const t = toTask(up, BASE);
    expect([t.status, t.executionPeriod, t.lastModified, t.output]).toEqual([
      'completed',
      { start: '2026-05-01T04:00:00.000Z', end: '2026-05-03T09:30:00.000Z' },
      '2026-05-03T09:30:00.000Z',
      [
        {
          type: {
            coding: [{ system: 'https://wj.example/fhir/CodeSystem/referral-output', code: 'outcome' }],
          },
          valueString: '已收治入院',
        },
      ],
    ]);
    expect(
      toTask({ ...up, status: 'sent', acceptedAt: null, completedAt: null, outcome: null }, BASE).status
    ).toBe('requested');
    expect(toServiceRequest({ ...up, status: 'accepted' }, BASE).status).toBe('active');
  });
});

describe('OperationOutcome', () => {
  it('writes an error with Chinese text, the English translation and each issue’s element', () => {
    const err = new AppError('VALIDATION_FAILED', { zh: '事务有误', en: 'Invalid transaction' }, [
      {
        field: 'entry[2].resource.valueQuantity',
        value: 'kPa',
        message: { zh: '单位应为 mmol/L', en: 'Unit must be mmol/L' },
      },
    ]);
    const tr = (en: string) => ({
      extension: [
        {
          url: 'http://hl7.org/fhir/StructureDefinition/translation',
          extension: [
            { url: 'lang', valueCode: 'en' },
            { url: 'content', valueString: en },
          ],
        },
      ],
    });
    expect(toOperationOutcome(err, 'Bundle')).toEqual({
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'error',
          code: 'invalid',
          details: { text: '事务有误', _text: tr('Invalid transaction') },
          diagnostics: 'VALIDATION_FAILED',
        },
        {
          severity: 'error',
          code: 'invalid',
          details: { text: '单位应为 mmol/L', _text: tr('Unit must be mmol/L') },
          expression: ['Bundle.entry[2].resource.valueQuantity'],
          diagnostics: '{"value":"kPa"}',
        },
      ],
    });
    expect(toOperationOutcome(new AppError('NOT_FOUND', { zh: '无', en: 'none' })).issue[0]?.code).toBe(
      'not-found'
    );
    expect(toOperationOutcome(new AppError('FORBIDDEN', { zh: '无权', en: 'no' })).issue[0]?.code).toBe(
      'forbidden'
    );
  });
});

describe('parseTransaction with EpisodeOfCare and ifNoneExist', () => {
  const patient = {
    fullUrl: 'urn:uuid:p1',
    request: {
      method: 'POST',
      url: 'Patient',
      ifNoneExist: 'identifier=https://wj.example/fhir/sid/resident_id|11010519491231002X',
    },
    resource: {
      resourceType: 'Patient',
      name: [{ family: '王', given: ['小明'] }],
      gender: 'male',
      birthDate: '1960-05-01',
    },
  };
  const episode = {
    fullUrl: 'urn:uuid:ep1',
    request: { method: 'POST', url: 'EpisodeOfCare' },
    resource: {
      resourceType: 'EpisodeOfCare',
      status: 'active',
      type: [{ coding: [{ system: 'https://wj.example/fhir/CodeSystem/programme', code: 'HTN' }] }],
      patient: { reference: 'urn:uuid:p1' },
      managingOrganization: { reference: 'Organization/440304001F1' },
      period: { start: '2026-01-05' },
    },
  };

  it('reads an enrolment and the conditional-create identifier', () => {
    const t = parseTransaction(
      { resourceType: 'Bundle', type: 'transaction', entry: [patient, episode] },
      BASE
    );
    expect(t.enrolments).toEqual([
      { fullUrl: 'urn:uuid:ep1', programme: 'HTN', start: '2026-01-05', facility: '440304001F1' },
    ]);
    expect(t.patient).toMatchObject({
      kind: 'new',
      name: '王小明',
      ifNoneExist: { kind: 'resident_id', value: '11010519491231002X' },
    });
  });

  it('refuses an ended episode, a foreign patient and an unknown ifNoneExist system, naming each', () => {
    const bad = {
      ...episode,
      resource: {
        ...episode.resource,
        status: 'finished',
        patient: { reference: 'Patient/9' },
        managingOrganization: undefined,
      },
    };
    const odd = { ...patient, request: { ...patient.request, ifNoneExist: 'name=王小明' } };
    try {
      parseTransaction({ resourceType: 'Bundle', type: 'transaction', entry: [odd, bad] }, BASE);
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).issues.map((i) => i.field)).toEqual([
        'entry[0].request.ifNoneExist',
        'entry[1].resource.patient',
        'entry[1].resource.status',
        'entry[1].resource.managingOrganization',
      ]);
    }
  });
});
