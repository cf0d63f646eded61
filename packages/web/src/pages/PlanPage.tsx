/** One plan: its indicator table as written beside the parsed targets, text targets, projects. */
import { Alert, Descriptions, Space, Spin, Tabs, Tag, Typography } from 'antd';
import type { ConsistencyFinding } from '@weijian/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../api/client';
import { usePlan } from '../api/hooks';
import { ErrorAlert } from '../components/ErrorAlert';
import { IndicatorTable } from '../components/IndicatorTable';
import { ProjectsPanel } from '../components/ProjectsPanel';
import { Scorecard } from '../components/Scorecard';
import { pick } from '../i18n';

export function PlanPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const plan = usePlan(id);
  // Contradictions among the values the plan states (an under-5 mortality below the infant mortality …).
  const checks = useQuery({
    queryKey: ['checks', id],
    queryFn: () => api<ConsistencyFinding[]>(`/api/plans/${encodeURIComponent(id)}/checks`),
  });
  if (plan.isLoading) return <Spin />;
  if (plan.error || !plan.data) return <ErrorAlert error={plan.error} />;
  const p = plan.data;
  const tableRows = p.rows.filter((r) => r.origin !== 'text');
  const textRows = p.rows.filter((r) => r.origin === 'text');
  const review = p.kind === 'review';
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Link to="/plans">← {t('plan.back')}</Link>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {i18n.language === 'en' && p.titleEn ? p.titleEn : p.title}
      </Typography.Title>
      <Descriptions size="small" column={4}>
        <Descriptions.Item label={t('plans.region')}>
          {p.region.name} ({p.region.code})
        </Descriptions.Item>
        <Descriptions.Item label={t('plans.period')}>{`${p.period[0]}–${p.period[1]}`}</Descriptions.Item>
        <Descriptions.Item label={t('plan.baseYear')}>{p.baseYear}</Descriptions.Item>
        <Descriptions.Item label={t('plan.version')}>
          v{p.version} <Tag>{t(`plans.kind.${p.kind}`)}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('plan.source')}>
          {p.source.seedFile ?? p.source.importedFrom ?? ''}
        </Descriptions.Item>
      </Descriptions>
      {(checks.data ?? []).length > 0 && (
        <Alert
          type="warning"
          showIcon
          data-testid="plan-checks"
          title={t('plan.checks', { n: checks.data?.length ?? 0 })}
          description={
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {(checks.data ?? []).map((f, i) => (
                <li key={i}>{pick(f.message, i18n.language)}</li>
              ))}
            </ul>
          }
        />
      )}
      {p.kind === 'plan' && (
        <Link to={`/plans/${encodeURIComponent(p.id)}/cascade`} data-testid="cascade-link">
          {t('plan.cascade')} →
        </Link>
      )}
      <Tabs
        items={[
          {
            key: 'table',
            label: `${t('plan.tabs.table')} (${tableRows.length})`,
            children: <IndicatorTable rows={tableRows} review={review} text={false} />,
          },
          {
            key: 'scorecard',
            label: t('scorecard.tab'),
            children: (
              <Scorecard
                planId={p.id}
                years={Array.from({ length: p.period[1] - p.baseYear + 1 }, (_, i) => p.baseYear + i)}
                defaultYear={p.kind === 'review' ? p.period[1] : p.baseYear}
              />
            ),
          },
          ...(textRows.length > 0
            ? [
                {
                  key: 'text',
                  label: `${t('plan.tabs.text')} (${textRows.length})`,
                  children: <IndicatorTable rows={textRows} review={false} text />,
                },
              ]
            : []),
          ...(p.projects.length > 0
            ? [
                {
                  key: 'projects',
                  label: `${t('plan.tabs.projects')} (${p.projects.length})`,
                  children: <ProjectsPanel planId={p.id} />,
                },
              ]
            : []),
        ]}
      />
    </Space>
  );
}
