/**
 * Epidemic curve of one evidence stream: observed counts as bars (alarms in red), the expected
 * line, the band up to the threshold, and the baseline points the last evaluation used marked in
 * green over the whole history; the view opens on the recent part, the baseline years a scroll away.
 */
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, DataZoomComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvidenceCurve } from '@weijian/core';
import { axisTooltip } from './chart-tooltip';
import { useEChart } from './useEChart';

echarts.use([
  BarChart,
  LineChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  DataZoomComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export function EpiCurve({
  curve,
  label,
  synthetic,
}: {
  curve: EvidenceCurve;
  label: string;
  /** The counts are synthetic (demo) data: every tooltip says so. */
  synthetic: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const option = useMemo(() => {
    const dates = curve.points.map((p) => p.date);
    const inBaseline = new Set(curve.baselineDates);
    // Open on the last year (weekly) or quarter (daily); the baseline years are a scroll away.
    const shown = curve.freq === 52 ? 60 : 100;
    const start = Math.max(0, 100 * (1 - shown / Math.max(1, dates.length)));
    return {
      tooltip: {
        trigger: 'axis',
        className: 'wj-chart-tooltip',
        formatter: axisTooltip(
          // Counts are whole; the expected value and the threshold are model output.
          (seriesIndex, _i, v) => (seriesIndex < 2 ? String(v) : v.toFixed(2)),
          lang,
          (date) =>
            synthetic
              ? `${date}${lang.startsWith('en') ? ` (${t('common.synthetic')})` : `（${t('common.synthetic')}）`}`
              : date
        ),
      },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 40, bottom: 72 },
      dataZoom: [
        { type: 'inside', start, end: 100 },
        { type: 'slider', start, end: 100, bottom: 8 },
      ],
      xAxis: { type: 'category', data: dates },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          name: t('surveillance.observed'),
          data: curve.points.map((p) => ({
            value: p.observed,
            itemStyle: { color: p.alarm ? '#cf1322' : '#8c8c8c' },
          })),
        },
        {
          type: 'scatter',
          name: t('surveillance.baselinePoints'),
          symbolSize: 6,
          itemStyle: { color: '#0b6e4f' },
          data: curve.points.map((p) => (inBaseline.has(p.date) ? p.observed : null)),
        },
        {
          type: 'line',
          name: t('surveillance.expected'),
          data: curve.points.map((p) => p.expected),
          symbol: 'none',
          lineStyle: { color: '#0b6e4f' },
        },
        {
          type: 'line',
          name: t('surveillance.threshold'),
          data: curve.points.map((p) => p.upperbound),
          symbol: 'none',
          lineStyle: { type: 'dashed', color: '#d48806' },
          areaStyle: { color: 'rgba(212,136,6,0.08)' },
        },
      ],
    };
  }, [curve, t, lang, synthetic]);
  const ref = useEChart(option);
  return (
    <div
      ref={ref}
      role="img"
      aria-label={label}
      data-testid="epi-curve"
      style={{ width: '100%', height: 300 }}
    />
  );
}
