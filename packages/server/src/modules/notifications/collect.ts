/**
 * What a user should be told now, from the state of the data: reports overdue in their scope,
 * reports submitted and waiting for their approval, new outbreak signals in their scope. Each
 * notice carries a key, so asking again tells nothing twice; a new fact makes a new key.
 */
import { can, parsePeriod, periodOf, type Catalogue, type DataSet, type Role } from '@weijian/core';
import type { Db } from '../../db/connection';
import { lockedBy } from '../data';
import { chinaDay } from '../orgunits';
import { completenessReport, deadlineOf } from '../reporting';
import { listSignals } from '../surveillance';
import type { NewNotification } from './repository';

/** The recipient: an active user with a role and an org unit. */
export interface Recipient {
  id: number;
  role: Role;
  orgUnit: string;
}

/** The latest period of a data set whose deadline has passed by `today`. */
export function latestOverduePeriod(ds: DataSet, today: string): string {
  let p = periodOf(today, ds.periodType);
  // A deadline lies at most a few periods after the period; 60 steps covers any due days.
  for (let i = 0; i < 60 && deadlineOf(ds, p) >= today; i++) {
    const start = parsePeriod(p).start;
    const dayBefore = new Date(Date.parse(`${start}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    p = periodOf(dayBefore, ds.periodType);
  }
  return p;
}

const completenessLink = (ds: string, ou: string, pe: string) =>
  `/data/completeness?dataSet=${encodeURIComponent(ds)}&ou=${encodeURIComponent(ou)}&pe=${encodeURIComponent(pe)}`;

/** Reports overdue and reports waiting for approval, per data set, in the recipient's scope. */
async function reportNotices(
  db: Db,
  catalogue: Catalogue,
  r: Recipient,
  now: Date
): Promise<NewNotification[]> {
  const writes = can(r.role, 'data:write');
  const approves = can(r.role, 'data:approve');
  if (!writes && !approves) return [];
  const today = chinaDay(now);
  const out: NewNotification[] = [];
  for (const ds of catalogue.dataSets) {
    const period = latestOverduePeriod(ds, today);
    const report = await completenessReport(
      db,
      catalogue,
      r.orgUnit,
      { dataSet: ds.code, orgUnit: r.orgUnit, period },
      now
    );
    const link = completenessLink(ds.code, r.orgUnit, period);
    const missing = report.reports.filter((x) => x.status === 'missing');
    if (missing.length > 0) {
      const own = missing.length === 1 && missing[0]?.orgUnit === r.orgUnit;
      out.push({
        userId: r.id,
        kind: 'overdue',
        // Once per data set, unit and period: the count falling as reports arrive is no news.
        dedupKey: `overdue:${ds.code}:${r.orgUnit}:${period}`,
        title: own
          ? {
              zh: `${ds.name.zh}（${period}）逾期未报，截止日期 ${report.deadline}`,
              en: `${ds.name.en} (${period}) is overdue: the deadline was ${report.deadline}`,
            }
          : {
              zh: `${ds.name.zh}（${period}）：${String(missing.length)} 个单位逾期未报`,
              en: `${ds.name.en} (${period}): ${String(missing.length)} units have not reported by the deadline`,
            },
        link,
        synthetic: missing.some((x) => x.synthetic),
      });
    }
    if (approves) {
      const received = report.reports.filter((x) => x.submittedAt !== null && x.orgUnit !== r.orgUnit);
      const waitingAt: string[] = [];
      for (const x of received) {
        if (x.submittedAt && !(await lockedBy(db, { dataSet: ds.code, orgUnit: x.orgUnit, period }))) {
          waitingAt.push(x.submittedAt);
        }
      }
      const waiting = waitingAt.length;
      if (waiting > 0) {
        out.push({
          userId: r.id,
          kind: 'approval',
          // A new notice when a new report arrives (the latest submission), not when one is approved.
          dedupKey: `approval:${ds.code}:${r.orgUnit}:${period}:${waitingAt.sort().at(-1) ?? ''}`,
          title: {
            zh: `${ds.name.zh}（${period}）：${String(waiting)} 份已上报，待审核`,
            en: `${ds.name.en} (${period}): ${String(waiting)} submitted reports wait for approval`,
          },
          link,
          synthetic: received.some((x) => x.synthetic),
        });
      }
    }
  }
  return out;
}

/** New (not yet triaged) signals in the recipient's scope, for those who triage. */
async function signalNotices(db: Db, r: Recipient): Promise<NewNotification[]> {
  if (!can(r.role, 'surveillance:triage')) return [];
  const signals = await listSignals(db, r.orgUnit, { status: 'new', limit: 100 });
  return signals.map((s) => ({
    userId: r.id,
    kind: 'signal',
    dedupKey: `signal:${String(s.id)}${s.escalated ? ':escalated' : ''}`,
    title: s.escalated
      ? {
          zh: `升级预警：${s.unitName} ${s.topic}（${s.signalDate}）`,
          en: `Escalated signal: ${s.topic} at ${s.unitName} (${s.signalDate})`,
        }
      : {
          zh: `新预警信号：${s.unitName} ${s.topic}（${s.signalDate}）`,
          en: `New signal: ${s.topic} at ${s.unitName} (${s.signalDate})`,
        },
    link: `/surveillance/signals/${String(s.id)}`,
    synthetic: s.synthetic,
  }));
}

/** Everything a recipient should be told now (before their choices are applied). */
export async function collectNotices(
  db: Db,
  catalogue: Catalogue,
  r: Recipient,
  now: Date
): Promise<NewNotification[]> {
  return [...(await signalNotices(db, r)), ...(await reportNotices(db, catalogue, r, now))];
}
