/**
 * A bar chart of an indicator by unit and period (ECharts, only the parts it needs). Values are
 * shown at the indicator's decimals, and a value built on synthetic data says so in its tooltip.
 */
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { formatValue } from '@weijian/core';
import { useMemo } from 'react';
import { axisTooltip } from './chart-tooltip';
import { useEChart } from './useEChart';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface Series {
  name: string;
  values: (number | null)[];
  /** Per value: built on synthetic (demo) data. */
  synthetic?: boolean[];
}

export function TrendChart({
  categories,
  series,
  label,
  decimals,
  syntheticLabel,
  lang,
  testId,
}: {
  categories: string[];
  series: Series[];
  label: string;
  decimals: number;
  /** The words of the synthetic mark, in the screen's language. */
  syntheticLabel: string;
  lang: string;
  testId?: string;
}) {
  const option = useMemo(
    () => ({
      tooltip: {
        trigger: 'axis',
        className: 'wj-chart-tooltip',
        formatter: axisTooltip((seriesIndex, dataIndex, value) => {
          const s = series[seriesIndex];
          const mark = s?.synthetic?.[dataIndex]
            ? lang.startsWith('en')
              ? ` (${syntheticLabel})`
              : `（${syntheticLabel}）`
            : '';
          return `${formatValue(value, decimals)}${mark}`;
        }, lang),
      },
      legend: { top: 0 },
      grid: { left: 56, right: 16, top: 40, bottom: 56 },
      xAxis: { type: 'category', data: categories, axisLabel: { interval: 0, hideOverlap: true } },
      yAxis: { type: 'value' },
      series: series.map((s) => ({ type: 'bar', name: s.name, data: s.values })),
    }),
    [categories, series, decimals, syntheticLabel, lang]
  );
  const ref = useEChart(option);
  return (
    <div
      ref={ref}
      role="img"
      aria-label={label}
      data-testid={testId}
      style={{ width: '100%', height: 320 }}
    />
  );
}
