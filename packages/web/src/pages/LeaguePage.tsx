/** The plans side by side on the indicators they share, best first. */
import { Card, Select, Space, Table, Tag, Typography } from 'antd';
import { STATUS_NAMES, type LeagueRow, type RowStatus } from '@weijian/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { STATUS_COLOR } from '../components/Scorecard';
import { pick } from '../i18n';

const YEARS = [2020, 2021, 2022, 2023, 2024, 2025, 2026];

export function LeaguePage() {
  const { t, i18n } = useTranslation();
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
      {(league.data ?? []).map((row) => (
        <Card key={row.indicator} size="small" title={`${pick(row.name, i18n.language)}（${row.unit}）`}>
          <Table
            rowKey="plan"
            size="small"
            pagination={false}
            dataSource={row.entries}
            columns={[
              { title: '#', width: 40, render: (_: unknown, _r, i) => i + 1 },
              { title: t('plans.region'), dataIndex: 'region' },
              { title: t('plan.target'), dataIndex: 'target' },
              { title: t('scorecard.actual'), dataIndex: 'actual', render: (v: number | null) => v ?? '—' },
              {
                title: t('scorecard.status'),
                dataIndex: 'status',
                render: (s: RowStatus) => (
                  <Tag color={STATUS_COLOR[s]}>{pick(STATUS_NAMES[s], i18n.language)}</Tag>
                ),
              },
            ]}
          />
        </Card>
      ))}
    </Space>
  );
}
