/** One indicator across the plan years: baseline → actuals → target, with the schedule line. */
import { Descriptions, Drawer, Spin, Tag } from 'antd';
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { RowTrend } from '@weijian/core';
import { pick } from '../i18n';
import { ErrorAlert } from './ErrorAlert';

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, MarkLineComponent, CanvasRenderer]);

export function TrendDrawer({
  planId,
  rowKey,
  onClose,
}: {
  planId: string;
  rowKey: string | null;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const trend = useQuery({
    queryKey: ['trend', planId, rowKey],
    enabled: rowKey !== null,
    queryFn: () =>
      api<RowTrend>(
        `/api/plans/${encodeURIComponent(planId)}/rows/${encodeURIComponent(rowKey ?? '')}/trend`
      ),
  });
  const ref = useRef<HTMLDivElement>(null);
  const data = trend.data;
  useEffect(() => {
    if (!ref.current || !data) return;
    const chart = echarts.init(ref.current);
    const goal = data.row.target ? Number.parseFloat(data.row.target.raw.replace(/[^\d.]/g, '')) : NaN;
    chart.setOption({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 24, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: data.points.map((p) => String(p.year)) },
      yAxis: { type: 'value', scale: true },
      series: [
        {
          type: 'line',
          name: t('scorecard.actual'),
          data: data.points.map((p) => p.actual),
          connectNulls: true,
          ...(Number.isFinite(goal)
            ? {
                markLine: {
                  symbol: 'none',
                  data: [{ yAxis: goal, name: t('plan.target') }],
                  label: { formatter: `${t('plan.target')} ${data.row.target?.raw ?? ''}` },
                },
              }
            : {}),
        },
        {
          type: 'line',
          name: t('scorecard.expected'),
          data: data.points.map((p) => p.expected),
          lineStyle: { type: 'dashed' },
        },
      ],
    });
    return () => chart.dispose();
  }, [data, t]);
  return (
    <Drawer open={rowKey !== null} onClose={onClose} size="large" title={data?.row.name ?? ''}>
      {trend.isLoading && <Spin />}
      <ErrorAlert error={trend.error} />
      <div ref={ref} role="img" aria-label={data?.row.name ?? ''} style={{ width: '100%', height: 320 }} />
      {data && (
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label={t('plan.baseline')}>
            {data.row.baseline ? `${data.row.baseline.value} (${data.row.baseline.year})` : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('plan.target')}>
            {data.row.target ? `${data.row.target.raw} (${data.row.target.year})` : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('scorecard.status')}>
            <Tag>{pick(data.row.statusName, i18n.language)}</Tag> {pick(data.row.reason, i18n.language)}
          </Descriptions.Item>
          <Descriptions.Item label={t('scorecard.owner')}>
            {data.row.owners.join('、') || t('scorecard.noOwner')}
          </Descriptions.Item>
          {data.row.indicator && (
            <Descriptions.Item label={t('plan.catalogue')}>{data.row.indicator}</Descriptions.Item>
          )}
        </Descriptions>
      )}
    </Drawer>
  );
}
