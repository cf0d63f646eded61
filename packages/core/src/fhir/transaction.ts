/**
 * Reading a FHIR R4 transaction Bundle that writes a patient with encounters and observations:
 * the bundle is checked whole and turned into the inputs the residents and programmes services
 * take (a new resident or an existing one, and service events whose fields come from the
 * encounter and its observations). Every problem is reported at once, naming the entry and the
 * element, in Chinese and English; the caller writes everything in one transaction or nothing.
 */
import type {
  Bundle,
  BundleEntry,
  Encounter,
  EpisodeOfCare,
  Extension,
  Observation,
  Patient,
  Quantity,
} from '@medplum/fhirtypes';
import { AppError, type ErrorIssue } from '../errors';
import {
  DIASTOLIC,
  FASTING_GLUCOSE,
  IDENTIFIER_TYPES,
  LOINC,
  SYSTOLIC,
  weijianSystems,
  BP_PANEL,
} from './codes';

/** The patient of the bundle: new (from a Patient entry) or an existing resident. */
export type TransactionPatient =
  | {
      kind: 'new';
      fullUrl: string;
      name: string;
      sex: 'M' | 'F' | 'U';
      birthDate: string;
      identifiers: { kind: string; value: string }[];
      phone: string | null;
      homeUnit: string | null;
      /** Conditional create (`request.ifNoneExist: identifier=<system>|<value>`): use the resident holding it. */
      ifNoneExist: { kind: string; value: string } | null;
    }
  | { kind: 'existing'; residentId: number };

/** An enrolment the bundle asks for (an EpisodeOfCare entry): a segment opening on `start` at `facility`. */
export interface TransactionEnrolment {
  fullUrl: string;
  programme: string;
  start: string;
  facility: string;
}

/** One service event, from an Encounter and the Observations that point at it. */
export interface TransactionEvent {
  fullUrl: string;
  programme: string;
  type: string;
  date: string;
  facility: string | null;
  fields: Record<string, number | string | boolean>;
}

export interface ParsedTransaction {
  patient: TransactionPatient;
  /** Enrolments to open before the events are written; none unless the bundle holds EpisodeOfCare entries. */
  enrolments: TransactionEnrolment[];
  events: TransactionEvent[];
}

const CLASS_TO_MODE: Record<string, string> = { AMB: 'clinic', HH: 'home', VR: 'phone' };
const DATE = /^(\d{4}-\d{2}-\d{2})(T.*)?$/;

/**
 * Check and read a transaction bundle.
 * @param base the facade's base URL (`https://host/fhir/R4`), whose systems name programmes,
 *   event types and identifier kinds
 * @throws AppError VALIDATION_FAILED listing every problem with its entry and element
 */
export function parseTransaction(body: unknown, base: string): ParsedTransaction {
  const sys = weijianSystems(base);
  const root = base.replace(/\/R4\/?$/, '').replace(/\/$/, '');
  const issues: ErrorIssue[] = [];
  const fail = (field: string, zh: string, en: string, value?: unknown) => {
    issues.push({ field, message: { zh, en }, ...(value === undefined ? {} : { value }) });
  };
  const bundle = body as Bundle | null;
  if (bundle === null || typeof bundle !== 'object' || bundle.resourceType !== 'Bundle') {
    throw new AppError('VALIDATION_FAILED', {
      zh: '请求体应为 FHIR Bundle',
      en: 'The body must be a FHIR Bundle',
    });
  }
  if (bundle.type !== 'transaction') {
    fail('type', 'Bundle.type 应为 transaction', 'Bundle.type must be transaction', bundle.type);
  }
  const entries: BundleEntry[] = Array.isArray(bundle.entry) ? bundle.entry : [];
  if (entries.length === 0) fail('entry', '事务中没有条目', 'The transaction has no entries');

  let patient: TransactionPatient | null = null;
  const encounters: { at: string; fullUrl: string; resource: Encounter }[] = [];
  const episodes: { at: string; fullUrl: string; resource: EpisodeOfCare }[] = [];
  const observations: { at: string; resource: Observation }[] = [];
  entries.forEach((entry, i) => {
    const at = `entry[${String(i)}]`;
    const resource = entry.resource;
    if (entry.request?.method !== 'POST') {
      fail(
        `${at}.request.method`,
        '仅支持 POST（新建）条目',
        'Only POST (create) entries are supported',
        entry.request?.method
      );
    }
    if (!resource) {
      fail(`${at}.resource`, '条目缺少资源', 'The entry has no resource');
      return;
    }
    if (
      resource.resourceType !== 'Patient' &&
      resource.resourceType !== 'EpisodeOfCare' &&
      resource.resourceType !== 'Encounter' &&
      resource.resourceType !== 'Observation'
    ) {
      fail(
        `${at}.resource.resourceType`,
        '事务只能包含 Patient、EpisodeOfCare、Encounter、Observation',
        'A transaction may hold Patient, EpisodeOfCare, Encounter and Observation only',
        resource.resourceType
      );
      return;
    }
    if (resource.resourceType !== 'Observation' && !entry.fullUrl?.startsWith('urn:uuid:')) {
      fail(
        `${at}.fullUrl`,
        '新建资源的 fullUrl 应为 urn:uuid:…',
        'A created resource needs a urn:uuid: fullUrl',
        entry.fullUrl
      );
    }
    if (resource.resourceType === 'Patient') {
      if (patient !== null) fail(at, '事务中只能有一个 Patient', 'A transaction may hold one Patient only');
      else patient = readPatient(resource, entry.fullUrl ?? '', at, entry.request?.ifNoneExist);
    } else if (resource.resourceType === 'EpisodeOfCare') {
      episodes.push({ at, fullUrl: entry.fullUrl ?? '', resource });
    } else if (resource.resourceType === 'Encounter') {
      encounters.push({ at, fullUrl: entry.fullUrl ?? '', resource });
    } else {
      observations.push({ at, resource });
    }
  });

  function readPatient(
    p: Patient,
    fullUrl: string,
    at: string,
    ifNoneExist: string | undefined
  ): TransactionPatient {
    const name =
      p.name?.[0]?.text ?? [p.name?.[0]?.family, ...(p.name?.[0]?.given ?? [])].filter(Boolean).join('');
    if (!name) fail(`${at}.resource.name`, '缺少姓名', 'The name is missing');
    const sex = p.gender === 'male' ? 'M' : p.gender === 'female' ? 'F' : 'U';
    if (!p.birthDate || !/^\d{4}-\d{2}-\d{2}$/.test(p.birthDate)) {
      fail(
        `${at}.resource.birthDate`,
        '出生日期应为 YYYY-MM-DD',
        'The birth date must be YYYY-MM-DD',
        p.birthDate
      );
    }
    const identifiers: { kind: string; value: string }[] = [];
    (p.identifier ?? []).forEach((id, j) => {
      const kind =
        Object.keys(IDENTIFIER_TYPES).find((k) => id.system === sys.identifier(k)) ??
        (id.type?.coding?.some((c) => c.code === 'NI') ? 'resident_id' : undefined);
      if (kind === undefined || !id.value) {
        fail(
          `${at}.resource.identifier[${String(j)}]`,
          '证件类型无法识别或缺少号码',
          'Unknown identifier system or no value',
          id.system
        );
        return;
      }
      identifiers.push({ kind, value: id.value });
    });
    const phone = p.telecom?.find((t) => t.system === 'phone')?.value ?? null;
    const homeUnit =
      p.address?.[0]?.extension?.find((e) => e.url === `${root}/StructureDefinition/home-unit`)?.valueCode ??
      null;
    let match: { kind: string; value: string } | null = null;
    if (ifNoneExist !== undefined) {
      const m = /^identifier=([^|]+)\|(.+)$/.exec(ifNoneExist);
      const kind = m ? Object.keys(IDENTIFIER_TYPES).find((k) => sys.identifier(k) === m[1]) : undefined;
      if (!m || kind === undefined) {
        fail(
          `${at}.request.ifNoneExist`,
          '条件新建只支持 identifier=<系统>|<号码>（系统为本服务器的证件类型）',
          "Conditional create supports identifier=<system>|<value> with one of this server's identifier systems only",
          ifNoneExist
        );
      } else match = { kind, value: m[2] ?? '' };
    }
    return {
      kind: 'new',
      fullUrl,
      name,
      sex,
      birthDate: p.birthDate ?? '',
      identifiers,
      phone,
      homeUnit,
      ifNoneExist: match,
    };
  }

  // The subject: the bundle's Patient, or one existing resident named as Patient/<id>.
  const subjects = new Set([
    ...encounters.map((e) => e.resource.subject?.reference ?? ''),
    ...episodes.map((e) => e.resource.patient.reference ?? ''),
  ]);
  if (patient === null) {
    const refs = [...subjects];
    const m = refs.length === 1 ? /^Patient\/(\d+)$/.exec(refs[0] ?? '') : null;
    if (m) patient = { kind: 'existing', residentId: Number(m[1]) };
    else {
      fail(
        'entry',
        '事务应包含一个 Patient，或全部就诊指向同一个已有居民（Patient/编号）',
        'The transaction needs a Patient, or every Encounter must name one existing Patient/<id>'
      );
    }
  }

  const isPatient = (ref: string): boolean => {
    const p = patient;
    if (p === null) return true;
    return p.kind === 'new' ? ref === p.fullUrl : ref === `Patient/${String(p.residentId)}`;
  };

  const enrolments: TransactionEnrolment[] = [];
  for (const { at, fullUrl, resource: e } of episodes) {
    if (!isPatient(e.patient.reference ?? '')) {
      fail(
        `${at}.resource.patient`,
        '管理登记的对象应为本事务中的居民',
        "The EpisodeOfCare's patient must be the transaction's patient",
        e.patient.reference
      );
    }
    const programme = (e.type ?? [])
      .flatMap((t) => t.coding ?? [])
      .find((c) => c.system === sys.programme)?.code;
    if (!programme) {
      fail(
        `${at}.resource.type`,
        `管理登记应含专项编码（${sys.programme}）`,
        `EpisodeOfCare.type needs a programme coding (${sys.programme})`
      );
    }
    const start = DATE.exec(e.period?.start ?? '')?.[1];
    if (!start) {
      fail(
        `${at}.resource.period.start`,
        '登记日期应为 YYYY-MM-DD',
        'EpisodeOfCare.period.start must be a date',
        e.period?.start
      );
    }
    if (e.status !== 'active' || e.period?.end !== undefined) {
      fail(
        `${at}.resource.status`,
        '事务只能新开管理（status 为 active，无结束日期）',
        'A transaction may only open management (status active, no period.end)',
        e.status
      );
    }
    const facility = /^Organization\/(.+)$/.exec(e.managingOrganization?.reference ?? '')?.[1];
    if (!facility) {
      fail(
        `${at}.resource.managingOrganization`,
        '应写明管理机构（Organization/机构编码）',
        'managingOrganization must name the facility (Organization/<code>)',
        e.managingOrganization?.reference
      );
    }
    enrolments.push({ fullUrl, programme: programme ?? '', start: start ?? '', facility: facility ?? '' });
  }

  const events: TransactionEvent[] = [];
  const byUrl = new Map<string, TransactionEvent>();
  for (const { at, fullUrl, resource: e } of encounters) {
    const subject = e.subject?.reference ?? '';
    if (!isPatient(subject)) {
      fail(
        `${at}.resource.subject`,
        '就诊的对象应为本事务中的居民',
        "The Encounter's subject must be the transaction's patient",
        subject
      );
    }
    const codings = (e.type ?? []).flatMap((t) => t.coding ?? []);
    const programme = codings.find((c) => c.system === sys.programme)?.code;
    const type = programme ? codings.find((c) => c.system === sys.eventType(programme))?.code : undefined;
    if (!programme || !type) {
      fail(
        `${at}.resource.type`,
        `就诊类型应含专项编码（${sys.programme}）与服务类型编码`,
        `Encounter.type needs a programme coding (${sys.programme}) and an event-type coding`
      );
    }
    const start = e.period?.start ?? '';
    const date = DATE.exec(start)?.[1];
    if (!date) {
      fail(
        `${at}.resource.period.start`,
        '就诊日期应为 YYYY-MM-DD',
        'Encounter.period.start must be a date',
        start
      );
    }
    const fields: Record<string, number | string | boolean> = {};
    const mode = CLASS_TO_MODE[e.class.code ?? ''];
    if (mode) fields.mode = mode;
    for (const ext of e.extension ?? []) readField(ext, fields, `${at}.resource.extension`);
    const facility = /^Organization\/(.+)$/.exec(e.serviceProvider?.reference ?? '')?.[1] ?? null;
    const event: TransactionEvent = {
      fullUrl,
      programme: programme ?? '',
      type: type ?? '',
      date: date ?? '',
      facility,
      fields,
    };
    events.push(event);
    byUrl.set(fullUrl, event);
  }

  function readField(ext: Extension, fields: Record<string, unknown>, at: string) {
    const prefix = `${root}/StructureDefinition/event-field/`;
    if (!ext.url.startsWith(prefix)) return;
    const code = ext.url.slice(prefix.length);
    const value =
      ext.valueInteger ?? ext.valueDecimal ?? ext.valueBoolean ?? ext.valueCode ?? ext.valueString;
    if (value === undefined) {
      fail(`${at}.${code}`, '服务字段扩展缺少值', 'The event-field extension has no value');
    } else fields[code] = value;
  }

  for (const { at, resource: o } of observations) {
    const target = byUrl.get(o.encounter?.reference ?? '');
    if (!target) {
      fail(
        `${at}.resource.encounter`,
        '观察应指向本事务中的一次就诊',
        'The Observation must point at an Encounter of the transaction',
        o.encounter?.reference
      );
      continue;
    }
    const code = o.code.coding?.find((c) => c.system === LOINC)?.code;
    const put = (field: string, q: Quantity | undefined, ucum: string, path: string) => {
      if (q?.value === undefined) {
        fail(path, '缺少数值', 'The value is missing');
      } else if (q.code !== ucum && q.unit !== ucum) {
        fail(path, `单位应为 ${ucum}`, `The unit must be ${ucum}`, q.code ?? q.unit);
      } else {
        target.fields[field] = q.value;
      }
    };
    if (code === BP_PANEL.loinc) {
      for (const [k, c] of (o.component ?? []).entries()) {
        const cc = c.code.coding?.find((x) => x.system === LOINC)?.code;
        const known = [SYSTOLIC, DIASTOLIC].find((x) => x.loinc === cc);
        if (known) {
          put(
            known.field,
            c.valueQuantity,
            known.ucum,
            `${at}.resource.component[${String(k)}].valueQuantity`
          );
        }
      }
    } else {
      const known = [SYSTOLIC, DIASTOLIC, FASTING_GLUCOSE].find((x) => x.loinc === code);
      if (known) put(known.field, o.valueQuantity, known.ucum, `${at}.resource.valueQuantity`);
      else {
        fail(
          `${at}.resource.code`,
          '不支持的观察项目（支持血压 85354-9/8480-6/8462-4 与空腹血糖 14771-0）',
          'Unsupported observation (blood pressure 85354-9/8480-6/8462-4 and fasting glucose 14771-0 are)',
          code
        );
      }
    }
  }

  if (issues.length > 0 || patient === null) {
    throw new AppError(
      'VALIDATION_FAILED',
      { zh: 'FHIR 事务有误，未写入任何内容', en: 'The FHIR transaction is invalid; nothing was written' },
      issues
    );
  }
  return { patient, enrolments, events };
}
