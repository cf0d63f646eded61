/**
 * EpisodeOfCare (enrolment segments), Encounter (service events) and Observation (their blood
 * pressure and fasting glucose) from the programmes service's timeline of one resident — the same
 * read the REST route makes: the resident's home unit or an enrolment's facility in the caller's
 * scope, the read logged. Reading by id first finds whose record the id is.
 */
import { AppError, fhir, type ProgrammeTimeline } from '@weijian/core';
import type { AppContext } from '../../context';
import { actorOf } from '../audit';
import { programmeTimeline, residentOfEnrolment, residentOfEvent, ruleSets } from '../programmes';
import type { FhirCaller } from './caller';

const notFound = (ref: string): AppError =>
  new AppError('NOT_FOUND', {
    zh: `资源不存在或不在您的范围内：${ref}`,
    en: `Unknown resource or outside your scope: ${ref}`,
  });

async function timelineOf(ctx: AppContext, c: FhirCaller, residentId: number): Promise<ProgrammeTimeline[]> {
  return programmeTimeline(ctx.db, actorOf(c.user, c.now), c.user.orgUnitCode, residentId);
}

function episodesOf(residentId: number, timeline: readonly ProgrammeTimeline[], base: string) {
  return timeline.flatMap((p) =>
    p.enrolments.map((e) =>
      fhir.toEpisodeOfCare(
        {
          id: e.id,
          residentId,
          programme: p.programme,
          programmeName: p.name.zh,
          start: e.start,
          end: e.end,
          endReason: e.endReason,
          facility: e.facility,
          synthetic: p.synthetic,
        },
        base
      )
    )
  );
}

/** The events of a timeline as the Encounter mapper takes them, oldest first. */
function encounterSources(
  residentId: number,
  timeline: readonly ProgrammeTimeline[]
): fhir.EncounterSource[] {
  return timeline
    .flatMap((p) => {
      const types = ruleSets().find((r) => r.code === p.programme)?.eventTypes ?? [];
      return p.events.map((e) => ({
        id: e.id,
        residentId,
        programme: p.programme,
        type: e.type,
        typeName: types.find((t) => t.code === e.type)?.name.zh ?? e.type,
        date: e.date,
        fields: e.fields,
        facility: e.facility,
        voided: e.voided,
        episodeId:
          p.enrolments.filter((s) => s.start <= e.date && (s.end === null || e.date <= s.end)).at(-1)?.id ??
          null,
        synthetic: p.synthetic,
      }));
    })
    .sort((a, b) => (a.date === b.date ? a.id - b.id : a.date < b.date ? -1 : 1));
}

/** Search filters on programme resources of one resident. */
export interface ProgrammeFilter {
  date: (day: string) => boolean;
  code: (codings: readonly { system?: string; code?: string }[]) => boolean;
}

/** A resident's enrolment segments. */
export async function episodes(
  ctx: AppContext,
  c: FhirCaller,
  residentId: number
): Promise<fhir.EpisodeOfCare[]> {
  return episodesOf(residentId, await timelineOf(ctx, c, residentId), c.base);
}

/** A resident's service events as Encounters, filtered by day. */
export async function encounters(
  ctx: AppContext,
  c: FhirCaller,
  residentId: number,
  f: Pick<ProgrammeFilter, 'date'>
): Promise<fhir.Encounter[]> {
  return encounterSources(residentId, await timelineOf(ctx, c, residentId))
    .filter((e) => f.date(e.date))
    .map((e) => fhir.toEncounter(e, c.base));
}

/** A resident's observations, filtered by day and code. */
export async function observations(
  ctx: AppContext,
  c: FhirCaller,
  residentId: number,
  f: ProgrammeFilter
): Promise<fhir.Observation[]> {
  return encounterSources(residentId, await timelineOf(ctx, c, residentId))
    .filter((e) => f.date(e.date))
    .flatMap((e) => fhir.toObservations(e))
    .filter((o) => f.code(o.code.coding ?? []));
}

/** One enrolment segment by id. */
export async function readEpisode(ctx: AppContext, c: FhirCaller, id: number): Promise<fhir.EpisodeOfCare> {
  const residentId = await residentOfEnrolment(ctx.db, id);
  if (residentId === undefined) throw notFound(`EpisodeOfCare/${String(id)}`);
  const found = (await episodes(ctx, c, residentId)).find((e) => e.id === String(id));
  if (!found) throw notFound(`EpisodeOfCare/${String(id)}`);
  return found;
}

/** One service event by id. */
export async function readEncounter(ctx: AppContext, c: FhirCaller, id: number): Promise<fhir.Encounter> {
  const residentId = await residentOfEvent(ctx.db, id);
  if (residentId === undefined) throw notFound(`Encounter/${String(id)}`);
  const found = (await encounters(ctx, c, residentId, { date: () => true })).find((e) => e.id === String(id));
  if (!found) throw notFound(`Encounter/${String(id)}`);
  return found;
}

/** One observation by id (`<event>-bp` or `<event>-fbg`). */
export async function readObservation(ctx: AppContext, c: FhirCaller, id: string): Promise<fhir.Observation> {
  const m = /^(\d{1,10})-(bp|fbg)$/.exec(id);
  const eventId = m ? Number(m[1]) : NaN;
  if (!m || eventId > 2_147_483_647) throw notFound(`Observation/${id}`);
  const residentId = await residentOfEvent(ctx.db, eventId);
  if (residentId === undefined) throw notFound(`Observation/${id}`);
  const all = await observations(ctx, c, residentId, { date: () => true, code: () => true });
  const found = all.find((o) => o.id === id);
  if (!found) throw notFound(`Observation/${id}`);
  return found;
}
