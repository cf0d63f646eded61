/**
 * A spreadsheet import as a job, so a large file shows its progress and the time left in the web
 * app instead of a spinner. The file is read whole before the request answers (the upload stream
 * ends with the request); its rows are counted first, then the same `writeValues` runs in the job
 * with a counter on the chunks it consumes. All-or-nothing, dry run and errors are exactly those of
 * the direct import: a refused file ends the job as failed with the same error and issues.
 */
import { Readable } from 'node:stream';
import type { Catalogue } from '@weijian/core';
import type { Db } from '../../db/connection';
import type { Actor } from '../audit';
import { startJob, type ProgressReporter } from '../jobs';
import { fileChunks } from './files';
import type { ValueInput } from './prepare';
import { writeValues, type WriteOptions, type WritePrincipal } from './service';

/** Rows in a file before anything is parsed: data lines of a CSV (after its header) or XLSX rows. */
async function countRows(
  buf: Buffer,
  filename: string
): Promise<{ total: number; chunks: Iterable<ValueInput[]> | AsyncIterable<ValueInput[]> }> {
  const chunks = await fileChunks(Readable.from([buf]), filename);
  if (Array.isArray(chunks)) {
    return { total: chunks.reduce((n, c) => n + c.length, 0), chunks };
  }
  let lines = 0;
  for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) lines++;
  // A last line without a newline is a row too; the header is not.
  const trailing = buf.length > 0 && buf[buf.length - 1] !== 10 ? 1 : 0;
  return { total: Math.max(0, lines + trailing - 1), chunks };
}

async function* counted(
  chunks: Iterable<ValueInput[]> | AsyncIterable<ValueInput[]>,
  total: number,
  report: ProgressReporter,
  dryRun: boolean
): AsyncGenerator<ValueInput[]> {
  let done = 0;
  const phase = dryRun
    ? { zh: '检查数值（试导入）', en: 'Checking values (dry run)' }
    : { zh: '写入数值', en: 'Writing values' };
  report({ done, total, phase });
  for await (const chunk of chunks) {
    yield chunk;
    done += chunk.length;
    report({ done: Math.min(done, total), total, phase });
  }
}

/**
 * Start the import of `file` as a job and return its id; the caller follows it at
 * `GET /api/jobs/:id` (`done`/`total` rows, `remainingSeconds`; `result` is the write result).
 * @throws AppError UNSUPPORTED_MEDIA_TYPE before any job starts when the file is no spreadsheet
 */
export async function startImportJob(
  db: Db,
  catalogue: Catalogue,
  now: () => Date,
  actor: Actor,
  principal: WritePrincipal,
  file: { buffer: Buffer; filename: string },
  options: WriteOptions
): Promise<{ jobId: number; rows: number; finished: Promise<void> }> {
  const { total, chunks } = await countRows(file.buffer, file.filename);
  const job = await startJob(db, now, { ...actor, scope: principal.scope }, 'data.import', async (report) => {
    const result = await writeValues(
      db,
      catalogue,
      principal,
      counted(chunks, total, report, options.dryRun ?? false),
      options
    );
    return { ...result };
  });
  return { jobId: job.id, rows: total, finished: job.finished };
}
