/** SQL for plans, their rows, targets, projects and versions. */
import { sql, type Kysely } from 'kysely';
import type { PlanFile, Target } from '@weijian/core';
import type { DB } from '../../db/types';

export async function findPlanHeader(db: Kysely<DB>, id: string) {
  return db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst();
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
export async function listPlans(db: Kysely<DB>, scopeCode: string) {
  return db
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
}

/** The content of one stored version of a plan: the plan file as it was loaded. */
export async function planVersionContent(db: Kysely<DB>, planId: string, version: number): Promise<unknown> {
  const row = await db
    .selectFrom('plan_versions')
    .select('content')
    .where('plan_id', '=', planId)
    .where('version', '=', version)
    .executeTakeFirst();
  return row?.content ?? null;
}

export async function planRows(db: Kysely<DB>, planId: string) {
  return db.selectFrom('plan_rows').selectAll().where('plan_id', '=', planId).orderBy('position').execute();
}

export async function planTargets(db: Kysely<DB>, planId: string) {
  return db
    .selectFrom('plan_targets')
    .selectAll()
    .where('plan_id', '=', planId)
    .orderBy('row_key')
    .orderBy('position')
    .execute();
}

export async function planProjects(db: Kysely<DB>, planId: string) {
  return db
    .selectFrom('plan_projects')
    .selectAll()
    .where('plan_id', '=', planId)
    .orderBy('position')
    .execute();
}
