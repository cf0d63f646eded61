/**
 * Epidemic curve of one evidence stream: observed counts as bars, the expected line, the band up
 * to the threshold, alarms marked, and the baseline points the last evaluation used shaded.
 */
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkAreaComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvidenceCurve } from '@weijian/core';
import { useEChart } from './useEChart';

echarts.use([
  BarChart,
  LineChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export function EpiCurve({ curve, label }: { curve: EvidenceCurve; label: string }) {
  const { t } = useTranslation();
  const option = useMemo(() => {
    const dates = curve.points.map((p) => p.date);
    const inWindow = new Set(dates);
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 40, bottom: 48 },
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
          markArea: {
            silent: true,
            itemStyle: { color: 'rgba(11,110,79,0.08)' },
            data: curve.baselineDates.filter((d) => inWindow.has(d)).map((d) => [{ xAxis: d }, { xAxis: d }]),
          },
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
  }, [curve, t]);
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
