/** The plan's indicator rows as the bureau wrote them, beside the parsed targets and catalogue link. */
import { Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { PlanRowView } from '@weijian/core';
import { useTranslation } from 'react-i18next';
import { pick } from '../i18n';
import { QuoteButton } from './QuoteButton';
import { TargetCell } from './TargetCell';

export function IndicatorTable({
  rows,
  review,
  text,
}: {
  rows: PlanRowView[];
  review: boolean;
  text: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <Table<PlanRowView>
      rowKey="key"
      size="small"
      dataSource={rows}
      pagination={false}
      scroll={{ x: 1100 }}
      rowClassName={(r) => (r.attribute === 'binding' ? 'row-binding' : '')}
      columns={[
        ...(text
          ? []
          : [{ title: t('plan.seq'), width: 56, render: (_: unknown, r: PlanRowView) => r.seq ?? '' }]),
        ...(text || !rows.some((r) => r.category)
          ? []
          : [{ title: t('plan.category'), dataIndex: 'category', width: 96 }]),
        {
          title: t('plan.indicator'),
          render: (_: unknown, r: PlanRowView) => (
            <Space orientation="vertical" size={0}>
              <Typography.Text>{r.name}</Typography.Text>
              {lang === 'en' && r.nameEn && <Typography.Text type="secondary">{r.nameEn}</Typography.Text>}
              {r.scope && (
                <Typography.Text
                  type="secondary"
                  style={{ fontSize: 12 }}
                >{`${t('plan.scope')}: ${r.scope}`}</Typography.Text>
              )}
              <QuoteButton quote={r.quote} {...(r.textQuotes ? { extra: r.textQuotes } : {})} />
            </Space>
          ),
        },
        { title: t('plan.unit'), dataIndex: 'unit', width: 70 },
        {
          title: t('plan.baseline'),
          width: 150,
          render: (_: unknown, r: PlanRowView) =>
            r.baseline ? (
              <Space orientation="vertical" size={0}>
                <Typography.Text>{r.baseline.raw}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.baseline.year} · {t(`plan.baselineSource.${r.baseline.source}`)}
                </Typography.Text>
                {r.baseline.quote && <QuoteButton quote={r.baseline.quote} />}
              </Space>
            ) : (
              <Typography.Text type="secondary">{t('plan.noBaseline')}</Typography.Text>
            ),
        },
        {
          title: t('plan.target'),
          width: 260,
          render: (_: unknown, r: PlanRowView) => (
            <Space orientation="vertical">
              {r.targets.map((tg, i) => (
                <Space key={i} align="start">
                  {r.targets.length > 1 && <Tag>{t(`plan.levels.${tg.level}`)}</Tag>}
                  {/* Several targets (2022 and 2030, or district and city): each says its year. */}
                  <TargetCell target={tg} showYear={text || r.targets.length > 1} />
                </Space>
              ))}
            </Space>
          ),
        },
        ...(review
          ? [
              {
                title: t('plan.actual'),
                width: 80,
                render: (_: unknown, r: PlanRowView) => r.actual?.raw ?? '',
              },
              {
                title: t('plan.statusAsWritten'),
                width: 150,
                render: (_: unknown, r: PlanRowView) => r.statusAsWritten ?? '',
              },
            ]
          : []),
        {
          title: t('plan.attribute'),
          width: 80,
          render: (_: unknown, r: PlanRowView) =>
            r.attribute ? (
              <Tag color={r.attribute === 'binding' ? 'red' : 'default'}>
                {t(`plan.attributes.${r.attribute}`)}
              </Tag>
            ) : (
              ''
            ),
        },
        {
          title: t('plan.catalogue'),
          width: 180,
          render: (_: unknown, r: PlanRowView) =>
            r.indicator ? (
              <Tooltip title={r.indicator}>
                <Typography.Text tabIndex={0}>{pick(r.indicatorName, lang)}</Typography.Text>
              </Tooltip>
            ) : (
              <Typography.Text type="secondary">{t('plan.planSpecific')}</Typography.Text>
            ),
        },
      ]}
    />
  );
}
