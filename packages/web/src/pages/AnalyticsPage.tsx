/**
 * The indicator explorer: indicators by unit and period, as a table and one chart per indicator
 * (each in its own unit); every figure explains itself and says when it is built on synthetic data.
 */
import { Button, Card, Select, Space, Table, Typography } from 'antd';
import { formatValue } from '@weijian/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useAnalytics, useOrgUnits, type AnalyticsRow } from '../api/data';
import { useCatalogue, useMe } from '../api/hooks';
import { ErrorAlert } from '../components/ErrorAlert';
import { ExplainDrawer } from '../components/ExplainDrawer';
import { SyntheticTag } from '../components/SyntheticTag';
import { TrendChart, type Series } from '../components/TrendChart';
import { formatAmount, withUnit } from '../format';
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
  const decimals = useMemo(
    () => new Map((catalogue.data?.indicators ?? []).map((i) => [i.code, i.decimals])),
    [catalogue.data]
  );
  const unitsInResult = useMemo(() => Object.keys(data?.metaData.ou ?? {}), [data]);
  // One chart per selected indicator: each has its own unit and scale.
  const charts = useMemo(
    () =>
      dx
        .filter((code) => data?.metaData.dx[code])
        .map((code) => {
          const series: Series[] = (data?.metaData.pe ?? []).map((p) => {
            const cells = unitsInResult.map((u) =>
              data?.rows.find((r) => r.dx === code && r.pe === p && r.ou === u)
            );
            return {
              name: p,
              values: cells.map((c) => c?.value ?? null),
              synthetic: cells.map((c) => c?.synthetic === true),
            };
          });
          return { code, series };
        }),
    [data, dx, unitsInResult]
  );
  const unitName = useMemo(() => new Map((units.data ?? []).map((u) => [u.code, u.name])), [units.data]);
  // A selection can carry units the option list does not (a link's CHILDREN:440304): name them too.
  const selectedOptions = ou.map((v) => {
    const children = /^CHILDREN:(.+)$/.exec(v)?.[1];
    const level = /^LEVEL-(\d)$/.exec(v)?.[1];
    return {
      value: v,
      label: children
        ? t('analytics.children', { name: unitName.get(children) ?? children })
        : level
          ? t(`analytics.level${level}`, { defaultValue: v })
          : (unitName.get(v) ?? v),
    };
  });
  const listed = [
    ...(me
      ? [{ value: `CHILDREN:${me.orgUnitCode}`, label: t('analytics.children', { name: me.orgUnitName }) }]
      : []),
    ...[3, 4].map((n) => ({ value: `LEVEL-${n}`, label: t(`analytics.level${n}`) })),
    ...(units.data ?? [])
      .filter((u) => u.level !== 'facility')
      .map((u) => ({ value: u.code, label: u.name })),
  ];
  const unitOptions = [...selectedOptions.filter((o) => !listed.some((l) => l.value === o.value)), ...listed];
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
        <Typography.Text type="secondary">
          <SyntheticTag /> {t('analytics.syntheticNotice')}
        </Typography.Text>
      )}
      {data &&
        charts.map(({ code, series }) => (
          <Card
            key={code}
            size="small"
            title={withUnit(pick(data.metaData.dx[code], lang), data.metaData.dx[code]?.unit, lang)}
          >
            <TrendChart
              testId="indicator-chart"
              label={t('analytics.chartOf', { name: pick(data.metaData.dx[code], lang) })}
              categories={unitsInResult.map((u) => data.metaData.ou[u]?.name ?? u)}
              series={series}
              decimals={decimals.get(code) ?? 2}
              syntheticLabel={t('common.synthetic')}
              lang={lang}
            />
          </Card>
        ))}
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
                {formatValue(r.value, decimals.get(r.dx) ?? 2)}
              </Button>
            ),
          },
          {
            title: '',
            width: 90,
            render: (_: unknown, r) => <SyntheticTag synthetic={r.synthetic === true} />,
          },
          {
            title: t('explain.numerator'),
            align: 'right',
            render: (_: unknown, r) => formatAmount(r.numerator),
          },
          {
            title: t('explain.denominator'),
            align: 'right',
            render: (_: unknown, r) => formatAmount(r.denominator),
          },
        ]}
      />
      <ExplainDrawer cell={cell} onClose={() => setCell(null)} />
    </Space>
  );
}
