/** A bar chart of an indicator by unit and period (ECharts, only the parts it needs). */
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useMemo } from 'react';
import { useEChart } from './useEChart';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface Series {
  name: string;
  values: (number | null)[];
}

export function TrendChart({
  categories,
  series,
  label,
}: {
  categories: string[];
  series: Series[];
  label: string;
}) {
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 40, bottom: 40 },
      xAxis: { type: 'category', data: categories },
      yAxis: { type: 'value' },
      series: series.map((s) => ({ type: 'bar', name: s.name, data: s.values })),
    }),
    [categories, series]
  );
  const ref = useEChart(option);
  return <div ref={ref} role="img" aria-label={label} style={{ width: '100%', height: 320 }} />;
}
