/** The command board: open events by grade, overdue tasks, teams deployed, supply shortfalls, the epidemic curve of the chosen (or latest open) event. */
import { epidemicCurve, type CommandBoard } from '@weijian/core';
import type { Db } from '../../db/connection';
import { listEvents } from './events';
import * as repo from './repository/events';
import * as teams from './repository/teams';
import { stock } from './reserve';
import { toTaskRow } from './tasks';

export async function commandBoard(
  db: Db,
  scope: string,
  now: Date,
  eventId?: number
): Promise<CommandBoard> {
  const events = await listEvents(db, scope, now, { open: true });
  const ids = events.map((e) => e.id);
  const openByGrade: CommandBoard['openByGrade'] = { I: 0, II: 0, III: 0, IV: 0, ungraded: 0 };
  for (const e of events) openByGrade[e.grade ?? 'ungraded']++;
  const tasks = (await repo.tasksOf(db, { eventIds: ids })).map((t) => toTaskRow(t, now));
  const teamList = await teams.teamsInScope(db, scope);
  const deployed = await teams.deployedTeams(
    db,
    teamList.map((t) => t.id)
  );
  const lines = await stock(db, scope, now);
  const chosen = events.find((e) => e.id === eventId) ?? events[0];
  const cases = chosen ? await repo.lineList(db, [chosen.id]) : [];
  return {
    openByGrade,
    events,
    overdueTasks: tasks.filter((t) => t.overdue),
    deployedTeams: deployed.map((d) => ({
      teamId: d.team_id ?? 0,
      name: teamList.find((t) => t.id === d.team_id)?.name ?? '',
      eventId: d.event_id,
      eventTitle: d.event_title,
    })),
    shortfalls: lines.filter((l) => (l.shortfall ?? 0) > 0),
    curve: chosen
      ? { eventId: chosen.id, title: chosen.title, points: epidemicCurve(cases.map((c) => c.onsetDate)) }
      : null,
    synthetic:
      events.some((e) => e.synthetic) || lines.some((l) => l.synthetic) || teamList.some((t) => t.synthetic),
  };
}
