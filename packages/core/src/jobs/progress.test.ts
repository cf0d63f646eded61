import { describe, expect, it } from 'vitest';
import { estimateRemaining, formatDuration } from './progress';

describe('the time left', () => {
  it('goes by the average rate so far', () => {
    // 30 of 120 in 10 s: 90 more at 3 a second is 30 s.
    expect(estimateRemaining({ done: 30, total: 120, elapsedMs: 10_000 })).toEqual({
      fraction: 0.25,
      remainingSeconds: 30,
    });
  });

  it('does not guess before there is a rate, nor without a total', () => {
    expect(estimateRemaining({ done: 0, total: 120, elapsedMs: 5_000 })).toEqual({
      fraction: 0,
      remainingSeconds: null,
    });
    expect(estimateRemaining({ done: 10, total: 120, elapsedMs: 300 }).remainingSeconds).toBeNull();
    expect(estimateRemaining({ done: 10, total: null, elapsedMs: 5_000 })).toEqual({
      fraction: null,
      remainingSeconds: null,
    });
  });

  it('says it the way people do, in each language', () => {
    expect(formatDuration(80, 'zh')).toBe('约 1 分 20 秒');
    expect(formatDuration(80, 'en')).toBe('about 1 min 20 s');
    expect(formatDuration(120, 'zh')).toBe('约 2 分');
    expect(formatDuration(3725, 'en')).toBe('about 1 h 2 min');
    expect(formatDuration(0, 'zh')).toBe('约 0 秒');
  });
});
