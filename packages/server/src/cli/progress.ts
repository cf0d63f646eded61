/**
 * Progress on the command line: one line with the phase, the share done and the time left, in
 * both languages. On a terminal the line is redrawn in place; in a log (CI, a pipe) a new line is
 * written when the share has moved by a tenth or the phase changes, so the log stays short.
 */
import { estimateRemaining, formatDuration, type Bilingual } from '@weijian/core';

export interface ProgressLine {
  done: number;
  total: number | null;
  phase: Bilingual | null;
  /** Seconds left when the reporter knows better (a server's own estimate). */
  remainingSeconds?: number | null;
}

/** Render one progress line (no newline). */
export function progressText(p: ProgressLine, elapsedMs: number): string {
  const est = estimateRemaining({ done: p.done, total: p.total, elapsedMs });
  const left = p.remainingSeconds !== undefined ? p.remainingSeconds : est.remainingSeconds;
  const share = est.fraction === null ? '' : ` ${(est.fraction * 100).toFixed(0)}%`;
  const count =
    p.total === null
      ? ` ${p.done.toLocaleString('en')}`
      : ` (${p.done.toLocaleString('en')}/${p.total.toLocaleString('en')})`;
  const time =
    left === null ? '' : ` · 剩余${formatDuration(left, 'zh')} / ${formatDuration(left, 'en')} left`;
  return `${p.phase ? `${p.phase.zh} ${p.phase.en}` : ''}${share}${count}${time}`;
}

/** A printer to stderr that redraws on a terminal and logs sparingly elsewhere. */
export function progressPrinter(stream: NodeJS.WriteStream = process.stderr): {
  update: (p: ProgressLine) => void;
  end: () => void;
} {
  const start = Date.now();
  const tty = stream.isTTY;
  let lastShare = -1;
  let lastPhase = '';
  let drawn = false;
  return {
    update(p) {
      const text = progressText(p, Date.now() - start);
      if (tty) {
        stream.write(`\r\u001b[2K${text}`);
        drawn = true;
        return;
      }
      const share = p.total ? Math.floor((p.done / p.total) * 10) : -1;
      const phase = p.phase?.en ?? '';
      if (share !== lastShare || phase !== lastPhase) {
        stream.write(`${text}\n`);
        lastShare = share;
        lastPhase = phase;
      }
    },
    end() {
      if (tty && drawn) stream.write('\n');
    },
  };
}
