/**
 * A plan's scorecard for a year: a traffic light per row, binding rows that lag first, filters by
 * status and category, and for each row the actual, the value expected on schedule, the progress,
 * the method and the reason.
 */
import { Alert, Button, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { STATUS_NAMES, formatValue, type RowStatus } from '@weijian/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useEvaluation, type RowResult } from '../api/evaluation';
import { usePlan } from '../api/hooks';
import { joinList } from '../format';
import { pick } from '../i18n';
import { ErrorAlert } from './ErrorAlert';
import { STATUS_COLOR } from './status-colors';
import { SyntheticTag } from './SyntheticTag';
import { TrendDrawer } from './TrendDrawer';

export function Scorecard({
  planId,
  years,
  defaultYear,
}: {
  planId: string;
  years: number[];
  defaultYear: number;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [year, setYear] = useState(defaultYear);
  const [statuses, setStatuses] = useState<RowStatus[]>([]);
  const [category, setCategory] = useState<string>();
  const [trendKey, setTrendKey] = useState<string | null>(null);
  const evaluation = useEvaluation(planId, year);
  // An English screen adds the row's English name under the name as written.
  const plan = usePlan(planId).data;
  const namesEn = new Map((plan?.rows ?? []).map((r) => [r.key, r.nameEn ?? null]));
  const rows = (evaluation.data?.rows ?? []).filter(
    (r) => (statuses.length === 0 || statuses.includes(r.status)) && (!category || r.category === category)
  );
  const categories = [
    ...new Set((evaluation.data?.rows ?? []).map((r) => r.category).filter((c): c is string => c !== null)),
  ];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select
          aria-label={t('scorecard.year')}
          value={year}
          onChange={setYear}
          style={{ width: 100 }}
          options={years.map((y) => ({ value: y, label: String(y) }))}
        />
        <Select
          aria-label={t('scorecard.status')}
          mode="multiple"
          allowClear
          placeholder={t('scorecard.allStatuses')}
          style={{ minWidth: 260 }}
          value={statuses}
          onChange={setStatuses}
          options={(Object.keys(STATUS_NAMES) as RowStatus[]).map((s) => ({
            value: s,
            label: pick(STATUS_NAMES[s], lang),
          }))}
        />
        {categories.length > 0 && (
          <Select
            aria-label={t('plan.category')}
            allowClear
            placeholder={t('plan.category')}
            style={{ width: 160 }}
            value={category}
            onChange={setCategory}
            options={categories.map((c) => ({ value: c, label: c }))}
          />
        )}
        {(['docx', 'xlsx', 'html'] as const).map((f) => (
          <Button
            key={f}
            size="small"
            href={`/api/plans/${encodeURIComponent(planId)}/report?year=${year}&format=${f}&lang=${lang.startsWith('en') ? 'en' : 'zh'}`}
            target={f === 'html' ? '_blank' : undefined}
          >
            {t(`scorecard.download.${f}`)}
          </Button>
        ))}
        {evaluation.data &&
          (Object.entries(evaluation.data.counts) as [RowStatus, number][])
            .filter(([, n]) => n > 0)
            .map(([s, n]) => (
              <Tag key={s} color={STATUS_COLOR[s]}>
                {pick(STATUS_NAMES[s], lang)} {n}
              </Tag>
            ))}
      </Space>
      <ErrorAlert error={evaluation.error} />
      <Table<RowResult>
        rowKey="key"
        size="small"
        loading={evaluation.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 1100 }}
        columns={[
          {
            title: t('scorecard.status'),
            width: 130,
            render: (_: unknown, r) => (
              <Tooltip title={pick(r.reason, lang)}>
                <Tag color={STATUS_COLOR[r.status]} tabIndex={0}>
                  {pick(r.statusName, lang)}
                </Tag>
              </Tooltip>
            ),
          },
          {
            title: t('plan.indicator'),
            width: 220,
            render: (_: unknown, r) => (
              <Space orientation="vertical" size={0}>
                <Space size={4}>
                  {r.attribute === 'binding' && <Tag color="red">{t('plan.attributes.binding')}</Tag>}
                  <Button
                    type="link"
                    size="small"
                    style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }}
                    onClick={() => setTrendKey(r.key)}
                  >
                    {r.name}
                  </Button>
                </Space>
                {lang.startsWith('en') && namesEn.get(r.key) && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {namesEn.get(r.key)}
                  </Typography.Text>
                )}
                {r.discrepancy && (
                  <Alert
                    type="warning"
                    showIcon
                    style={{ padding: '2px 8px', marginTop: 4 }}
                    title={pick(r.discrepancy, lang)}
                  />
                )}
              </Space>
            ),
          },
          {
            title: t('plan.target'),
            width: 130,
            render: (_: unknown, r) => (
              <Space orientation="vertical" size={0}>
                {r.target ? `${r.target.raw} (${r.target.year})` : '—'}
                {r.forecast && (
                  <span>
                    <Tag color="geekblue">
                      {t('scorecard.forecast', {
                        year: r.forecast.year,
                        value: formatValue(r.forecast.value, r.decimals),
                        from: r.forecast.madeFrom,
                      })}
                    </Tag>
                    {r.forecast.synthetic && <SyntheticTag />}
                  </span>
                )}
              </Space>
            ),
          },
          {
            title: t('plan.baseline'),
            width: 100,
            render: (_: unknown, r) =>
              r.baseline ? `${formatValue(r.baseline.value, r.decimals)} (${r.baseline.year})` : '—',
          },
          {
            title: t('scorecard.actual'),
            width: 120,
            render: (_: unknown, r) => (
              <Space size={4}>
                {formatValue(r.actual, r.decimals)}
                {r.actualSource && <Tag>{t(`scorecard.source.${r.actualSource}`)}</Tag>}
                {r.synthetic && <SyntheticTag />}
              </Space>
            ),
          },
          {
            title: t('scorecard.expected'),
            width: 100,
            render: (_: unknown, r) => formatValue(r.expected, r.decimals),
          },
          {
            title: t('scorecard.progress'),
            width: 90,
            render: (_: unknown, r) => (r.progress === null ? '—' : `${(r.progress * 100).toFixed(1)}%`),
          },
          {
            title: t('scorecard.method'),
            width: 120,
            render: (_: unknown, r) =>
              `${t(`scorecard.methods.${r.method}`)}${r.method === 'linear' ? '' : ` ≥${r.threshold * 100}%`}`,
          },
          {
            title: t('scorecard.owner'),
            width: 140,
            render: (_: unknown, r) => joinList(r.owners, lang) || '—',
          },
          {
            title: t('plan.statusAsWritten'),
            width: 140,
            render: (_: unknown, r) => r.statusAsWritten ?? '',
          },
        ]}
      />
      <TrendDrawer
        planId={planId}
        rowKey={trendKey}
        year={year}
        yearRow={evaluation.data?.rows.find((r) => r.key === trendKey)}
        onClose={() => setTrendKey(null)}
      />
    </Space>
  );
}
