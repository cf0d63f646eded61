/**
 * Statuses as plans write them in review tables (完成规划目标, 达到时序进度（98%）,
 * 省市已取消此指标考核项目 …), read so the platform can compare them with its own and say when
 * the written status contradicts the numbers.
 */
import type { RowStatus } from './status';

export interface WrittenStatus {
  status: RowStatus | null;
  /** Progress the text states, e.g. 0.98 for 达到时序进度（98%）. */
  progress: number | null;
}

/** Read a written status; null status when the cell is empty or a dash. */
export function readWrittenStatus(text: string | undefined): WrittenStatus {
  const t = (text ?? '').trim();
  if (t === '' || /^[—\-–]+$/.test(t)) return { status: null, progress: null };
  if (/取消/.test(t)) return { status: 'withdrawn', progress: null };
  const pct = /([\d.]+)\s*%/.exec(t);
  const progress = pct ? Number(pct[1]) / 100 : null;
  if (/时序进度/.test(t)) return { status: 'on_schedule', progress };
  if (/完成|达到目标|已实现/.test(t)) return { status: 'achieved', progress };
  if (/滞后|未完成|未达到/.test(t)) return { status: 'behind', progress };
  return { status: null, progress };
}

/** Whether a computed status agrees with a written one (a met ceiling counts as 完成). */
export function agrees(computed: RowStatus, written: RowStatus): boolean {
  if (computed === written) return true;
  return written === 'achieved' && computed === 'within_ceiling';
}
