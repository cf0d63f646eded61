/**
 * SQL for plans, their rows, targets, projects and versions. Rows leave in camelCase, and every
 * JSON column is read through the zod schema of what it holds (db/json-column.ts).
 */
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import {
  baselineSchema,
  observedCellSchema,
  planFileSchema,
  planProjectSchema,
  planRowSchema,
  targetSchema,
  type PlanFile,
  type PlanProject,
  type PlanRow,
  type PlanSummary,
  type Target,
} from '@weijian/core';
import type { DB } from '../../db/types';
import { parseColumn, type ColumnRef } from '../../db/json-column';

/** The plans table's row of a plan. */
export interface PlanHeader {
  id: string;
  title: string;
  titleEn: string | null;
  regionCode: string;
  periodStart: number;
  periodEnd: number;
  baseYear: number;
  kind: 'plan' | 'review';
  parentId: string | null;
  successorId: string | null;
  scheduleMethod: PlanFile['scheduleMethod'];
  source: PlanFile['source'];
  contentHash: string;
  version: number;
}

const sourceSchema = planFileSchema.shape.source;
const scheduleSchema = planFileSchema.shape.scheduleMethod;

export async function findPlanHeader(db: Kysely<DB>, id: string): Promise<PlanHeader | undefined> {
  const r = await db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) return undefined;
  const ref = (column: string): ColumnRef => ({ table: 'plans', column, row: r.id });
  return {
    id: r.id,
    title: r.title,
    titleEn: r.title_en,
    regionCode: r.region_code,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    baseYear: r.base_year,
    kind: r.kind,
    parentId: r.parent_id,
    successorId: r.successor_id,
    scheduleMethod: parseColumn(scheduleSchema, r.schedule_method, ref('schedule_method')),
    source: parseColumn(sourceSchema, r.source, ref('source')),
    contentHash: r.content_hash,
    version: r.version,
  };
}

/** Replace a plan's content (rows, targets, projects) and record the version. */
export async function writePlan(
  db: Kysely<DB>,
  plan: PlanFile,
  parsedTargets: Target[][],
  hash: string,
  createdBy: string
): Promise<number> {
  const existing = await findPlanHeader(db, plan.id);
  const version = existing ? existing.version + 1 : 1;
  const header = {
    title: plan.title,
    title_en: plan.titleEn ?? null,
    region_code: plan.region,
    period_start: plan.period[0],
    period_end: plan.period[1],
    base_year: plan.baseYear,
    kind: plan.kind,
    parent_id: plan.parent ?? null,
    successor_id: plan.successor ?? null,
    schedule_method: plan.scheduleMethod,
    source: JSON.stringify(plan.source),
    content_hash: hash,
    version,
  };
  if (existing) {
    await db.deleteFrom('plan_rows').where('plan_id', '=', plan.id).execute();
    await db.deleteFrom('plan_projects').where('plan_id', '=', plan.id).execute();
    await db
      .updateTable('plans')
      .set({ ...header, updated_at: sql<Date>`now()` })
      .where('id', '=', plan.id)
      .execute();
  } else {
    await db
      .insertInto('plans')
      .values({ id: plan.id, ...header })
      .execute();
  }
  if (plan.rows.length > 0) {
    await db
      .insertInto('plan_rows')
      .values(
        plan.rows.map((r, i) => ({
          plan_id: plan.id,
          key: r.key,
          position: i,
          origin: r.origin,
          table_title: r.table ?? null,
          seq: r.seq ?? null,
          category: r.category ?? null,
          name: r.name,
          name_en: r.nameEn ?? null,
          unit: r.unit ?? null,
          scope: r.scope ?? null,
          indicator_code: r.indicator,
          attribute: r.attribute,
          baseline: r.baseline ? JSON.stringify(r.baseline) : null,
          history: r.history ? JSON.stringify(r.history) : null,
          actual: r.actual ? JSON.stringify(r.actual) : null,
          status_as_written: r.statusAsWritten ?? null,
          quote: r.quote,
          text_quotes: r.textQuotes ? JSON.stringify(r.textQuotes) : null,
          section: r.section ?? null,
          note: r.note ?? null,
        }))
      )
      .execute();
    const targets = plan.rows.flatMap((r, i) =>
      r.targets.map((t, j) => ({
        plan_id: plan.id,
        row_key: r.key,
        position: j,
        year: t.year,
        level: t.level,
        raw: t.raw,
        year_stated: t.yearStated ?? true,
        parsed: JSON.stringify(parsedTargets[i]?.[j] ?? null),
      }))
    );
    if (targets.length > 0) await db.insertInto('plan_targets').values(targets).execute();
  }
  if (plan.projects.length > 0) {
    await db
      .insertInto('plan_projects')
      .values(
        plan.projects.map((p, i) => {
          const { key, name, category, status, ...data } = p;
          return {
            plan_id: plan.id,
            key,
            position: i,
            name,
            category: category ?? null,
            status,
            data: JSON.stringify(data),
          };
        })
      )
      .execute();
  }
  await db
    .insertInto('plan_versions')
    .values({
      plan_id: plan.id,
      version,
      content: JSON.stringify(plan),
      content_hash: hash,
      created_by: createdBy,
    })
    .execute();
  return version;
}

/** Plans whose region lies within a scope, with row and project counts. */
export async function listPlans(db: Kysely<DB>, scopeCode: string): Promise<PlanSummary[]> {
  const rows = await db
    .selectFrom('plans')
    .innerJoin('org_units', 'org_units.code', 'plans.region_code')
    .select((eb) => [
      'plans.id',
      'plans.title',
      'plans.title_en',
      'plans.region_code',
      'org_units.name as region_name',
      'plans.period_start',
      'plans.period_end',
      'plans.base_year',
      'plans.kind',
      'plans.version',
      'plans.updated_at',
      eb
        .selectFrom('plan_rows')
        .whereRef('plan_rows.plan_id', '=', 'plans.id')
        .select(eb.fn.countAll<number | string | bigint>().as('n'))
        .as('rows'),
      eb
        .selectFrom('plan_rows')
        .whereRef('plan_rows.plan_id', '=', 'plans.id')
        .where('plan_rows.origin', '!=', 'text')
        .select(eb.fn.countAll<number | string | bigint>().as('n'))
        .as('table_rows'),
      eb
        .selectFrom('plan_rows')
        .whereRef('plan_rows.plan_id', '=', 'plans.id')
        .where('plan_rows.attribute', '=', 'binding')
        .select(eb.fn.countAll<number | string | bigint>().as('n'))
        .as('binding_rows'),
      eb
        .selectFrom('plan_projects')
        .whereRef('plan_projects.plan_id', '=', 'plans.id')
        .select(eb.fn.countAll<number | string | bigint>().as('n'))
        .as('projects'),
    ])
    .where('org_units.path', 'like', `%/${scopeCode}/%`)
    .orderBy('plans.period_start', 'desc')
    .orderBy('plans.id')
    .execute();
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

/** The plan file of one stored version (what was loaded), or undefined when there is no such version. */
export async function planVersionFile(
  db: Kysely<DB>,
  planId: string,
  version: number
): Promise<PlanFile | undefined> {
  const row = await db
    .selectFrom('plan_versions')
    .select('content')
    .where('plan_id', '=', planId)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row) return undefined;
  return parseColumn(planFileSchema, row.content, {
    table: 'plan_versions',
    column: 'content',
    row: `${planId}/${version}`,
  });
}

/** A plan's current version and content hash. */
export async function planHead(
  db: Kysely<DB>,
  planId: string
): Promise<{ version: number; contentHash: string; regionCode: string } | undefined> {
  const row = await db
    .selectFrom('plans')
    .select(['version', 'content_hash', 'region_code'])
    .where('id', '=', planId)
    .executeTakeFirst();
  return row
    ? { version: row.version, contentHash: row.content_hash, regionCode: row.region_code }
    : undefined;
}

/** A stored row of a plan (plan_rows), its JSON columns checked. */
export type StoredPlanRow = Omit<
  PlanRow,
  'targets' | 'quoteAssembled' | 'statedChange' | 'footnote' | 'direction' | 'scheduleMethod'
>;

const historySchema = planRowSchema.shape.history.unwrap();
const textQuotesSchema = z.array(z.string());
const originSchema = planRowSchema.shape.origin;
const attributeSchema = planRowSchema.shape.attribute;

export async function planRows(db: Kysely<DB>, planId: string): Promise<StoredPlanRow[]> {
  const rows = await db
    .selectFrom('plan_rows')
    .selectAll()
    .where('plan_id', '=', planId)
    .orderBy('position')
    .execute();
  return rows.map((r) => {
    const ref = (column: string): ColumnRef => ({ table: 'plan_rows', column, row: `${planId}/${r.key}` });
    return {
      key: r.key,
      origin: parseColumn(originSchema, r.origin, ref('origin')),
      ...(r.table_title ? { table: r.table_title } : {}),
      ...(r.seq ? { seq: r.seq } : {}),
      ...(r.category ? { category: r.category } : {}),
      name: r.name,
      ...(r.name_en ? { nameEn: r.name_en } : {}),
      ...(r.unit !== null ? { unit: r.unit } : {}),
      ...(r.scope ? { scope: r.scope } : {}),
      indicator: r.indicator_code,
      attribute: parseColumn(attributeSchema, r.attribute, ref('attribute')),
      baseline: parseColumn(baselineSchema.nullable(), r.baseline, ref('baseline')),
      ...(r.history ? { history: parseColumn(historySchema, r.history, ref('history')) } : {}),
      ...(r.actual ? { actual: parseColumn(observedCellSchema, r.actual, ref('actual')) } : {}),
      ...(r.status_as_written ? { statusAsWritten: r.status_as_written } : {}),
      quote: r.quote,
      ...(r.text_quotes
        ? { textQuotes: parseColumn(textQuotesSchema, r.text_quotes, ref('text_quotes')) }
        : {}),
      ...(r.section ? { section: r.section } : {}),
      ...(r.note ? { note: r.note } : {}),
    };
  });
}

/** A stored target (plan_targets) with its typed form. */
export interface StoredTarget {
  rowKey: string;
  position: number;
  year: number;
  level: string;
  raw: string;
  yearStated: boolean;
  parsed: Target;
}

export async function planTargets(db: Kysely<DB>, planId: string): Promise<StoredTarget[]> {
  const rows = await db
    .selectFrom('plan_targets')
    .selectAll()
    .where('plan_id', '=', planId)
    .orderBy('row_key')
    .orderBy('position')
    .execute();
  return rows.map((t) => ({
    rowKey: t.row_key,
    position: t.position,
    year: t.year,
    level: t.level,
    raw: t.raw,
    yearStated: t.year_stated,
    parsed: parseColumn(targetSchema, t.parsed, {
      table: 'plan_targets',
      column: 'parsed',
      row: `${planId}/${t.row_key}/${t.position}`,
    }),
  }));
}

const projectDataSchema = planProjectSchema.omit({ key: true, name: true, category: true, status: true });

export async function planProjects(db: Kysely<DB>, planId: string): Promise<PlanProject[]> {
  const rows = await db
    .selectFrom('plan_projects')
    .selectAll()
    .where('plan_id', '=', planId)
    .orderBy('position')
    .execute();
  return rows.map((p) => {
    const ref = (column: string): ColumnRef => ({
      table: 'plan_projects',
      column,
      row: `${planId}/${p.key}`,
    });
    return {
      key: p.key,
      name: p.name,
      ...(p.category ? { category: p.category } : {}),
      status: parseColumn(planProjectSchema.shape.status, p.status, ref('status')),
      ...parseColumn(projectDataSchema, p.data, ref('data')),
    };
  });
}

/** Plans of a kind whose region lies within a scope, by id, with the region's name. */
export async function plansInScope(
  db: Kysely<DB>,
  scope: string,
  kind: 'plan' | 'review'
): Promise<{ id: string; title: string; regionName: string }[]> {
  const rows = await db
    .selectFrom('plans')
    .innerJoin('org_units', 'org_units.code', 'plans.region_code')
    .select(['plans.id', 'plans.title', 'org_units.name'])
    .where('plans.kind', '=', kind)
    .where('org_units.path', 'like', `%/${scope}/%`)
    .orderBy('plans.id')
    .execute();
  return rows.map((r) => ({ id: r.id, title: r.title, regionName: r.name }));
}

/** Ids of the plans of one region. */
export async function planIdsOfRegion(db: Kysely<DB>, region: string): Promise<string[]> {
  const rows = await db.selectFrom('plans').select('id').where('region_code', '=', region).execute();
  return rows.map((r) => r.id);
}
