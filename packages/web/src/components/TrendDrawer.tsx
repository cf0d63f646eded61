/**
 * One indicator across the plan years: baseline → actuals → target, with the schedule line. Every
 * value is at the row's decimals, every status says its year, and a value built on synthetic data
 * is marked in the chart (its own legend entry and in the tooltip) and under it.
 */
import { Descriptions, Drawer, Space, Spin, Tag, Typography } from 'antd';
import { LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useQuery } from '@tanstack/react-query';
import {
  STATUS_NAMES,
  formatValue,
  parseTarget,
  targetThreshold,
  type RowResult,
  type RowStatus,
  type RowTrend,
} from '@weijian/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useCatalogue } from '../api/hooks';
import { joinList } from '../format';
import { pick } from '../i18n';
import { axisTooltip } from './chart-tooltip';
import { ErrorAlert } from './ErrorAlert';
import { STATUS_COLOR } from './status-colors';
import { SyntheticTag } from './SyntheticTag';

echarts.use([
  LineChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  MarkLineComponent,
  CanvasRenderer,
]);

const statusName = (status: string, lang: string): string =>
  (status in STATUS_NAMES ? pick(STATUS_NAMES[status as RowStatus], lang) : '') || status;

/** The number a target line is drawn at (a range: both ends), from the parsed target. */
function targetLines(raw: string | undefined): number[] {
  if (!raw) return [];
  const parsed = parseTarget(raw);
  if (parsed.kind === 'range') return [parsed.min, parsed.max];
  const n = targetThreshold(parsed, 'increase');
  return n === null ? [] : [n];
}

export function TrendDrawer({
  planId,
  rowKey,
  year,
  yearRow,
  onClose,
}: {
  planId: string;
  rowKey: string | null;
  /** The year the scorecard shows; its status is the one the drawer names. */
  year: number;
  /** The scorecard's row for that year (its reason), when at hand. */
  yearRow?: RowResult | undefined;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const catalogue = useCatalogue().data;
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
  const decimals = yearRow?.decimals ?? data?.row.decimals ?? 2;
  useEffect(() => {
    if (!ref.current || !data) return;
    const chart = echarts.init(ref.current);
    const lines = targetLines(data.row.target?.raw);
    const synthetic = t('common.synthetic');
    const en = lang.startsWith('en');
    chart.setOption({
      tooltip: {
        trigger: 'axis',
        className: 'wj-chart-tooltip',
        formatter: axisTooltip(
          (seriesIndex, dataIndex, v) => {
            const p = data.points[dataIndex];
            const mark =
              seriesIndex === 0 && p?.synthetic ? (en ? ` (${synthetic})` : `（${synthetic}）`) : '';
            return `${formatValue(v, decimals)}${mark}`;
          },
          lang,
          // The axis line names the year and that year's status.
          (label, dataIndex) => {
            const p = data.points[dataIndex];
            return p ? t('trend.pointStatus', { year: p.year, status: statusName(p.status, lang) }) : label;
          }
        ),
      },
      legend: { top: 0 },
      grid: { left: 56, right: 32, top: 48, bottom: 32 },
      xAxis: { type: 'category', data: data.points.map((p) => String(p.year)) },
      yAxis: {
        type: 'value',
        scale: true,
        // Keep the target line inside the chart even when every value is far from it.
        min: (v: { min: number }) => Math.min(v.min, ...lines),
        max: (v: { max: number }) => Math.max(v.max, ...lines),
        axisLabel: { formatter: (v: number) => formatValue(v, decimals) },
      },
      series: [
        {
          type: 'line',
          name: t('scorecard.actual'),
          data: data.points.map((p) => p.actual),
          connectNulls: true,
          ...(lines.length > 0
            ? {
                markLine: {
                  symbol: 'none',
                  silent: true,
                  data: lines.map((y) => ({ yAxis: y })),
                  // Inside the plot: a label past the right edge is cut off.
                  label: {
                    position: 'insideEndTop',
                    formatter: t('trend.targetLine', { raw: data.row.target?.raw ?? '' }),
                  },
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
        ...(data.points.some((p) => p.synthetic && p.actual !== null)
          ? [
              {
                // The synthetic mark in the legend: the years whose value is built on demo data.
                type: 'scatter',
                name: synthetic,
                symbol: 'diamond',
                symbolSize: 12,
                itemStyle: { color: '#722ed1' },
                tooltip: { show: false },
                data: data.points.map((p) => (p.synthetic ? p.actual : null)),
              },
            ]
          : []),
      ],
    });
    return () => chart.dispose();
  }, [data, t, lang, decimals]);
  const point = data?.points.find((p) => p.year === year);
  const syntheticYears = (data?.points ?? []).filter((p) => p.synthetic).map((p) => String(p.year));
  const indicator = catalogue?.indicators.find((i) => i.code === data?.row.indicator);
  return (
    <Drawer open={rowKey !== null} onClose={onClose} size="large" title={data?.row.name ?? ''}>
      {trend.isLoading && <Spin />}
      <ErrorAlert error={trend.error} />
      <div
        ref={ref}
        role="img"
        aria-label={data?.row.name ?? ''}
        data-testid="trend-chart"
        style={{ width: '100%', height: 340 }}
      />
      {syntheticYears.length > 0 && (
        <Typography.Paragraph type="secondary" data-testid="trend-synthetic">
          <SyntheticTag /> {t('trend.syntheticYears', { years: joinList(syntheticYears, lang) })}
        </Typography.Paragraph>
      )}
      {data && (
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label={t('plan.baseline')}>
            {data.row.baseline
              ? `${formatValue(data.row.baseline.value, decimals)} (${data.row.baseline.year})`
              : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('plan.target')}>
            {data.row.target ? `${data.row.target.raw} (${data.row.target.year})` : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('trend.statusOfYear', { year })}>
            {point ? (
              <Space size={4} wrap data-testid="trend-status">
                <Tag color={STATUS_COLOR[point.status as RowStatus]}>{statusName(point.status, lang)}</Tag>
                {point.actual !== null && formatValue(point.actual, decimals)}
                <SyntheticTag synthetic={point.synthetic} />
                {yearRow && yearRow.key === data.row.key ? pick(yearRow.reason, lang) : ''}
              </Space>
            ) : (
              '—'
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('scorecard.owner')}>
            {joinList(data.row.owners, lang) || t('scorecard.noOwner')}
          </Descriptions.Item>
          {data.row.indicator && (
            <Descriptions.Item label={t('plan.catalogue')}>
              {indicator ? `${pick(indicator.name, lang)} · ` : ''}
              {data.row.indicator}
            </Descriptions.Item>
          )}
        </Descriptions>
      )}
    </Drawer>
  );
}
