/**
 * The large write (a file, a dataValueSet): checked chunks are staged in an unindexed temporary
 * table, then classified, stored, audited and counted set-wise once, instead of a round of
 * statements per chunk. Same guarantees as the small write: one transaction, every change
 * audited with the value it replaced (stored rows are locked before they are read), a dry run
 * that writes nothing, the same file twice changing nothing.
 */
import { AppError, type ErrorIssue, type WriteResult } from '@weijian/core';
import type { Db } from '../../db/connection';
import type { Slice } from './keys';
import type { PreparedValue } from './prepare';
import {
  adoptConcurrentInserts,
  auditStaged,
  classifyStage,
  createStage,
  insertStaged,
  repeatedRows,
  stageCounts,
  stagedSlices,
  stagePreview,
  stageValues,
  updateAndDeleteStaged,
} from './repository/stage';

export { createStage };

/** Append a checked chunk to the stage. */
export function stageChunk(tx: Db, values: readonly PreparedValue[]): Promise<void> {
  return stageValues(tx, values);
}

/** What a staged write needs to know besides the stage. */
export interface StagedWrite {
  dryRun: boolean;
  source: string;
  synthetic: boolean;
  actor: string;
  at: Date;
  maxPreview: number;
  maxIssues: number;
  /** Told when each set-wise step ends (the benchmark's phases). */
  mark: (phase: 'existing' | 'upsert' | 'audit') => void;
}

/**
 * Store what was staged and fill in the result's counts and preview.
 * @returns the slices whose roll-ups must be recomputed
 * @throws AppError VALIDATION_FAILED when a key was given twice (in different chunks)
 */
export async function applyStage(tx: Db, w: StagedWrite, result: WriteResult): Promise<Slice[]> {
  const repeated = await repeatedRows(tx, w.maxIssues);
  if (repeated.length > 0) {
    const issues: ErrorIssue[] = repeated.map((r) => ({
      row: r.row,
      field: 'dataElement',
      value: r.element,
      message: { zh: '数据元编码：同一数据值出现了两次', en: 'data element: the same value appears twice' },
    }));
    const count = repeated[0]?.count ?? repeated.length;
    throw new AppError(
      'VALIDATION_FAILED',
      { zh: `有 ${count} 处错误，未写入任何数据`, en: `${count} error(s); nothing was written` },
      issues
    );
  }
  await classifyStage(tx, !w.dryRun);
  w.mark('existing');
  let counts = await stageCounts(tx);
  if (!w.dryRun) {
    const inserted = await insertStaged(tx, w);
    if (inserted < counts.created) {
      await adoptConcurrentInserts(tx);
      counts = await stageCounts(tx);
    }
    await updateAndDeleteStaged(tx, w);
    w.mark('upsert');
    await auditStaged(tx, w.actor, w.at);
    w.mark('audit');
  }
  Object.assign(result, counts);
  result.changes = await stagePreview(tx, w.maxPreview);
  return w.dryRun ? [] : stagedSlices(tx);
}
