/**
 * Whose record an enrolment segment or a service event is: the FHIR facade reads
 * `EpisodeOfCare/<id>` and `Encounter/<id>` by finding the resident, then reads the resident's
 * programmes through the timeline (which checks scope and logs the read). Unknown ids give
 * undefined; nothing else of the record leaves here.
 */
import type { Db } from '../../db/connection';
import { enrolmentResident, findEvent } from './repository';

/** The resident of an enrolment segment. */
export function residentOfEnrolment(db: Db, id: number): Promise<number | undefined> {
  return enrolmentResident(db, id);
}

/** The resident of a service event. */
export async function residentOfEvent(db: Db, id: number): Promise<number | undefined> {
  return (await findEvent(db, id))?.residentId;
}
