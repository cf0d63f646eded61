/**
 * `POST /fhir/R4` with a transaction Bundle: the bundle is read whole (`parseTransaction`), then in
 * ONE database transaction the resident is created (or the existing one used: `Patient/<id>`, or
 * the holder of the `ifNoneExist` identifier), enrolments the bundle asks for (EpisodeOfCare entries)
 * are opened, and each event is written through the programmes service — so memberships and the
 * indicators' counts change in the same transaction. Any refusal rolls everything back; the error
 * names the entry. Without an EpisodeOfCare entry nothing is enrolled, and an event outside every
 * enrolment is refused with the programmes service's own message.
 */
import {
  AppError,
  can,
  enrolInputSchema,
  eventInputSchema,
  fhir,
  isAppError,
  residentCreateSchema,
  type ErrorIssue,
} from '@weijian/core';
import type { z } from 'zod';
import type { AppContext } from '../../context';
import { actorOf, writeAudit } from '../audit';
import { enrol, recordEvent } from '../programmes';
import { createResident, searchResidents } from '../residents';
import type { FhirCaller } from './caller';

interface CodingLike {
  system?: string;
  code?: string;
}
interface EntryLike {
  fullUrl?: string;
  resource?: {
    resourceType?: string;
    encounter?: { reference?: string };
    code?: { coding?: CodingLike[] };
    component?: { code?: { coding?: CodingLike[] } }[];
  };
}

/**
 * Where each event field read from an Observation came from: encounter fullUrl → field → the
 * element (`entry[3].resource.component[0].valueQuantity`), so a value the rule set refuses is
 * named where the client wrote it.
 */
function observationSources(entries: readonly EntryLike[]): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  const codes = [fhir.SYSTOLIC, fhir.DIASTOLIC, fhir.FASTING_GLUCOSE];
  const loinc = (c: CodingLike[] | undefined) => c?.find((x) => x.system === fhir.LOINC)?.code;
  entries.forEach((entry, k) => {
    const r = entry.resource;
    if (r?.resourceType !== 'Observation') return;
    const target = r.encounter?.reference ?? '';
    const fields = out.get(target) ?? new Map<string, string>();
    out.set(target, fields);
    const own = codes.find((x) => x.loinc === loinc(r.code?.coding));
    if (own) fields.set(own.field, `entry[${String(k)}].resource.valueQuantity`);
    (r.component ?? []).forEach((comp, j) => {
      const c = codes.find((x) => x.loinc === loinc(comp.code?.coding));
      if (c) fields.set(c.field, `entry[${String(k)}].resource.component[${String(j)}].valueQuantity`);
    });
  });
  return out;
}

/**
 * An error of one entry: the entry and its resource type named, the service's issues kept; an
 * issue on an event field that an Observation supplied names that Observation's element.
 */
function inEntry(e: unknown, k: number, type: string, fromObservations?: Map<string, string>): unknown {
  if (!isAppError(e)) return e;
  const at = (field: string | undefined): string => {
    const m = /^fields\.(\w+)$/.exec(field ?? '');
    const source = m ? fromObservations?.get(m[1] ?? '') : undefined;
    if (source !== undefined) return source;
    return `entry[${String(k)}]${field === undefined ? '' : `.${field}`}`;
  };
  return new AppError(
    e.code,
    {
      zh: `第 ${String(k)} 条（${type}）：${e.messages.zh}`,
      en: `entry[${String(k)}] (${type}): ${e.messages.en}`,
    },
    (e.issues.length > 0 ? e.issues : [{ message: e.messages }]).map((i) => ({ ...i, field: at(i.field) }))
  );
}

async function step<T>(
  k: number,
  type: string,
  fn: () => Promise<T>,
  fromObservations?: Map<string, string>
): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw inEntry(e, k, type, fromObservations);
  }
}

/** Check a service input with its REST schema, naming the entry on failure. */
function checked<S extends z.ZodType>(schema: S, value: unknown, k: number, type: string): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues: ErrorIssue[] = r.error.issues.map((i) => ({
    field: `entry[${String(k)}].${i.path.map(String).join('.')}`,
    message: { zh: `取值无效：${i.message}`, en: i.message },
  }));
  throw new AppError(
    'VALIDATION_FAILED',
    {
      zh: `第 ${String(k)} 条（${type}）有误，未写入任何内容`,
      en: `entry[${String(k)}] (${type}) is invalid; nothing was written`,
    },
    issues
  );
}

/** Where the resident of the bundle comes from before the write. */
async function existingResident(
  ctx: AppContext,
  c: FhirCaller,
  patient: fhir.TransactionPatient,
  at: number
): Promise<number | null> {
  if (patient.kind === 'existing') return patient.residentId;
  if (patient.ifNoneExist === null) return null;
  const found = await searchResidents(ctx, c.user, patient.ifNoneExist.value, undefined, null);
  if (found.residents.length > 1) {
    throw new AppError('CONFLICT', {
      zh: `条件新建匹配到多名居民（第 ${String(at)} 条 ifNoneExist），请改用 Patient/编号`,
      en: `The conditional create matched several residents (entry[${String(at)}] ifNoneExist); name Patient/<id> instead`,
    });
  }
  return found.residents[0]?.id ?? null;
}

/**
 * Write a transaction bundle; answers the transaction-response Bundle with the location of every
 * entry. @throws AppError — nothing is written on any refusal
 */
export async function transact(ctx: AppContext, c: FhirCaller, body: unknown): Promise<fhir.Bundle> {
  const parsed = fhir.parseTransaction(body, c.base);
  const entries = (body as { entry: EntryLike[] }).entry;
  const indexOf = (fullUrl: string) => entries.findIndex((e) => e.fullUrl === fullUrl);
  const patientAt = entries.findIndex((e) => e.resource?.resourceType === 'Patient');
  const p = parsed.patient;
  const existing = await existingResident(ctx, c, p, patientAt);
  let create: z.infer<typeof residentCreateSchema> | null = null;
  if (p.kind === 'new' && existing === null) {
    if (!can(c.user.role, 'resident:write')) {
      throw new AppError('FORBIDDEN', {
        zh: '当前角色无权新建居民档案（resident:write）',
        en: 'Your role may not register residents (resident:write)',
      });
    }
    if (p.homeUnit === null) {
      throw new AppError('VALIDATION_FAILED', { zh: '缺少居住地', en: 'The home unit is missing' }, [
        {
          field: `entry[${String(patientAt)}].resource.address[0].extension`,
          message: {
            zh: '请在 address 的 home-unit 扩展中写明居住的街道或社区编码',
            en: 'Name the street or community in the address home-unit extension',
          },
        },
      ]);
    }
    create = checked(
      residentCreateSchema,
      {
        name: p.name,
        sex: p.sex,
        birthDate: p.birthDate,
        homeUnit: p.homeUnit,
        phone: p.phone,
        identifiers: p.identifiers.map((i) => ({
          kind: fhir.coreIdentifierKind(i.kind) ?? i.kind,
          value: i.value,
        })),
      },
      patientAt,
      'Patient'
    );
  }
  const enrolments = parsed.enrolments.map((e) => {
    const k = indexOf(e.fullUrl);
    return {
      k,
      input: checked(
        enrolInputSchema,
        { programme: e.programme, start: e.start, facility: e.facility },
        k,
        'EpisodeOfCare'
      ),
    };
  });
  const events = parsed.events.map((e) => {
    const k = indexOf(e.fullUrl);
    const input = checked(
      eventInputSchema,
      {
        programme: e.programme,
        type: e.type,
        date: e.date,
        fields: e.fields,
        ...(e.facility === null ? {} : { facility: e.facility }),
      },
      k,
      'Encounter'
    );
    return { k, fullUrl: e.fullUrl, input };
  });

  const sources = observationSources(entries);
  const actor = actorOf(c.user, c.now);
  const scope = c.user.orgUnitCode;
  return ctx.db.transaction().execute(async (tx) => {
    let residentId = existing;
    if (create !== null) {
      const input = create;
      residentId = (await step(patientAt, 'Patient', () => createResident({ ...ctx, db: tx }, c.user, input)))
        .id;
    }
    const rid = residentId as number;
    const locations = new Map<number, string>();
    if (patientAt >= 0) locations.set(patientAt, `Patient/${String(rid)}`);
    for (const e of enrolments) {
      const saved = await step(e.k, 'EpisodeOfCare', () => enrol(tx, actor, scope, rid, e.input));
      locations.set(e.k, `EpisodeOfCare/${String(saved.id)}`);
    }
    const eventIds = new Map<string, number>();
    for (const e of events) {
      const saved = await step(
        e.k,
        'Encounter',
        () => recordEvent(tx, actor, scope, rid, e.input),
        sources.get(e.fullUrl)
      );
      eventIds.set(e.fullUrl, saved.id);
      locations.set(e.k, `Encounter/${String(saved.id)}`);
    }
    entries.forEach((entry, k) => {
      if (entry.resource?.resourceType !== 'Observation') return;
      const id = eventIds.get(entry.resource.encounter?.reference ?? '');
      const glucose = (entry.resource.code?.coding ?? []).some((x) => x.code === fhir.FASTING_GLUCOSE.loinc);
      if (id !== undefined) locations.set(k, `Observation/${String(id)}-${glucose ? 'fbg' : 'bp'}`);
    });
    await writeAudit(tx, actor, {
      action: 'fhir.transaction',
      entity: 'residents',
      entityId: String(rid),
      details: {
        created: create !== null,
        enrolments: [...enrolments.map((e) => locations.get(e.k))],
        events: [...eventIds.values()],
      },
    });
    const root = c.base.replace(/\/$/, '');
    return {
      resourceType: 'Bundle',
      type: 'transaction-response',
      entry: entries.map((entry, k) => {
        const location = locations.get(k) ?? '';
        const status = k === patientAt && create === null ? '200 OK' : '201 Created';
        return { fullUrl: `${root}/${location}`, response: { status, location } };
      }),
    } satisfies fhir.Bundle;
  });
}
