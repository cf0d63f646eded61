/**
 * Response teams and the expert pool: rosters (contacts masked unless the role may see them),
 * equipment held against the standard, drills with their findings, and the indicators
 * (equipment compliance, drills per year, members trained).
 */
import {
  AppError,
  equipmentCheck,
  maskPhone,
  type ExpertRow,
  type TeamCategory,
  type TeamDetail,
  type TeamIndicators,
  type TeamRow,
} from '@weijian/core';
import type { z } from 'zod';
import type {
  drillInputSchema,
  equipmentInputSchema,
  expertInputSchema,
  memberInputSchema,
  teamInputSchema,
} from '@weijian/core';
import type { Db } from '../../db/connection';
import { type Actor, writeAudit } from '../audit';
import { unitInScope } from '../orgunits';
import { emergencyCatalogues } from './catalogues';
import * as repo from './repository/teams';

/** A team in scope, or NOT_FOUND. */
async function teamInScope(db: Db, scope: string, id: number): Promise<repo.StoredTeam> {
  const [t] = await repo.teamsInScope(db, scope, id);
  if (!t) {
    throw new AppError('NOT_FOUND', {
      zh: `队伍不存在或不在您的范围内：${id}`,
      en: `No such team in your scope: ${id}`,
    });
  }
  return t;
}

async function teamRows(db: Db, teams: readonly repo.StoredTeam[], year: number) {
  const ids = teams.map((t) => t.id);
  const [members, equipment, drills, deployed] = await Promise.all([
    repo.membersOf(db, ids),
    repo.equipmentOf(db, ids),
    repo.drillsOf(db, ids),
    repo.deployedTeams(db, ids),
  ]);
  const { equipment: standard } = emergencyCatalogues();
  return teams.map((t) => {
    const roster = members.filter((m) => m.team_id === t.id);
    const held = new Map(equipment.filter((e) => e.team_id === t.id).map((e) => [e.item, e.held]));
    const check = equipmentCheck(standard, t.category as TeamCategory, roster.length, held);
    const row: TeamRow = {
      id: t.id,
      name: t.name,
      category: t.category as TeamCategory,
      level: t.level,
      unitCode: t.unitCode,
      unitName: t.unitName,
      members: roster.length,
      trained: roster.filter((m) => m.trained_on !== null && m.trained_on.slice(0, 4) === String(year))
        .length,
      compliance: check.compliance,
      drillsThisYear: drills.filter((d) => d.team_id === t.id && d.held_on.startsWith(String(year))).length,
      deployed: deployed.some((d) => d.team_id === t.id),
      synthetic: t.synthetic,
    };
    return { row, roster, check, drills: drills.filter((d) => d.team_id === t.id) };
  });
}

/** Teams in scope with their compliance, training and drills in the year of `now`. */
export async function listTeams(db: Db, scope: string, now: Date): Promise<TeamRow[]> {
  return (await teamRows(db, await repo.teamsInScope(db, scope), now.getUTCFullYear())).map((r) => r.row);
}

/** One team: roster (contacts masked unless allowed), equipment lines and drills. */
export async function teamDetail(
  db: Db,
  scope: string,
  id: number,
  now: Date,
  seeContacts: boolean
): Promise<TeamDetail> {
  const [r] = await teamRows(db, [await teamInScope(db, scope, id)], now.getUTCFullYear());
  if (!r) throw new AppError('NOT_FOUND', { zh: `队伍不存在：${id}`, en: `No such team: ${id}` });
  return {
    team: r.row,
    members: r.roster.map((m) => ({
      id: m.id,
      name: m.name,
      role: m.role,
      phone: m.phone === null ? null : seeContacts ? m.phone : maskPhone(m.phone),
      trainedOn: m.trained_on,
    })),
    equipment: r.check.lines,
    drills: r.drills.map((d) => ({
      id: d.id,
      heldOn: d.held_on,
      kind: d.kind,
      participants: d.participants,
      findings: d.findings,
      recordedBy: d.recorded_by,
    })),
  };
}

/** The indicators over the teams in scope for a year. */
export async function teamIndicators(db: Db, scope: string, year: number): Promise<TeamIndicators> {
  const rows = await teamRows(db, await repo.teamsInScope(db, scope), year);
  const compliance = rows.map((r) => r.row.compliance).filter((c): c is number => c !== null);
  const members = rows.reduce((s, r) => s + r.row.members, 0);
  const trained = rows.reduce((s, r) => s + r.row.trained, 0);
  const drills = rows.reduce((s, r) => s + r.row.drillsThisYear, 0);
  return {
    year,
    teams: rows.length,
    equipmentCompliance: compliance.length ? compliance.reduce((s, c) => s + c, 0) / compliance.length : null,
    teamsFullyEquipped: compliance.filter((c) => c === 1).length,
    drills,
    drillsPerTeam: rows.length ? drills / rows.length : null,
    members,
    membersTrained: trained,
    trainedShare: members ? trained / members : null,
  };
}

export async function createTeam(
  db: Db,
  actor: Actor,
  scope: string,
  input: z.infer<typeof teamInputSchema>
): Promise<number> {
  await unitInScope(db, input.unitCode, scope);
  return db.transaction().execute(async (tx) => {
    const id = await repo.insertTeam(tx, { ...input, by: actor.name });
    if (id === undefined) {
      throw new AppError(
        'CONFLICT',
        { zh: `该机构已有同名队伍：${input.name}`, en: `The unit already has a team named ${input.name}` },
        [{ field: 'name', value: input.name, message: { zh: '重名', en: 'duplicate' } }]
      );
    }
    await writeAudit(tx, actor, {
      action: 'create',
      entity: 'emergency_team',
      entityId: String(id),
      details: input,
    });
    return id;
  });
}

export async function addMember(
  db: Db,
  actor: Actor,
  scope: string,
  teamId: number,
  input: z.infer<typeof memberInputSchema>
): Promise<number> {
  await teamInScope(db, scope, teamId);
  return db.transaction().execute(async (tx) => {
    const id = await repo.insertMember(tx, {
      teamId,
      name: input.name,
      role: input.role,
      phone: input.phone ?? null,
      trainedOn: input.trainedOn ?? null,
    });
    // The contact is personal data: the audit row records that it was set, not the number.
    await writeAudit(tx, actor, {
      action: 'add_member',
      entity: 'emergency_team',
      entityId: String(teamId),
      details: { memberId: id, role: input.role, phone: input.phone ? 'set' : null },
    });
    return id;
  });
}

export async function setEquipment(
  db: Db,
  actor: Actor,
  scope: string,
  teamId: number,
  input: z.infer<typeof equipmentInputSchema>
): Promise<void> {
  await teamInScope(db, scope, teamId);
  const known = new Set(emergencyCatalogues().equipment.items.map((i) => i.code));
  const bad = input.items.map((i, n) => ({ i, n })).filter(({ i }) => !known.has(i.item));
  if (bad.length) {
    throw new AppError(
      'VALIDATION_FAILED',
      { zh: '装备不在标准目录中', en: 'Items not in the equipment standard' },
      bad.map(({ i, n }) => ({
        row: n + 1,
        field: 'item',
        value: i.item,
        message: { zh: '未知装备', en: 'unknown item' },
      }))
    );
  }
  await db.transaction().execute(async (tx) => {
    await repo.upsertEquipment(tx, teamId, input.items);
    await writeAudit(tx, actor, {
      action: 'set_equipment',
      entity: 'emergency_team',
      entityId: String(teamId),
      details: { items: input.items },
    });
  });
}

export async function addDrill(
  db: Db,
  actor: Actor,
  scope: string,
  teamId: number,
  input: z.infer<typeof drillInputSchema>,
  today: string
): Promise<number> {
  await teamInScope(db, scope, teamId);
  if (input.heldOn > today) {
    throw new AppError(
      'VALIDATION_FAILED',
      { zh: '演练日期晚于今天', en: 'The drill date is in the future' },
      [{ field: 'heldOn', value: input.heldOn, message: { zh: '不能晚于今天', en: 'not after today' } }]
    );
  }
  return db.transaction().execute(async (tx) => {
    const id = await repo.insertDrill(tx, {
      teamId,
      heldOn: input.heldOn,
      kind: input.kind,
      participants: input.participants,
      findings: input.findings ?? null,
      by: actor.name,
    });
    await writeAudit(tx, actor, {
      action: 'add_drill',
      entity: 'emergency_team',
      entityId: String(teamId),
      details: { drillId: id, ...input },
    });
    return id;
  });
}

export async function listExperts(
  db: Db,
  scope: string,
  seeContacts: boolean,
  speciality?: string
): Promise<ExpertRow[]> {
  return (await repo.expertsInScope(db, scope, speciality)).map((x) => ({
    id: x.id,
    name: x.name,
    speciality: x.speciality,
    unitCode: x.unit_code,
    unitName: x.unit_name,
    title: x.title,
    phone: x.phone === null ? null : seeContacts ? x.phone : maskPhone(x.phone),
    synthetic: x.synthetic,
  }));
}

export async function addExpert(
  db: Db,
  actor: Actor,
  scope: string,
  input: z.infer<typeof expertInputSchema>
): Promise<number> {
  await unitInScope(db, input.unitCode, scope);
  return db.transaction().execute(async (tx) => {
    const id = await repo.insertExpert(tx, {
      name: input.name,
      speciality: input.speciality,
      unitCode: input.unitCode,
      title: input.title ?? null,
      phone: input.phone ?? null,
    });
    await writeAudit(tx, actor, {
      action: 'create',
      entity: 'emergency_expert',
      entityId: String(id),
      details: { speciality: input.speciality, unitCode: input.unitCode },
    });
    return id;
  });
}
