/**
 * The FHIR facade's resources against the R4 specification as written by hand: the vital-signs
 * profile's codes (85354-9 panel, 8480-6 systolic, 8462-4 diastolic, UCUM mm[Hg]), fasting glucose
 * 14771-0 in mmol/L, the v3 ActCode encounter classes, the `masked` data-absent reason, HTEST for
 * synthetic records, and transaction bundles accepted or refused with the entry named.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import {
  parseTransaction,
  toCarePlan,
  toEncounter,
  toObservations,
  toPatient,
  type EncounterSource,
} from '.';

const BASE = 'https://wj.example/fhir/R4';

const visit: EncounterSource = {
  id: 41,
  residentId: 7,
  programme: 'HTN',
  type: 'follow-up',
  typeName: '随访',
  date: '2026-03-05',
  fields: { mode: 'home', sbp: 152, dbp: 94, classification: 'uncontrolled' },
  facility: '440304001001',
  voided: false,
  episodeId: 3,
  synthetic: true,
};

describe('FHIR resources', () => {
  it('writes a patient with identifiers masked for callers who may not see them', () => {
    const p = toPatient(
      {
        id: 7,
        name: '张*',
        nameMasked: true,
        sex: 'F',
        birthDate: '1958-04-02',
        deathDate: null,
        identifiers: [{ kind: 'resident_id', value: null }],
        phone: null,
        homeUnit: '440304001',
        active: true,
        synthetic: false,
      },
      BASE
    );
    expect(p.gender).toBe('female');
    expect(p.identifier?.[0]).toEqual({
      use: 'official',
      type: {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/v2-0203',
            code: 'NI',
            display: 'National unique individual identifier',
          },
        ],
        text: 'resident_id',
      },
      system: 'https://wj.example/fhir/sid/resident_id',
      _value: {
        extension: [
          { url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'masked' },
        ],
      },
    });
    expect(p.identifier?.[0]?.value).toBeUndefined();
    expect(p.name?.[0]?.extension?.[0]?.valueCode).toBe('masked');
    expect(p.meta).toBeUndefined();
    expect(p.telecom).toBeUndefined();
  });

  it('writes a home follow-up as an HH encounter with a blood-pressure panel in mm[Hg]', () => {
    const e = toEncounter(visit, BASE);
    expect(e.status).toBe('finished');
    expect(e.class).toEqual({
      system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
      code: 'HH',
      display: 'home health',
    });
    expect(e.episodeOfCare).toEqual([{ reference: 'EpisodeOfCare/3' }]);
    expect(e.meta?.tag?.[0]?.code).toBe('HTEST');
    const [bp, ...rest] = toObservations(visit);
    expect(rest).toEqual([]);
    expect(bp?.id).toBe('41-bp');
    expect(bp?.code.coding?.[0]?.code).toBe('85354-9');
    expect(bp?.category?.[0]?.coding?.[0]?.code).toBe('vital-signs');
    expect(
      bp?.component?.map((c) => [c.code.coding?.[0]?.code, c.valueQuantity?.value, c.valueQuantity?.code])
    ).toEqual([
      ['8480-6', 152, 'mm[Hg]'],
      ['8462-4', 94, 'mm[Hg]'],
    ]);
    expect(bp?.encounter?.reference).toBe('Encounter/41');
  });

  it('writes fasting glucose as 14771-0 in mmol/L and a voided event as entered-in-error', () => {
    const dm = { ...visit, programme: 'DM', fields: { mode: 'clinic', fbg: 7.4 }, voided: true };
    const obs = toObservations(dm);
    expect(
      obs.map((o) => [
        o.id,
        o.code.coding?.[0]?.code,
        o.valueQuantity?.value,
        o.valueQuantity?.code,
        o.status,
      ])
    ).toEqual([['41-fbg', '14771-0', 7.4, 'mmol/L', 'entered-in-error']]);
    expect(toEncounter(dm, BASE).status).toBe('entered-in-error');
    expect(toEncounter(dm, BASE).class.code).toBe('AMB');
  });

  it('judges a contract: active inside its period, completed after it, revoked when ended early', () => {
    const c = {
      id: 5,
      residentId: 7,
      teamId: 2,
      teamName: '李医生团队',
      facility: 'S1',
      package: 'chronic',
      start: '2026-01-10',
      end: '2027-01-09',
      status: 'signed' as const,
      endReason: null,
      synthetic: false,
    };
    expect(toCarePlan(c, BASE, '2026-12-02').status).toBe('active');
    expect(toCarePlan(c, BASE, '2027-01-10').status).toBe('completed');
    expect(toCarePlan({ ...c, status: 'ended', endReason: 'moved' }, BASE, '2026-06-01').status).toBe(
      'revoked'
    );
    expect(toCarePlan(c, BASE, '2026-12-02').careTeam).toEqual([
      { reference: 'CareTeam/2', display: '李医生团队' },
    ]);
  });
});

function bundle(entries: unknown[]) {
  return { resourceType: 'Bundle', type: 'transaction', entry: entries };
}
const patientEntry = {
  fullUrl: 'urn:uuid:p1',
  request: { method: 'POST', url: 'Patient' },
  resource: {
    resourceType: 'Patient',
    name: [{ text: '王小明' }],
    gender: 'male',
    birthDate: '1960-05-01',
    identifier: [{ system: 'https://wj.example/fhir/sid/resident_id', value: '11010519491231002X' }],
    telecom: [{ system: 'phone', value: '13800138000' }],
  },
};
const encounterEntry = {
  fullUrl: 'urn:uuid:e1',
  request: { method: 'POST', url: 'Encounter' },
  resource: {
    resourceType: 'Encounter',
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
    type: [
      { coding: [{ system: 'https://wj.example/fhir/CodeSystem/programme', code: 'HTN' }] },
      { coding: [{ system: 'https://wj.example/fhir/CodeSystem/programme-event/HTN', code: 'follow-up' }] },
    ],
    subject: { reference: 'urn:uuid:p1' },
    period: { start: '2026-11-20T09:30:00+08:00' },
    extension: [
      {
        url: 'https://wj.example/fhir/StructureDefinition/event-field/classification',
        valueCode: 'controlled',
      },
    ],
  },
};
const bpEntry = {
  request: { method: 'POST', url: 'Observation' },
  resource: {
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '85354-9' }] },
    encounter: { reference: 'urn:uuid:e1' },
    component: [
      {
        code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] },
        valueQuantity: { value: 132, code: 'mm[Hg]' },
      },
      {
        code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] },
        valueQuantity: { value: 84, code: 'mm[Hg]' },
      },
    ],
  },
};

describe('parseTransaction', () => {
  it('reads a patient with a follow-up and its blood pressure into service inputs', () => {
    const t = parseTransaction(bundle([patientEntry, encounterEntry, bpEntry]), BASE);
    expect(t.patient).toEqual({
      kind: 'new',
      fullUrl: 'urn:uuid:p1',
      name: '王小明',
      sex: 'M',
      birthDate: '1960-05-01',
      identifiers: [{ kind: 'resident_id', value: '11010519491231002X' }],
      phone: '13800138000',
      homeUnit: null,
      ifNoneExist: null,
    });
    expect(t.enrolments).toEqual([]);
    expect(t.events).toEqual([
      {
        fullUrl: 'urn:uuid:e1',
        programme: 'HTN',
        type: 'follow-up',
        date: '2026-11-20',
        facility: null,
        fields: { mode: 'clinic', classification: 'controlled', sbp: 132, dbp: 84 },
      },
    ]);
  });

  it('accepts encounters of one existing resident without a Patient entry', () => {
    const enc = {
      ...encounterEntry,
      resource: { ...encounterEntry.resource, subject: { reference: 'Patient/12' } },
    };
    expect(parseTransaction(bundle([enc]), BASE).patient).toEqual({ kind: 'existing', residentId: 12 });
  });

  it('refuses a bundle with every problem named by entry and element', () => {
    const badBp = {
      ...bpEntry,
      resource: {
        ...bpEntry.resource,
        component: [
          {
            code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] },
            valueQuantity: { value: 17.6, code: 'kPa' },
          },
        ],
      },
    };
    const noType = { ...encounterEntry, resource: { ...encounterEntry.resource, type: [] } };
    try {
      parseTransaction(
        bundle([
          patientEntry,
          noType,
          badBp,
          { request: { method: 'PUT' }, resource: { resourceType: 'Condition' } },
        ]),
        BASE
      );
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      const fields = (e as AppError).issues.map((i) => i.field);
      expect(fields).toEqual([
        'entry[3].request.method',
        'entry[3].resource.resourceType',
        'entry[1].resource.type',
        'entry[2].resource.component[0].valueQuantity',
      ]);
      expect((e as AppError).issues[3]?.message.zh).toBe('单位应为 mm[Hg]');
    }
  });
});
