/**
 * An axis tooltip for ECharts whose values the caller writes: at the indicator's decimals, with
 * the synthetic mark where the value is built on demo data. Names are escaped (unit names are data).
 */

interface AxisParam {
  seriesIndex?: number;
  dataIndex?: number;
  seriesName?: string;
  axisValueLabel?: string;
  marker?: unknown;
  value?: unknown;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escape text for the tooltip's HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/**
 * A tooltip formatter for `trigger: 'axis'`.
 * @param value - writes one series' value at one point; not called for a missing value
 * @param lang - the screen's language (`：` after a name in Chinese, `: ` in English)
 * @param header - writes the axis label line (default: the label itself)
 */
export function axisTooltip(
  value: (seriesIndex: number, dataIndex: number, v: number) => string,
  lang: string,
  header: (axisLabel: string, dataIndex: number) => string = (l) => l
): (params: unknown) => string {
  const sep = lang.startsWith('en') ? ': ' : '：';
  return (params: unknown) => {
    const list = (Array.isArray(params) ? params : [params]) as AxisParam[];
    const first = list[0];
    if (!first) return '';
    const lines = list.flatMap((p) => {
      const v = typeof p.value === 'number' ? p.value : null;
      if (v === null || p.seriesIndex === undefined || p.dataIndex === undefined) return [];
      const marker = typeof p.marker === 'string' ? p.marker : '';
      return [
        `${marker}${escapeHtml(p.seriesName ?? '')}${sep}${escapeHtml(value(p.seriesIndex, p.dataIndex, v))}`,
      ];
    });
    return [escapeHtml(header(first.axisValueLabel ?? '', first.dataIndex ?? 0)), ...lines].join('<br/>');
  };
}
