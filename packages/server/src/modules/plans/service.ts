/**
 * Plans: load them (from files or an import), list and show them within the user's scope. A
 * plan is stored whole in one transaction; storing identical content again changes nothing.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  AppError,
  formatTarget,
  parseTarget,
  planFileSchema,
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
import type { DB } from '../../db/types';
import { writeAudit, type Actor } from '../audit';
import type { SessionUser } from '../auth';
import { findOrgUnit, isWithin } from '../orgunits';
import * as repo from './repository';

/** Stable hash of a plan's content: the same file gives the same hash. */
export function planHash(plan: PlanFile): string {
  return createHash('sha256').update(JSON.stringify(plan)).digest('hex');
}

/**
 * Store a plan (insert or new version). Nothing is written when the content is unchanged.
 * @throws AppError NOT_FOUND when the region is not a known org unit
 */
export async function savePlan(
  db: Kysely<DB>,
  actor: Actor,
  plan: PlanFile
): Promise<{ changed: boolean; version: number }> {
  const hash = planHash(plan);
  const existing = await repo.findPlanHeader(db, plan.id);
  if (existing?.content_hash === hash) return { changed: false, version: existing.version };
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
export async function savePlans(db: Kysely<DB>, actor: Actor, plans: readonly PlanFile[]): Promise<string[]> {
  const changed: string[] = [];
  for (const plan of plans) if ((await savePlan(db, actor, plan)).changed) changed.push(plan.id);
  return changed;
}

/** Plans within the user's org-unit scope. */
export async function listPlans(db: Kysely<DB>, user: SessionUser): Promise<PlanSummary[]> {
  const rows = await repo.listPlans(db, user.orgUnitCode);
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    titleEn: r.title_en,
    region: { code: r.region_code, name: r.region_name },
    period: [r.period_start, r.period_end],
    baseYear: r.base_year,
    kind: r.kind,
    version: r.version,
    rowCount: Number(r.rows),
    tableRowCount: Number(r.table_rows),
    bindingRowCount: Number(r.binding_rows),
    projectCount: Number(r.projects),
  }));
}

/**
 * What the plan file says about a row beyond the columns of plan_rows and plan_targets: the
 * transcriber's marks (assembled quote, reading, derived number, per), the stated change, the
 * table footnote, and the row's own direction and schedule method. Kept in the stored version.
 */
function fileRows(content: unknown): Map<string, PlanRow> {
  const file = planFileSchema.safeParse(content);
  return new Map(file.success ? file.data.rows.map((r) => [r.key, r]) : []);
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
  db: Kysely<DB>,
  catalogue: Catalogue,
  user: SessionUser,
  id: string
): Promise<PlanDetail> {
  const header = await repo.findPlanHeader(db, id);
  if (!header || !(await isWithin(db, header.region_code, user.orgUnitCode))) {
    throw new AppError('NOT_FOUND', { zh: `规划不存在：${id}`, en: `No such plan: ${id}` });
  }
  const [rows, targets, projects, region, content] = await Promise.all([
    repo.planRows(db, id),
    repo.planTargets(db, id),
    repo.planProjects(db, id),
    findOrgUnit(db, header.region_code),
    repo.planVersionContent(db, id, header.version),
  ]);
  const asWritten = fileRows(content);
  const names = new Map(catalogue.indicators.map((i) => [i.code, i.name]));
  const rowViews: PlanRowView[] = rows.map((r) => ({
    key: r.key,
    origin: r.origin as PlanRowView['origin'],
    ...(r.table_title ? { table: r.table_title } : {}),
    ...(r.seq ? { seq: r.seq } : {}),
    ...(r.category ? { category: r.category } : {}),
    name: r.name,
    ...(r.name_en ? { nameEn: r.name_en } : {}),
    ...(r.unit !== null ? { unit: r.unit } : {}),
    ...(r.scope ? { scope: r.scope } : {}),
    indicator: r.indicator_code,
    indicatorName: r.indicator_code ? (names.get(r.indicator_code) ?? null) : null,
    attribute: r.attribute as PlanRowView['attribute'],
    baseline: r.baseline as PlanRowView['baseline'],
    ...(r.history ? { history: r.history as NonNullable<PlanRowView['history']> } : {}),
    ...(r.actual ? { actual: r.actual as NonNullable<PlanRowView['actual']> } : {}),
    ...(r.status_as_written ? { statusAsWritten: r.status_as_written } : {}),
    quote: r.quote,
    ...(r.text_quotes ? { textQuotes: r.text_quotes as string[] } : {}),
    ...(r.section ? { section: r.section } : {}),
    ...(r.note ? { note: r.note } : {}),
    ...rowExtras(asWritten.get(r.key)),
    targets: targets
      .filter((t) => t.row_key === r.key)
      .map((t) => {
        const parsed = t.parsed as Target;
        return {
          year: t.year,
          level: t.level,
          raw: t.raw,
          yearStated: t.year_stated,
          ...targetExtras(asWritten.get(r.key), t.position),
          parsed,
          formatted: { zh: formatTarget(parsed, 'zh'), en: formatTarget(parsed, 'en') },
          warnings: parsed.warnings.map((w) => ({ code: w, ...targetWarningMessage(w) })),
        };
      }),
  }));
  return {
    id: header.id,
    title: header.title,
    titleEn: header.title_en,
    region: { code: header.region_code, name: region?.name ?? header.region_code },
    period: [header.period_start, header.period_end],
    baseYear: header.base_year,
    kind: header.kind,
    version: header.version,
    parent: header.parent_id,
    successor: header.successor_id,
    scheduleMethod: header.schedule_method as PlanDetail['scheduleMethod'],
    source: header.source,
    rowCount: rowViews.length,
    tableRowCount: rowViews.filter((r) => r.origin !== 'text').length,
    bindingRowCount: rowViews.filter((r) => r.attribute === 'binding').length,
    projectCount: projects.length,
    rows: rowViews,
    projects: projects.map((p) => ({
      key: p.key,
      name: p.name,
      ...(p.category ? { category: p.category } : {}),
      status: p.status as PlanDetail['projects'][number]['status'],
      ...p.data,
    })),
  };
}
