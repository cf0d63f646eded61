/**
 * Writing data values: from the entry form, the API, a spreadsheet or a DHIS2 dataValueSet.
 * Every batch is checked first; a write is one transaction (values, audit trail, roll-up,
 * validation results) or nothing; a dry run reports every change it would make and writes none.
 */
import { AppError, parsePeriod, ruleElements, type Catalogue, type ErrorIssue } from '@weijian/core';
import type { Db } from '../../db/connection';
import { checkGroups } from './checks';
import { valueKey, type Slice } from './keys';
import { prepareContext, prepareValues, type PreparedValue, type ValueInput } from './prepare';
import { rollupDeltas, rollupSlices, type AggDelta } from './repository/rollup';
import { storeCells } from './store';
import { applyStage, createStage, stageChunk } from './bulk';
import { recordRuleResults } from './repository/validation';
import {
  analyzeValues,
  deleteAggregatesOfSyntheticUnits,
  deleteDataOfSyntheticUnits,
  deleteSyntheticValues,
  existingValues,
  slicesBelow,
  syntheticSlices,
} from './repository/values';

export type { ChangePreview, WriteResult } from '@weijian/core';
import type { WriteResult } from '@weijian/core';

export interface WritePrincipal {
  /** Name stored with each value and in the audit trail. */
  actor: string;
  /** Org-unit scope, or null for unrestricted. */
  scope: string | null;
  /** Time of the write (the injected clock of the request); the real clock when absent (command line). */
  at?: Date;
}

export interface WriteOptions {
  dryRun: boolean;
  /** Where the numbers come from: facility, statistics-bureau, survey, plan-text … */
  source: string;
  synthetic?: boolean;
  /** Called after each chunk with the rows checked so far (a long import shows its progress). */
  onRows?: (rowsDone: number) => void;
  /**
   * Told how long each phase of the write took (prepare, existing, upsert, audit, rollup), as it
   * goes; the analytics benchmark prints the totals. Nothing is measured for nobody.
   */
  onPhase?: (phase: WritePhase, ms: number) => void;
}

/** The phases of a write, in the order they run for each chunk. */
export type WritePhase = 'prepare' | 'stage' | 'existing' | 'upsert' | 'audit' | 'rollup';

const MAX_PREVIEW = 1000;
/** Up to this many changed values roll up unit by unit instead of by whole slices. */
const SMALL_WRITE = 200;
/** Refresh planner statistics every this many written chunks of a long import. */
const ANALYZE_EVERY = 4;

/** A stopwatch that tells `onPhase` the time since the last mark; free when no one listens. */
function phaseTimer(onPhase: WriteOptions['onPhase']) {
  let t = onPhase ? performance.now() : 0;
  return {
    mark: (): void => {
      if (onPhase) t = performance.now();
    },
    add: (phase: WritePhase): void => {
      if (!onPhase) return;
      const now = performance.now();
      onPhase(phase, now - t);
      t = now;
    },
  };
}
const MAX_ISSUES = 500;

function emptyResult(dryRun: boolean): WriteResult {
  return { dryRun, rows: 0, created: 0, updated: 0, deleted: 0, unchanged: 0, changes: [], ruleFailures: [] };
}

/** Count one value's change in the result and keep it in the preview (the first MAX_PREVIEW). */
function count(result: WriteResult, v: PreparedValue, old: number | null): void {
  const action =
    v.value === null
      ? old === null
        ? null
        : 'delete'
      : old === null
        ? 'create'
        : old !== v.value
          ? 'update'
          : null;
  if (action === null) {
    result.unchanged++;
    return;
  }
  if (action === 'delete') result.deleted++;
  else if (action === 'create') result.created++;
  else result.updated++;
  if (result.changes.length < MAX_PREVIEW) {
    result.changes.push({
      row: v.row,
      element: v.element,
      orgUnit: v.orgUnit,
      period: v.period,
      disagg: v.disagg,
      old,
      new: v.value,
      action,
    });
  }
}

function groupForRules(
  values: readonly PreparedValue[],
  groups: Map<string, Record<string, number>>,
  ruleElements: ReadonlySet<string>
): void {
  for (const v of values) {
    // Only what a rule reads is kept, so a city-sized file does not pile up in memory.
    if (v.value === null || !ruleElements.has(v.element)) continue;
    const key = `${v.orgUnit}\u0000${v.period}`;
    const g = groups.get(key) ?? {};
    g[v.element] = (g[v.element] ?? 0) + v.value;
    groups.set(key, g);
  }
}

/**
 * Write values given in chunks (a whole file streams through here without being held in memory).
 * @throws AppError VALIDATION_FAILED listing every bad row; nothing is written then
 */
export async function writeValues(
  db: Db,
  catalogue: Catalogue,
  principal: WritePrincipal,
  chunks: Iterable<ValueInput[]> | AsyncIterable<ValueInput[]>,
  options: WriteOptions
): Promise<WriteResult> {
  const timing = phaseTimer(options.onPhase);
  const run = async (tx: Db): Promise<WriteResult> => {
    const ctx = prepareContext(catalogue, principal.scope);
    const result = emptyResult(options.dryRun);
    const issues: ErrorIssue[] = [];
    let issueCount = 0;
    const slices = new Map<string, Slice>();
    const groups = new Map<string, Record<string, number>>();
    let chunksWritten = 0;
    const deltas: AggDelta[] = [];
    const ruleInputs = new Set(catalogue.validationRules.flatMap((r) => ruleElements(r)));
    // A write whose first chunk is large is a file: it goes through the staging table.
    let staged: boolean | undefined;
    for await (const chunk of chunks) {
      result.rows += chunk.length;
      options.onRows?.(result.rows);
      timing.mark();
      const prepared = await prepareValues(tx, ctx, chunk);
      timing.add('prepare');
      issueCount += prepared.issues.length;
      if (issues.length < MAX_ISSUES) issues.push(...prepared.issues.slice(0, MAX_ISSUES - issues.length));
      if (issueCount > 0) continue; // keep checking the rest so every error is reported, but write nothing
      groupForRules(prepared.values, groups, ruleInputs);
      if (staged === undefined) {
        staged = chunk.length > SMALL_WRITE;
        if (staged) await createStage(tx);
      }
      if (staged) {
        await stageChunk(tx, prepared.values);
        timing.add('stage');
        continue;
      }
      if (options.dryRun) {
        const existing = await existingValues(tx, prepared.values);
        timing.add('existing');
        for (const v of prepared.values) count(result, v, existing.get(valueKey(v)) ?? null);
        continue;
      }
      const cells = prepared.values.map((v) => ({
        ...v,
        source: options.source,
        synthetic: options.synthetic ?? false,
      }));
      const stored = await storeCells(tx, cells, principal.actor, principal.at ?? new Date());
      timing.add('upsert');
      for (const o of stored.outcomes) {
        count(result, o.cell, o.old?.value ?? null);
        if (o.action !== 'unchanged') slices.set(`${o.cell.element}\u0000${o.cell.period}`, o.cell);
      }
      if (deltas.length <= SMALL_WRITE) deltas.push(...stored.deltas);
      // A long import grows data_values far past the planner's statistics; without a refresh the
      // lookups of later chunks turn into scans and the import slows quadratically.
      if (++chunksWritten % ANALYZE_EVERY === 0) await analyzeValues(tx);
    }
    if (issueCount > 0) {
      throw new AppError(
        'VALIDATION_FAILED',
        { zh: `有 ${issueCount} 处错误，未写入任何数据`, en: `${issueCount} error(s); nothing was written` },
        issues
      );
    }
    if (staged) {
      timing.mark();
      const changed = await applyStage(
        tx,
        {
          dryRun: options.dryRun,
          source: options.source,
          synthetic: options.synthetic ?? false,
          actor: principal.actor,
          at: principal.at ?? new Date(),
          maxPreview: MAX_PREVIEW,
          maxIssues: MAX_ISSUES,
          mark: (phase) => {
            timing.add(phase);
          },
        },
        result
      );
      for (const s of changed) slices.set(`${s.element}\u0000${s.period}`, s);
    }
    const checked = checkGroups(catalogue, groups);
    result.ruleFailures = checked.failures;
    if (!options.dryRun) {
      timing.mark();
      // A few cells add their change to their ancestors' rows; a file recomputes whole slices set-wise.
      if (!staged && deltas.length <= SMALL_WRITE) await rollupDeltas(tx, deltas);
      else await rollupSlices(tx, [...slices.values()]);
      timing.add('rollup');
      await recordRuleResults(tx, checked.failures, checked.passed);
    }
    return result;
  };
  // A dry run runs in a transaction too (its staging table lives there) and writes nothing.
  return db.transaction().execute(run);
}

/**
 * Roll up again every slice with values below a unit whose place in the tree just changed (the
 * org-units module calls it inside the move's transaction).
 */
export async function rollupBelow(tx: Db, subtreePath: string): Promise<void> {
  await rollupSlices(tx, await slicesBelow(tx, subtreePath));
}

/**
 * Remove the synthetic (demo) values and everything of synthetic units (values, validation
 * results, approvals), rolling up again what they fed. Call inside the removal's transaction,
 * before the units themselves go.
 * @returns how many synthetic values were deleted
 */
export async function removeSyntheticData(tx: Db): Promise<number> {
  const slices = await syntheticSlices(tx);
  const values = await deleteSyntheticValues(tx);
  await deleteDataOfSyntheticUnits(tx);
  await rollupSlices(tx, slices);
  await deleteAggregatesOfSyntheticUnits(tx);
  return values;
}

/** A change of a count kept from records: +1 when someone enters it, −1 when they leave. */
export interface CountDelta {
  element: string;
  orgUnit: string;
  period: string;
  delta: number;
  /** The count is built on synthetic records (a demo facility). */
  synthetic: boolean;
}

/**
 * Apply changes of counts computed from records (programme memberships) to the data values, with
 * their audit rows, and roll the changed cells up along their ancestors — inside the caller's
 * transaction, so an indicator fed by records is fresh when the save commits. A count that falls
 * to zero stays as an explicit 0 (the facility reported nobody), never as a missing value.
 * @param source - where the counts come from (`registry`)
 */
export async function applyDeltas(
  tx: Db,
  principal: { actor: string; at: Date },
  deltas: readonly CountDelta[],
  source = 'registry'
): Promise<void> {
  const summed = new Map<string, CountDelta>();
  for (const d of deltas) {
    const key = valueKey({ ...d, disagg: '' });
    const prev = summed.get(key);
    summed.set(
      key,
      prev ? { ...prev, delta: prev.delta + d.delta, synthetic: prev.synthetic || d.synthetic } : d
    );
  }
  const changes = [...summed.values()].filter((d) => d.delta !== 0);
  if (changes.length === 0) return;
  const cells = changes.map((d) => ({
    element: d.element,
    orgUnit: d.orgUnit,
    period: d.period,
    periodStart: parsePeriod(d.period).start,
    disagg: '',
    value: null,
    delta: d.delta,
    source,
    comment: null,
    followup: false,
    synthetic: d.synthetic,
  }));
  // The new count is the count found under the row's lock plus the change, so concurrent saves
  // of records that feed one cell add up instead of overwriting each other.
  const stored = await storeCells(tx, cells, principal.actor, principal.at, (c, old) => {
    const value = (old?.value ?? 0) + c.delta;
    if (value < 0) {
      throw new AppError('CONFLICT', {
        zh: `记录计数将为负数：${c.element} ${c.orgUnit} ${c.period}`,
        en: `A count kept from records would go below zero: ${c.element} ${c.orgUnit} ${c.period}`,
      });
    }
    return value;
  });
  await rollupDeltas(tx, stored.deltas);
}
