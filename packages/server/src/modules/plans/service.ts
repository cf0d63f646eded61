/**
 * Plans: load them (from files or an import), list and show them within the user's scope. A
 * plan is stored whole in one transaction; storing identical content again changes nothing.
 */
import { createHash } from 'node:crypto';
import {
  AppError,
  formatTarget,
  parseTarget,
  targetWarningMessage,
  type Catalogue,
  type PlanDetail,
  type PlanFile,
  type PlanRow,
  type PlanRowView,
  type PlanSummary,
  type Target,
  type TargetView,
} from '@weijian/core';
import type { Db } from '../../db/connection';
import { writeAudit, type Actor } from '../audit';
import type { SessionUser } from '../auth';
import { findOrgUnit, isWithin } from '../orgunits';
import * as repo from './repository';

export type { PlanHeader } from './repository';

/** Stable hash of a plan's content: the same file gives the same hash. */
export function planHash(plan: PlanFile): string {
  return createHash('sha256').update(JSON.stringify(plan)).digest('hex');
}

/**
 * Store a plan (insert or new version). Nothing is written when the content is unchanged.
 * @throws AppError NOT_FOUND when the region is not a known org unit
 */
export async function savePlan(
  db: Db,
  actor: Actor,
  plan: PlanFile
): Promise<{ changed: boolean; version: number }> {
  const hash = planHash(plan);
  const existing = await repo.findPlanHeader(db, plan.id);
  if (existing?.contentHash === hash) return { changed: false, version: existing.version };
  if (!(await findOrgUnit(db, plan.region))) {
    throw new AppError(
      'NOT_FOUND',
      { zh: `规划所属地区不存在：${plan.region}`, en: `Unknown region org unit: ${plan.region}` },
      [{ field: 'region', value: plan.region, message: { zh: '机构编码不存在', en: 'No such org unit' } }]
    );
  }
  const parsed: Target[][] = plan.rows.map((r) => r.targets.map((t) => parseTarget(t.raw)));
  const version = await db.transaction().execute(async (tx) => {
    const v = await repo.writePlan(tx, plan, parsed, hash, actor.name);
    await writeAudit(tx, actor, {
      action: existing ? 'update' : 'create',
      entity: 'plan',
      entityId: plan.id,
      details: { version: v, rows: plan.rows.length, projects: plan.projects.length },
    });
    return v;
  });
  return { changed: true, version };
}

/** Store every plan of a list; returns the ids that changed. */
export async function savePlans(db: Db, actor: Actor, plans: readonly PlanFile[]): Promise<string[]> {
  const changed: string[] = [];
  for (const plan of plans) if ((await savePlan(db, actor, plan)).changed) changed.push(plan.id);
  return changed;
}

/** Plans within the user's org-unit scope. */
export async function listPlans(db: Db, user: SessionUser): Promise<PlanSummary[]> {
  return repo.listPlans(db, user.orgUnitCode);
}

/**
 * What the plan file says about a row beyond the columns of plan_rows and plan_targets: the
 * transcriber's marks (assembled quote, reading, derived number, per), the stated change, the
 * table footnote, and the row's own direction and schedule method. Kept in the stored version.
 */
function fileRows(file: PlanFile | undefined): Map<string, PlanRow> {
  return new Map(file ? file.rows.map((r) => [r.key, r]) : []);
}

function rowExtras(row: PlanRow | undefined): Partial<PlanRowView> {
  if (!row) return {};
  const { quoteAssembled, statedChange, footnote, direction, scheduleMethod } = row;
  return {
    ...(quoteAssembled ? { quoteAssembled } : {}),
    ...(statedChange ? { statedChange } : {}),
    ...(footnote ? { footnote } : {}),
    ...(direction ? { direction } : {}),
    ...(scheduleMethod ? { scheduleMethod } : {}),
  };
}

function targetExtras(row: PlanRow | undefined, position: number): Partial<TargetView> {
  const t = row?.targets[position];
  if (!t) return {};
  return {
    ...(t.reading ? { reading: t.reading } : {}),
    ...(t.derived ? { derived: t.derived } : {}),
    ...(t.per ? { per: t.per } : {}),
    ...(t.cellSplit ? { cellSplit: t.cellSplit } : {}),
  };
}

/**
 * One plan with rows, typed targets and projects.
 * @throws AppError NOT_FOUND when the plan does not exist or lies outside the user's scope
 *   (the two are not distinguished, so ids outside one's scope cannot be probed)
 */
export async function getPlan(
  db: Db,
  catalogue: Catalogue,
  user: SessionUser,
  id: string
): Promise<PlanDetail> {
  const header = await repo.findPlanHeader(db, id);
  if (!header || !(await isWithin(db, header.regionCode, user.orgUnitCode))) {
    throw new AppError('NOT_FOUND', { zh: `规划不存在：${id}`, en: `No such plan: ${id}` });
  }
  const [rows, targets, projects, region, content] = await Promise.all([
    repo.planRows(db, id),
    repo.planTargets(db, id),
    repo.planProjects(db, id),
    findOrgUnit(db, header.regionCode),
    repo.planVersionFile(db, id, header.version),
  ]);
  const asWritten = fileRows(content);
  const names = new Map(catalogue.indicators.map((i) => [i.code, i.name]));
  const rowViews: PlanRowView[] = rows.map((r) => ({
    ...r,
    indicatorName: r.indicator ? (names.get(r.indicator) ?? null) : null,
    ...rowExtras(asWritten.get(r.key)),
    targets: targets
      .filter((t) => t.rowKey === r.key)
      .map((t) => ({
        year: t.year,
        level: t.level,
        raw: t.raw,
        yearStated: t.yearStated,
        ...targetExtras(asWritten.get(r.key), t.position),
        parsed: t.parsed,
        formatted: { zh: formatTarget(t.parsed, 'zh'), en: formatTarget(t.parsed, 'en') },
        warnings: t.parsed.warnings.map((w) => ({ code: w, ...targetWarningMessage(w) })),
      })),
  }));
  return {
    id: header.id,
    title: header.title,
    titleEn: header.titleEn,
    region: { code: header.regionCode, name: region?.name ?? header.regionCode },
    period: [header.periodStart, header.periodEnd],
    baseYear: header.baseYear,
    kind: header.kind,
    version: header.version,
    parent: header.parentId,
    successor: header.successorId,
    scheduleMethod: header.scheduleMethod,
    source: header.source,
    rowCount: rowViews.length,
    tableRowCount: rowViews.filter((r) => r.origin !== 'text').length,
    bindingRowCount: rowViews.filter((r) => r.attribute === 'binding').length,
    projectCount: projects.length,
    rows: rowViews,
    projects,
  };
}

/** Parsed plans by (id, version, content hash): a new version has a new number, so entries never go stale. */
const cache = new Map<string, PlanFile>();

/**
 * The stored content of a plan's current version: the plan file it was loaded from.
 * @throws AppError NOT_FOUND when there is no such plan
 */
export async function planFile(db: Db, planId: string): Promise<PlanFile> {
  const head = await repo.planHead(db, planId);
  if (!head) throw new AppError('NOT_FOUND', { zh: `规划不存在：${planId}`, en: `No such plan: ${planId}` });
  const key = `${planId}\u0000${head.version}\u0000${head.contentHash}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const plan = await repo.planVersionFile(db, planId, head.version);
  if (!plan) {
    throw new AppError('INTERNAL', {
      zh: `规划 ${planId} 缺少第 ${head.version} 版的内容`,
      en: `Plan ${planId} has no stored content for version ${head.version}`,
    });
  }
  if (cache.size > 200) cache.clear();
  cache.set(key, plan);
  return plan;
}

/**
 * The plan's region when the plan exists and lies within the scope.
 * @throws AppError NOT_FOUND otherwise (the two are not told apart, so ids cannot be probed)
 */
export async function planRegionInScope(db: Db, planId: string, scope: string): Promise<string> {
  const head = await repo.planHead(db, planId);
  if (!head || !(await isWithin(db, head.regionCode, scope))) {
    throw new AppError('NOT_FOUND', { zh: `规划不存在：${planId}`, en: `No such plan: ${planId}` });
  }
  return head.regionCode;
}

/** A plan's header row (title, region, period, version …), or undefined. */
export function planHeader(db: Db, planId: string): Promise<repo.PlanHeader | undefined> {
  return repo.findPlanHeader(db, planId);
}

/** Plans (not review tables) whose region lies within a scope, by id, with the region's name. */
export function plansInScope(
  db: Db,
  scope: string
): Promise<{ id: string; title: string; regionName: string }[]> {
  return repo.plansInScope(db, scope, 'plan');
}

/** The plan files of every plan of a region. */
export async function planFilesOfRegion(db: Db, region: string): Promise<PlanFile[]> {
  return Promise.all((await repo.planIdsOfRegion(db, region)).map((id) => planFile(db, id)));
}
