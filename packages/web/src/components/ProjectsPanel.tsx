/** Key projects: a timeline of construction years, progress, and the beds-per-1,000 forecast. */
import { Alert, Space } from 'antd';
import { formatValue, type PlanProject, type ProjectsView } from '@weijian/core';
import { useQuery } from '@tanstack/react-query';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useCatalogue } from '../api/hooks';
import { ErrorAlert } from './ErrorAlert';
import { ProjectTable } from './ProjectTable';
import { SyntheticTag } from './SyntheticTag';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

function Timeline({ projects, label }: { projects: PlanProject[]; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const dated = projects.filter((p) => p.startYear && p.endYear);
  useEffect(() => {
    if (!ref.current || dated.length === 0) return;
    const chart = echarts.init(ref.current);
    const min = Math.min(...dated.map((p) => p.startYear ?? 0));
    chart.setOption({
      tooltip: {
        formatter: (p: { dataIndex: number }) =>
          `${dated[p.dataIndex]?.name ?? ''}：${dated[p.dataIndex]?.years ?? ''}`,
      },
      grid: { left: 220, right: 24, top: 8, bottom: 24 },
      // Stacked bars: an invisible offset from the earliest year, then the construction years.
      xAxis: { type: 'value', axisLabel: { formatter: (v: number) => String(v + min) } },
      yAxis: {
        type: 'category',
        data: dated.map((p) => p.name),
        inverse: true,
        axisLabel: { width: 200, overflow: 'truncate' },
      },
      series: [
        {
          type: 'bar',
          stack: 't',
          itemStyle: { color: 'transparent' },
          data: dated.map((p) => (p.startYear ?? min) - min),
        },
        {
          type: 'bar',
          stack: 't',
          itemStyle: { color: '#0b6e4f' },
          data: dated.map((p) => (p.endYear ?? 0) - (p.startYear ?? 0) + 1),
        },
      ],
    });
    return () => chart.dispose();
  }, [dated]);
  if (dated.length === 0) return null;
  return (
    <div
      ref={ref}
      role="img"
      aria-label={label}
      style={{ width: '100%', height: Math.max(120, dated.length * 26 + 40) }}
    />
  );
}

export function ProjectsPanel({ planId }: { planId: string }) {
  const { t } = useTranslation();
  const view = useQuery({
    queryKey: ['projects', planId],
    queryFn: () => api<ProjectsView>(`/api/plans/${encodeURIComponent(planId)}/projects`),
  });
  const f = view.data?.bedForecast ?? null;
  const bedsDecimals = useCatalogue().data?.indicators.find((i) => i.code === 'BEDS_PER_1000')?.decimals ?? 2;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <ErrorAlert error={view.error} />
      {f && (
        <Alert
          type="info"
          showIcon
          title={
            <>
              {f.forecast === null
                ? t('projects.forecastNoData', { year: f.year })
                : t('projects.forecast', {
                    year: f.targetYear,
                    from: f.year,
                    value: formatValue(f.forecast, bedsDecimals),
                    target: f.targetRaw,
                    now: f.bedsNow,
                    pipeline: f.bedsPipeline,
                    growth: (f.growth * 100).toFixed(1),
                  })}
              {f.synthetic && <SyntheticTag />}
            </>
          }
        />
      )}
      <Timeline projects={view.data?.projects ?? []} label={t('projects.timeline')} />
      <ProjectTable projects={view.data?.projects ?? []} />
    </Space>
  );
}
