/** What triage outcomes have taught, per disease or syndrome and per method: PPV and response time. */
import { Collapse, Table } from 'antd';
import type { OutcomeSummary, SignalStats } from '@weijian/core';
import { useTranslation } from 'react-i18next';
import { methodName, topicName } from './surveillance-labels';

type Row = OutcomeSummary & { key: string };

export function OutcomeTables({
  stats,
  names,
}: {
  stats: SignalStats | undefined;
  names: Map<string, { zh: string; en: string }>;
}) {
  const { t, i18n } = useTranslation();
  if (!stats || Object.keys(stats.byTopic).length === 0) return null;
  const rows = (m: Record<string, OutcomeSummary>): Row[] =>
    Object.entries(m).map(([key, v]) => ({ key, ...v }));
  const columns = (first: string, label: (k: string) => string) => [
    { title: first, dataIndex: 'key', render: label },
    { title: t('surveillance.board'), dataIndex: 'signals', align: 'right' as const },
    { title: t('surveillance.judged'), dataIndex: 'judged', align: 'right' as const },
    { title: t('surveillance.outcome.outbreak'), dataIndex: 'real', align: 'right' as const },
    { title: t('surveillance.outcome.false_alarm'), dataIndex: 'falseAlarms', align: 'right' as const },
    {
      title: t('surveillance.ppv'),
      dataIndex: 'ppv',
      align: 'right' as const,
      render: (v: number | null) => (v === null ? '—' : `${(100 * v).toFixed(1)}%`),
    },
    {
      title: t('surveillance.medianResponse'),
      dataIndex: 'medianResponseHours',
      align: 'right' as const,
      render: (v: number | null) => v ?? '—',
    },
  ];
  return (
    <Collapse
      size="small"
      items={[
        {
          key: 'learn',
          label: t('surveillance.learned'),
          children: (
            <>
              <Table<Row>
                size="small"
                pagination={false}
                rowKey="key"
                dataSource={rows(stats.byTopic)}
                columns={columns(t('surveillance.topic'), (k) => topicName(k, i18n.language, names))}
              />
              <Table<Row>
                size="small"
                pagination={false}
                rowKey="key"
                style={{ marginTop: 12 }}
                dataSource={rows(stats.byMethod)}
                columns={columns(t('surveillance.method'), (k) => methodName(k, t))}
              />
            </>
          ),
        },
      ]}
    />
  );
}
