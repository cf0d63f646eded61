/** SQL for response teams, their members, equipment and drills, and the expert pool. */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/types';

type Db = Kysely<DB>;
const inScope = (scope: string) => `%/${scope}/%`;

export interface StoredTeam {
  id: number;
  name: string;
  category: string;
  level: string;
  unitCode: string;
  unitName: string;
  synthetic: boolean;
}

/** Teams whose unit lies in the scope (or one team by id). */
export async function teamsInScope(db: Db, scope: string, id?: number): Promise<StoredTeam[]> {
  let q = db
    .selectFrom('emergency_teams as t')
    .innerJoin('org_units as o', 'o.code', 't.unit_code')
    .select(['t.id', 't.name', 't.category', 't.level', 't.unit_code', 'o.name as unit_name', 't.synthetic'])
    .where('o.path', 'like', inScope(scope))
    .orderBy('t.category')
    .orderBy('t.name');
  if (id !== undefined) q = q.where('t.id', '=', id);
  return (await q.execute()).map((r) => ({
    id: r.id,
    name: r.name,
    category: r.category,
    level: r.level,
    unitCode: r.unit_code,
    unitName: r.unit_name,
    synthetic: r.synthetic,
  }));
}

export async function insertTeam(
  tx: Db,
  t: { name: string; category: string; level: string; unitCode: string; by: string; synthetic?: boolean }
): Promise<number | undefined> {
  const r = await tx
    .insertInto('emergency_teams')
    .values({
      name: t.name,
      category: t.category,
      level: t.level,
      unit_code: t.unitCode,
      created_by: t.by,
      synthetic: t.synthetic ?? false,
    })
    .onConflict((oc) => oc.columns(['unit_code', 'name']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id;
}

export async function membersOf(db: Db, teamIds: readonly number[]) {
  if (teamIds.length === 0) return [];
  return db
    .selectFrom('emergency_team_members')
    .select(['id', 'team_id', 'name', 'role', 'phone', sql<string | null>`trained_on::text`.as('trained_on')])
    .where('team_id', 'in', teamIds)
    .orderBy('team_id')
    .orderBy('id')
    .execute();
}

export async function insertMember(
  tx: Db,
  m: { teamId: number; name: string; role: string; phone: string | null; trainedOn: string | null }
): Promise<number> {
  const r = await tx
    .insertInto('emergency_team_members')
    .values({ team_id: m.teamId, name: m.name, role: m.role, phone: m.phone, trained_on: m.trainedOn })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function equipmentOf(db: Db, teamIds: readonly number[]) {
  if (teamIds.length === 0) return [];
  return db.selectFrom('emergency_team_equipment').selectAll().where('team_id', 'in', teamIds).execute();
}

export async function upsertEquipment(
  tx: Db,
  teamId: number,
  items: readonly { item: string; held: number }[]
): Promise<void> {
  await tx
    .insertInto('emergency_team_equipment')
    .values(items.map((i) => ({ team_id: teamId, item: i.item, held: i.held })))
    .onConflict((oc) =>
      oc.columns(['team_id', 'item']).doUpdateSet((eb) => ({ held: eb.ref('excluded.held') }))
    )
    .execute();
}

export async function drillsOf(db: Db, teamIds: readonly number[]) {
  if (teamIds.length === 0) return [];
  return db
    .selectFrom('emergency_drills')
    .select([
      'id',
      'team_id',
      sql<string>`held_on::text`.as('held_on'),
      'kind',
      'participants',
      'findings',
      'recorded_by',
    ])
    .where('team_id', 'in', teamIds)
    .orderBy('held_on', 'desc')
    .execute();
}

export async function insertDrill(
  tx: Db,
  d: {
    teamId: number;
    heldOn: string;
    kind: string;
    participants: number;
    findings: string | null;
    by: string;
  }
): Promise<number> {
  const r = await tx
    .insertInto('emergency_drills')
    .values({
      team_id: d.teamId,
      held_on: d.heldOn,
      kind: d.kind,
      participants: d.participants,
      findings: d.findings,
      recorded_by: d.by,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Teams with an unfinished task on an event that is not closed: deployed. */
export async function deployedTeams(db: Db, teamIds: readonly number[]) {
  if (teamIds.length === 0) return [];
  return db
    .selectFrom('emergency_tasks as t')
    .innerJoin('emergency_events as e', 'e.id', 't.event_id')
    .select(['t.team_id', 'e.id as event_id', 'e.title as event_title'])
    .where('t.team_id', 'in', teamIds)
    .where('t.status', 'in', ['assigned', 'in_progress'])
    .where('e.status', '<>', 'closed')
    .distinct()
    .execute();
}

export async function expertsInScope(db: Db, scope: string, speciality?: string) {
  let q = db
    .selectFrom('emergency_experts as x')
    .innerJoin('org_units as o', 'o.code', 'x.unit_code')
    .select([
      'x.id',
      'x.name',
      'x.speciality',
      'x.unit_code',
      'o.name as unit_name',
      'x.title',
      'x.phone',
      'x.synthetic',
    ])
    .where('o.path', 'like', inScope(scope))
    .orderBy('x.speciality')
    .orderBy('x.name');
  if (speciality) q = q.where('x.speciality', '=', speciality);
  return q.execute();
}

export async function insertExpert(
  tx: Db,
  x: { name: string; speciality: string; unitCode: string; title: string | null; phone: string | null }
): Promise<number> {
  const r = await tx
    .insertInto('emergency_experts')
    .values({ name: x.name, speciality: x.speciality, unit_code: x.unitCode, title: x.title, phone: x.phone })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}
