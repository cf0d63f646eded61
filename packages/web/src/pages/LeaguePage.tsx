/**
 * The plans side by side on the indicators they share: ranked best first where the indicator has
 * a better direction, listed by value (not ranked) where it has none (population, birth rate).
 */
import { Card, Select, Space, Table, Tag, Typography } from 'antd';
import { STATUS_NAMES, formatValue, type LeagueEntry, type LeagueRow, type RowStatus } from '@weijian/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { STATUS_COLOR } from '../components/status-colors';
import { SyntheticTag } from '../components/SyntheticTag';
import { withUnit } from '../format';
import { pick } from '../i18n';

const YEARS = [2020, 2021, 2022, 2023, 2024, 2025, 2026];

export function LeaguePage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [year, setYear] = useState(2020);
  const league = useQuery({
    queryKey: ['league', year],
    queryFn: () => api<LeagueRow[]>(`/api/league?year=${year}`),
  });
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('league.title')}
      </Typography.Title>
      <Select
        aria-label={t('scorecard.year')}
        value={year}
        onChange={setYear}
        style={{ width: 100 }}
        options={YEARS.map((y) => ({ value: y, label: String(y) }))}
      />
      <ErrorAlert error={league.error} />
      {(league.data ?? []).map((row) => {
        const ranked = row.direction !== 'none';
        return (
          <Card
            key={row.indicator}
            size="small"
            data-testid={`league-${row.indicator}`}
            title={withUnit(pick(row.name, lang), row.unit, lang)}
            extra={
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t(`league.${row.direction}`)}
              </Typography.Text>
            }
          >
            <Table<LeagueEntry>
              rowKey="plan"
              size="small"
              pagination={false}
              dataSource={row.entries}
              columns={[
                ...(ranked
                  ? [{ title: '#', width: 40, render: (_: unknown, _r: LeagueEntry, i: number) => i + 1 }]
                  : []),
                { title: t('plans.region'), dataIndex: 'region' },
                { title: t('plan.target'), dataIndex: 'target' },
                {
                  title: t('scorecard.actual'),
                  render: (_: unknown, e) => (
                    <Space size={4}>
                      {formatValue(e.actual, e.decimals)}
                      <SyntheticTag synthetic={e.synthetic} />
                    </Space>
                  ),
                },
                {
                  title: t('scorecard.status'),
                  dataIndex: 'status',
                  render: (s: RowStatus) => <Tag color={STATUS_COLOR[s]}>{pick(STATUS_NAMES[s], lang)}</Tag>,
                },
              ]}
            />
          </Card>
        );
      })}
    </Space>
  );
}
