/**
 * How far a long piece of work has got and how long it still needs: the shape the server reports
 * and the command line and web app show, and the estimate of the time left from the rate so far.
 */
import { z } from 'zod';

/** A text in both languages, as stored in JSON columns and returned by the API. */
export const bilingualSchema = z.object({ zh: z.string(), en: z.string() });

/** What a job left when it ended: its result, or the error it failed with (an AppError's JSON). */
export const jobResultSchema = z.record(z.string(), z.unknown());
export const jobErrorSchema = z.object({
  code: z.string(),
  message: bilingualSchema,
  issues: z.array(z.unknown()).optional(),
});

export const JOB_STATUSES = ['running', 'succeeded', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** A job as the API returns it. */
export const jobViewSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  status: z.enum(JOB_STATUSES),
  /** What the job is doing now, in both languages (e.g. 写入数值 / writing values). */
  phase: bilingualSchema.nullable(),
  done: z.number(),
  total: z.number().nullable(),
  /** done ÷ total, when the total is known. */
  fraction: z.number().nullable(),
  /** Seconds still needed at the rate so far; null until there is a rate to go by. */
  remainingSeconds: z.number().nullable(),
  result: jobResultSchema.nullable(),
  error: jobErrorSchema.nullable(),
  startedAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type JobView = z.infer<typeof jobViewSchema>;

/**
 * The share done and the time left, assuming the rest goes at the average rate so far. No
 * estimate before a second has passed or anything is done: an early guess only misleads.
 */
export function estimateRemaining(p: { done: number; total: number | null; elapsedMs: number }): {
  fraction: number | null;
  remainingSeconds: number | null;
} {
  if (p.total === null || p.total <= 0) return { fraction: null, remainingSeconds: null };
  const fraction = Math.min(1, Math.max(0, p.done / p.total));
  if (p.done <= 0 || p.elapsedMs < 1000) return { fraction, remainingSeconds: null };
  const rest = Math.max(0, p.total - p.done);
  return { fraction, remainingSeconds: Math.round(((p.elapsedMs / p.done) * rest) / 1000) };
}

/** A duration as people say it: 约 1 分 20 秒 / about 1 min 20 s. */
export function formatDuration(seconds: number, lang: 'zh' | 'en'): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (lang === 'zh') {
    const parts = [h ? `${h} 小时` : '', m ? `${m} 分` : '', !h && (sec || !m) ? `${sec} 秒` : ''];
    return `约 ${parts.filter(Boolean).join(' ')}`;
  }
  const parts = [h ? `${h} h` : '', m ? `${m} min` : '', !h && (sec || !m) ? `${sec} s` : ''];
  return `about ${parts.filter(Boolean).join(' ')}`;
}
