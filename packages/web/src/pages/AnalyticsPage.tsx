/** The indicator explorer: indicators by unit and period, as a table and a chart; every figure explains itself. */
import { Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useAnalytics, useOrgUnits, type AnalyticsRow } from '../api/data';
import { useCatalogue, useMe } from '../api/hooks';
import { ErrorAlert } from '../components/ErrorAlert';
import { ExplainDrawer } from '../components/ExplainDrawer';
import { TrendChart } from '../components/TrendChart';
import { pick } from '../i18n';

const YEARS = [
  '2016',
  '2017',
  '2018',
  '2019',
  '2020',
  '2021',
  '2022',
  '2023',
  '2024',
  '2025',
  '2026',
  '2027',
  '2028',
  '2029',
  '2030',
];

export function AnalyticsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const me = useMe().data;
  const catalogue = useCatalogue();
  const units = useOrgUnits();
  // A link can carry the query: /analytics?dx=IMR;U5MR&pe=2024&ou=440304
  const [params] = useSearchParams();
  const fromUrl = (key: string): string[] | null => params.get(key)?.split(';').filter(Boolean) ?? null;
  const [dx, setDx] = useState<string[]>(fromUrl('dx') ?? ['BEDS_PER_1000']);
  const [pe, setPe] = useState<string[]>(fromUrl('pe') ?? ['2019', '2020', '2021']);
  const [ou, setOu] = useState<string[]>(
    fromUrl('ou') ?? (me ? [me.orgUnitCode, `CHILDREN:${me.orgUnitCode}`] : [])
  );
  const [cell, setCell] = useState<{ dx: string; pe: string; ou: string } | null>(null);
  const result = useAnalytics(dx, pe, ou);
  const data = result.data;
  const first = dx[0] ?? '';
  const unitsInResult = useMemo(() => Object.keys(data?.metaData.ou ?? {}), [data]);
  const chartSeries = useMemo(
    () =>
      (data?.metaData.pe ?? []).map((p) => ({
        name: p,
        values: unitsInResult.map(
          (u) => data?.rows.find((r) => r.dx === first && r.pe === p && r.ou === u)?.value ?? null
        ),
      })),
    [data, unitsInResult, first]
  );
  const unitOptions = [
    ...(me
      ? [{ value: `CHILDREN:${me.orgUnitCode}`, label: t('analytics.children', { name: me.orgUnitName }) }]
      : []),
    ...[3, 4].map((n) => ({ value: `LEVEL-${n}`, label: t(`analytics.level${n}`) })),
    ...(units.data ?? [])
      .filter((u) => u.level !== 'facility')
      .map((u) => ({ value: u.code, label: u.name })),
  ];
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('analytics.title')}
      </Typography.Title>
      <Card size="small">
        <Space wrap>
          <Select
            aria-label={t('analytics.indicators')}
            mode="multiple"
            style={{ minWidth: 360 }}
            value={dx}
            onChange={setDx}
            showSearch={{ optionFilterProp: 'label' }}
            options={(catalogue.data?.indicators ?? []).map((i) => ({
              value: i.code,
              label: pick(i.name, lang),
            }))}
          />
          <Select
            aria-label={t('analytics.periods')}
            mode="multiple"
            style={{ minWidth: 240 }}
            value={pe}
            onChange={setPe}
            options={YEARS.map((y) => ({ value: y, label: y }))}
          />
          <Select
            aria-label={t('analytics.units')}
            mode="multiple"
            style={{ minWidth: 320 }}
            value={ou}
            onChange={setOu}
            showSearch={{ optionFilterProp: 'label' }}
            options={unitOptions}
          />
        </Space>
      </Card>
      <ErrorAlert error={result.error} />
      {data && data.rows.some((r) => r.synthetic) && (
        <Tag color="purple">{t('analytics.syntheticNotice')}</Tag>
      )}
      {data && first && (
        <Card
          size="small"
          title={`${pick(data.metaData.dx[first], lang)} (${data.metaData.dx[first]?.unit ?? ''})`}
        >
          <TrendChart
            label={pick(data.metaData.dx[first], lang)}
            categories={unitsInResult.map((u) => data.metaData.ou[u]?.name ?? u)}
            series={chartSeries}
          />
        </Card>
      )}
      <Table<AnalyticsRow>
        rowKey={(r) => `${r.dx}|${r.pe}|${r.ou}`}
        size="small"
        loading={result.isLoading}
        dataSource={data?.rows ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: t('analytics.indicator'), render: (_: unknown, r) => pick(data?.metaData.dx[r.dx], lang) },
          { title: t('analytics.unit'), render: (_: unknown, r) => data?.metaData.ou[r.ou]?.name ?? r.ou },
          { title: t('analytics.period'), dataIndex: 'pe', width: 90 },
          {
            title: t('analytics.value'),
            align: 'right',
            render: (_: unknown, r) => (
              <Button
                type="link"
                size="small"
                onClick={() => setCell({ dx: r.dx, pe: r.pe, ou: r.ou })}
                aria-label={t('analytics.explain')}
              >
                {r.value === null ? '—' : Number(r.value.toFixed(2)).toLocaleString()}
                {r.synthetic ? ' *' : ''}
              </Button>
            ),
          },
          {
            title: t('explain.numerator'),
            align: 'right',
            render: (_: unknown, r) => (r.numerator ?? '—').toLocaleString(),
          },
          {
            title: t('explain.denominator'),
            align: 'right',
            render: (_: unknown, r) => (r.denominator ?? '—').toLocaleString(),
          },
        ]}
      />
      <ExplainDrawer cell={cell} onClose={() => setCell(null)} />
    </Space>
  );
}
