/**
 * A resident's programmes as the record page shows them: segments, events (voided ones marked),
 * this year's rules met or not with their reasons, and what is due next. Every read is logged.
 */
import { AppError, assessYear, type ProgrammeTimeline } from '@weijian/core';
import type { Db } from '../../db/connection';
import { actedAt, type Actor } from '../audit';
import { chinaDay } from '../orgunits';
import { dueOf, factsOf } from './recompute';
import { enrolmentsOf, eventsOf, findResident, logRecordRead, residentInScope } from './repository';
import { resolverForResident, ruleSets } from './rule-sets';

/** The programme timeline of a resident in the caller's scope (logged as a record read). */
export async function programmeTimeline(
  db: Db,
  actor: Actor,
  scope: string,
  residentId: number
): Promise<ProgrammeTimeline[]> {
  return db.transaction().execute(async (tx) => {
    const r = await findResident(tx, residentId);
    if (!r || !(await residentInScope(tx, residentId, scope))) {
      throw new AppError('NOT_FOUND', {
        zh: `居民不存在或不在您的范围内：${residentId}`,
        en: `Unknown resident or outside your scope: ${residentId}`,
      });
    }
    await logRecordRead(tx, {
      userId: actor.userId,
      actor: actor.name,
      residentId,
      purpose: 'programme timeline 专项管理记录',
      at: actedAt(actor),
    });
    const today = chinaDay(actedAt(actor));
    const year = Number(today.slice(0, 4));
    const enrolments = await enrolmentsOf(tx, [residentId]);
    const events = await eventsOf(tx, [residentId], { withVoided: true });
    const programmes = [...new Set(enrolments.map((e) => e.programme))].sort();
    return programmes.map((p) => {
      const segs = enrolments.filter((e) => e.programme === p);
      const evs = events.filter((e) => e.programme === p);
      const rs = resolverForResident(p, r.homeUnit)(year);
      const facts = factsOf(r, segs, evs);
      const thisYear =
        rs && facts
          ? assessYear(rs, facts, year).results.map((x) => ({
              element: x.element,
              met: x.met,
              orgUnit: x.orgUnit,
              period: x.period,
              reason: x.reason,
            }))
          : [];
      const name = (rs ?? ruleSets().find((x) => x.code === p))?.name ?? { zh: p, en: p };
      return {
        programme: p,
        name,
        version: rs?.version ?? null,
        enrolments: segs.map((s) => ({
          id: s.id,
          start: s.start,
          end: s.end,
          endReason: s.endReason,
          facility: s.ownerUnit,
          episode: s.episode,
        })),
        events: [...evs].reverse().map((e) => ({
          id: e.id,
          type: e.type,
          date: e.date,
          fields: e.fields,
          facility: e.facility,
          episode: e.episode,
          version: e.version,
          voided: e.voided,
          voidReason: e.voidReason,
          recordedBy: e.recordedBy,
        })),
        thisYear,
        nextDue: dueOf(p, r, segs, evs, today),
        synthetic: r.synthetic,
      };
    });
  });
}
