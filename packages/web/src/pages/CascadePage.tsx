/**
 * A plan's targets against the higher level's (a district's against its city's): how ambitious
 * each is, binding rows that ask less than the higher level flagged, and the higher level's value
 * rolled up from its units against its own target; then the rules a city plan sets for every unit
 * below it.
 */
import { Card, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { formatValue, type Ambition, type CascadeRow, type CascadeRule } from '@weijian/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { api } from '../api/client';
import { useOrgUnits } from '../api/data';
import { useCatalogue, usePlan } from '../api/hooks';
import { ErrorAlert } from '../components/ErrorAlert';
import { SyntheticTag } from '../components/SyntheticTag';
import { joinList } from '../format';
import { pick } from '../i18n';

const AMBITION_COLOR: Record<Ambition, string> = {
  stricter: 'green',
  same: 'blue',
  looser: 'orange',
  unknown: 'default',
};

export function CascadePage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const plan = usePlan(id);
  const catalogue = useCatalogue().data;
  const units = useOrgUnits();
  const [params, setParams] = useSearchParams();
  const p = plan.data;
  const years = p ? Array.from({ length: p.period[1] - p.baseYear + 1 }, (_, i) => p.baseYear + i) : [];
  const year = Number(params.get('year')) || p?.baseYear || 0;
  const cascade = useQuery({
    queryKey: ['cascade', id, year],
    enabled: year > 0,
    queryFn: () => api<CascadeRow[]>(`/api/plans/${encodeURIComponent(id)}/cascade?year=${year}`),
  });
  const rules = useQuery({
    queryKey: ['rules', id],
    queryFn: () => api<CascadeRule[]>(`/api/plans/${encodeURIComponent(id)}/rules`),
  });
  if (plan.isLoading) return <Spin />;
  if (plan.error || !p) return <ErrorAlert error={plan.error} />;
  const decimals = (code: string | null): number =>
    catalogue?.indicators.find((i) => i.code === code)?.decimals ?? 2;
  const unitName = (code: string | null): string =>
    code ? (units.data?.find((u) => u.code === code)?.name ?? code) : '';
  const title = lang.startsWith('en') && p.titleEn ? p.titleEn : p.title;
  const namesEn = new Map(p.rows.map((r) => [r.key, r.nameEn ?? null]));
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Link to={`/plans/${encodeURIComponent(id)}`}>← {title}</Link>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('cascade.title', { plan: title })}
      </Typography.Title>
      <Space>
        <span>{t('cascade.year')}</span>
        <Select
          aria-label={t('cascade.year')}
          value={year}
          style={{ width: 100 }}
          onChange={(y: number) => setParams({ year: String(y) }, { replace: true })}
          options={years.map((y) => ({ value: y, label: String(y) }))}
        />
      </Space>
      <ErrorAlert error={cascade.error ?? rules.error} />
      <div data-testid="cascade-table">
        <Table<CascadeRow>
          rowKey="key"
          size="small"
          loading={cascade.isLoading}
          dataSource={cascade.data ?? []}
          pagination={false}
          locale={{ emptyText: t('cascade.empty') }}
          rowClassName={(r) => (r.flagged ? 'row-binding' : '')}
          scroll={{ x: 1000 }}
          columns={[
            {
              title: t('plan.indicator'),
              render: (_: unknown, r) => (
                <Space orientation="vertical" size={0}>
                  <Space size={4} wrap>
                    {r.attribute === 'binding' && <Tag color="red">{t('plan.attributes.binding')}</Tag>}
                    {r.name}
                  </Space>
                  {lang.startsWith('en') && namesEn.get(r.key) && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {namesEn.get(r.key)}
                    </Typography.Text>
                  )}
                </Space>
              ),
            },
            { title: t('cascade.own'), dataIndex: 'own', width: 120 },
            {
              title: t('cascade.higher'),
              width: 170,
              render: (_: unknown, r) => (
                <Space size={4}>
                  {r.higher}
                  <Tag>{t(`plan.levels.${r.higherLevel}`, { defaultValue: r.higherLevel })}</Tag>
                </Space>
              ),
            },
            {
              title: t('cascade.ambition'),
              width: 260,
              render: (_: unknown, r) => (
                <Space orientation="vertical" size={0}>
                  <Space size={4} wrap>
                    <Tag color={AMBITION_COLOR[r.ambition]}>{t(`cascade.ambitions.${r.ambition}`)}</Tag>
                    {r.flagged && <Tag color="red">{t('cascade.flagged')}</Tag>}
                  </Space>
                  {r.ambition !== 'unknown' && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {pick(r.reason, lang)}
                    </Typography.Text>
                  )}
                </Space>
              ),
            },
            {
              title: `${t('cascade.higherValue')} (${year})`,
              width: 200,
              render: (_: unknown, r) =>
                r.higherValue === null ? (
                  '—'
                ) : (
                  <Space size={4} wrap>
                    {unitName(r.higherUnit)}
                    {formatValue(r.higherValue, decimals(r.indicator))}
                    <SyntheticTag synthetic={r.higherSynthetic} />
                  </Space>
                ),
            },
            {
              title: t('cascade.higherMeets'),
              width: 110,
              render: (_: unknown, r) =>
                r.higherMeets === null ? (
                  '—'
                ) : (
                  <Tag color={r.higherMeets ? 'green' : 'orange'}>
                    {t(r.higherMeets ? 'cascade.meets' : 'cascade.notMet')}
                  </Tag>
                ),
            },
          ]}
        />
      </div>
      {(rules.data ?? []).length > 0 && (
        <Card size="small" title={t('cascade.rules')}>
          <Table<CascadeRule>
            rowKey="key"
            size="small"
            pagination={false}
            dataSource={rules.data ?? []}
            columns={[
              { title: t('plan.indicator'), dataIndex: 'name' },
              { title: t('plan.target'), dataIndex: 'target', width: 160 },
              { title: t('cascade.per'), dataIndex: 'per', width: 120 },
              {
                title: t('cascade.units'),
                render: (_: unknown, r) =>
                  joinList(
                    r.units.map((u) => u.name),
                    lang
                  ) || '—',
              },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}
