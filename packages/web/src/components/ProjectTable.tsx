/** Key projects with status, beds, floor area, investment and years. */
import { Table, Tag, Typography } from 'antd';
import type { PlanProject } from '@weijian/core';
import { useTranslation } from 'react-i18next';
import { formatAmount } from '../format';

const STATUS_COLOR: Record<string, string> = {
  planned: 'default',
  started: 'blue',
  continuing: 'gold',
  completed: 'green',
};

export function ProjectTable({ projects }: { projects: PlanProject[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Table<PlanProject>
      rowKey="key"
      size="small"
      dataSource={projects}
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      scroll={{ x: 1000 }}
      columns={[
        { title: t('projects.name'), dataIndex: 'name' },
        {
          title: t('projects.category'),
          width: 160,
          // The plan's own heading on Chinese screens; the transcriber's gloss on English ones.
          render: (_: unknown, p: PlanProject) =>
            i18n.language.startsWith('en') ? (p.categoryEn ?? p.category) : p.category,
        },
        {
          title: t('projects.status'),
          width: 110,
          render: (_: unknown, p: PlanProject) => (
            <Tag color={p.status ? STATUS_COLOR[p.status] : 'default'} title={p.statusAsWritten}>
              {t(`projects.statuses.${p.status ?? 'unknown'}`)}
            </Tag>
          ),
        },
        { title: t('projects.beds'), dataIndex: 'beds', width: 80, align: 'right' },
        {
          title: t('projects.area'),
          width: 120,
          align: 'right',
          render: (_: unknown, p: PlanProject) =>
            p.floorAreaM2 === undefined ? '' : formatAmount(p.floorAreaM2),
        },
        { title: t('projects.investment'), dataIndex: 'investmentYi', width: 110, align: 'right' },
        { title: t('projects.years'), dataIndex: 'years', width: 110 },
        {
          title: t('projects.scale'),
          width: 320,
          render: (_: unknown, p: PlanProject) => (
            <Typography.Paragraph ellipsis={{ rows: 2, expandable: true }} style={{ marginBottom: 0 }}>
              {p.scale ?? ''}
            </Typography.Paragraph>
          ),
        },
      ]}
    />
  );
}
