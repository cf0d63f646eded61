/** The plans within the user's scope: region, period, rows, binding rows, projects. */
import { Button, Space, Table, Tag, Typography } from 'antd';
import { can, type PlanSummary } from '@weijian/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe, usePlans } from '../api/hooks';
import { ErrorAlert } from '../components/ErrorAlert';
import { ImportPlanModal } from '../components/ImportPlanModal';

export function PlansPage() {
  const { t, i18n } = useTranslation();
  const plans = usePlans();
  const me = useMe().data;
  const [importing, setImporting] = useState(false);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('plans.title')}
        </Typography.Title>
        {me && can(me.role, 'plan:import') && (
          <Button
            type="primary"
            onClick={() => {
              setImporting(true);
            }}
          >
            {t('plans.import')}
          </Button>
        )}
      </Space>
      <ErrorAlert error={plans.error} />
      <Table<PlanSummary>
        rowKey="id"
        loading={plans.isLoading}
        dataSource={plans.data ?? []}
        pagination={false}
        locale={{ emptyText: t('plans.empty') }}
        columns={[
          {
            title: t('plans.name'),
            dataIndex: 'title',
            render: (_: string, p) => (
              <Space orientation="vertical" size={0}>
                <Link to={`/plans/${p.id}`}>{i18n.language === 'en' && p.titleEn ? p.titleEn : p.title}</Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {p.id}
                </Typography.Text>
              </Space>
            ),
          },
          { title: t('plans.region'), render: (_, p) => p.region.name },
          { title: t('plans.period'), render: (_, p) => `${p.period[0]}–${p.period[1]}` },
          {
            title: '',
            render: (_, p) => (
              <Tag color={p.kind === 'review' ? 'default' : 'green'}>{t(`plans.kind.${p.kind}`)}</Tag>
            ),
          },
          { title: t('plans.tableRows'), dataIndex: 'tableRowCount', align: 'right' },
          { title: t('plans.rows'), dataIndex: 'rowCount', align: 'right' },
          {
            title: t('plans.binding'),
            dataIndex: 'bindingRowCount',
            align: 'right',
            render: (n: number) => (n > 0 ? <Tag color="red">{n}</Tag> : n),
          },
          { title: t('plans.projects'), dataIndex: 'projectCount', align: 'right' },
        ]}
      />
      <ImportPlanModal
        open={importing}
        onClose={() => {
          setImporting(false);
        }}
      />
    </Space>
  );
}
