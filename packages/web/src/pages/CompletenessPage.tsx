/**
 * Reporting completeness and timeliness (上报率、及时率): for a data set and period, how many
 * reports were expected at or below a unit, which came on time, late or not at all; the units
 * below ranked (click to drill down), the late and missing reports by name, each period of the
 * year, and the same figures as CSV or Excel.
 */
import { Button, Card, Col, Row, Segmented, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useDataSets, useOrgUnits } from '../api/data';
import { useMe } from '../api/hooks';
import {
  completenessQuery,
  useCompleteness,
  useCompletenessByPeriod,
  type CompletenessRow,
  type ExpectedReport,
} from '../api/reporting';
import { ErrorAlert } from '../components/ErrorAlert';
import { ReportStatusTag } from '../components/ReportStatusTag';
import { SyntheticTag } from '../components/SyntheticTag';
import { formatDateTime, todayIn } from '../format';
import { pick } from '../i18n';
import { defaultPeriod, periodOfPicks } from './completeness-periods';

const rate = (r: number | null): string => (r === null ? '—' : `${r.toFixed(1)}%`);

export function CompletenessPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const me = useMe().data;
  const dataSets = useDataSets();
  const units = useOrgUnits();
  const [params, setParams] = useSearchParams();
  const dataSet = params.get('dataSet') ?? dataSets.data?.[0]?.code;
  const ds = dataSets.data?.find((d) => d.code === dataSet);
  const orgUnit = params.get('ou') ?? me?.orgUnitCode;
  // The browser's clock only chooses which period the page opens on; the figures use the server's.
  const today = todayIn();
  const period = params.get('pe') ?? (ds ? defaultPeriod(ds.periodType, today) : undefined);
  const year = Number((period ?? today).slice(0, 4));
  const [onlyProblems, setOnlyProblems] = useState(true);
  const report = useCompleteness(dataSet, orgUnit, period);
  const byPeriod = useCompletenessByPeriod(dataSet, orgUnit, year);
  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined) next.delete(k);
      else next.set(k, v);
    }
    setParams(next);
  };
  const parent = units.data?.find((u) => u.code === orgUnit)?.parent;
  const canGoUp = Boolean(
    parent && orgUnit !== me?.orgUnitCode && units.data?.some((u) => u.code === parent)
  );
  const r = report.data;
  const shown = (r?.reports ?? []).filter(
    (x) => !onlyProblems || x.status === 'late' || x.status === 'missing'
  );
  const exportUrl = (format: 'csv' | 'xlsx') =>
    dataSet && orgUnit && period
      ? `/api/completeness/export?${completenessQuery(dataSet, orgUnit, period)}&format=${format}&lang=${lang}`
      : undefined;
  const counts: [string, number | string][] = r
    ? [
        ['expected', r.counts.expected],
        ['received', r.counts.received],
        ['onTime', r.counts.onTime],
        ['late', r.counts.late],
        ['missing', r.counts.missing],
        ['pending', r.counts.pending],
        ['completenessRate', rate(r.counts.completenessRate)],
        ['timelinessRate', rate(r.counts.timelinessRate)],
      ]
    : [];
  const periodPicks = ds ? periodOfPicks(ds.periodType, period ?? '') : null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('completeness.title')}
      </Typography.Title>
      <Card size="small">
        <Space wrap>
          <Select
            aria-label={t('completeness.dataSet')}
            style={{ width: 260 }}
            value={dataSet}
            onChange={(v: string) => {
              set({ dataSet: v, pe: undefined });
            }}
            options={(dataSets.data ?? []).map((d) => ({ value: d.code, label: pick(d.name, lang) }))}
          />
          <Select
            aria-label={t('completeness.orgUnit')}
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 280 }}
            value={orgUnit}
            onChange={(v: string) => {
              set({ ou: v });
            }}
            options={(units.data ?? []).map((u) => ({ value: u.code, label: `${u.name} (${u.code})` }))}
          />
          <Select
            aria-label={t('completeness.year')}
            style={{ width: 100 }}
            value={year}
            virtual={false}
            onChange={(y: number) => {
              if (ds) set({ pe: periodOfPicks(ds.periodType, period ?? '').with(y, undefined) });
            }}
            options={Array.from({ length: 12 }, (_, i) => Number(today.slice(0, 4)) - 10 + i).map((y) => ({
              value: y,
              label: String(y),
            }))}
          />
          {periodPicks && periodPicks.kind !== 'year' && (
            <Select
              aria-label={t(periodPicks.kind === 'month' ? 'completeness.month' : 'completeness.quarter')}
              style={{ width: 90 }}
              value={periodPicks.sub}
              virtual={false}
              onChange={(s: number) => {
                set({ pe: periodPicks.with(year, s) });
              }}
              options={Array.from({ length: periodPicks.kind === 'month' ? 12 : 4 }, (_, i) => ({
                value: i + 1,
                label: String(i + 1),
              }))}
            />
          )}
          {period && <Tag>{period}</Tag>}
          {canGoUp && (
            <Button
              onClick={() => {
                set({ ou: parent ?? undefined });
              }}
            >
              {t('completeness.up')}
            </Button>
          )}
          <Button href={exportUrl('csv')} disabled={!r}>
            {t('completeness.exportCsv')}
          </Button>
          <Button href={exportUrl('xlsx')} disabled={!r}>
            {t('completeness.exportXlsx')}
          </Button>
        </Space>
      </Card>
      <ErrorAlert error={report.error} />
      {r && (
        <>
          <Card size="small" title={`${r.orgUnit.name} · ${pick(r.dataSet.name, lang)} · ${r.period}`}>
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Space wrap>
                <Typography.Text data-testid="completeness-deadline">
                  {t('completeness.deadline', {
                    date: r.deadline,
                    due: r.dueDays,
                    grace: r.lateAllowanceDays,
                  })}
                </Typography.Text>
                <Typography.Text type="secondary">{t('completeness.asOf', { date: r.asOf })}</Typography.Text>
                <SyntheticTag synthetic={r.synthetic} />
              </Space>
              {r.counts.expected === 0 ? (
                <Typography.Text type="secondary">{t('completeness.noneExpected')}</Typography.Text>
              ) : (
                <Row gutter={16}>
                  {counts.map(([k, v]) => (
                    <Col key={k} flex="1">
                      <Statistic title={t(`completeness.${k}`)} value={v} data-testid={`count-${k}`} />
                    </Col>
                  ))}
                </Row>
              )}
            </Space>
          </Card>
          {r.children.length > 0 && (
            <Card size="small" title={t('completeness.below')}>
              <Table<CompletenessRow>
                rowKey="orgUnit"
                size="small"
                pagination={false}
                dataSource={r.children}
                data-testid="completeness-below"
                columns={[
                  { title: t('completeness.rank'), dataIndex: 'rank', width: 70 },
                  {
                    title: t('completeness.unit'),
                    render: (_: unknown, c) => (
                      <Button
                        type="link"
                        style={{ padding: 0 }}
                        onClick={() => {
                          set({ ou: c.orgUnit });
                        }}
                      >
                        {c.name}
                      </Button>
                    ),
                  },
                  ...(['expected', 'received', 'onTime', 'late', 'missing', 'pending'] as const).map((k) => ({
                    title: t(`completeness.${k}`),
                    width: 80,
                    render: (_: unknown, c: CompletenessRow) => c.counts[k],
                  })),
                  {
                    title: t('completeness.completenessRate'),
                    width: 100,
                    render: (_: unknown, c) => rate(c.counts.completenessRate),
                  },
                  {
                    title: t('completeness.timelinessRate'),
                    width: 100,
                    render: (_: unknown, c) => rate(c.counts.timelinessRate),
                  },
                ]}
              />
            </Card>
          )}
          <Card
            size="small"
            title={t('completeness.reports')}
            extra={
              <Segmented<string>
                value={onlyProblems ? 'problems' : 'all'}
                onChange={(v) => {
                  setOnlyProblems(v === 'problems');
                }}
                options={[
                  { value: 'problems', label: t('completeness.onlyProblems') },
                  { value: 'all', label: t('completeness.all') },
                ]}
              />
            }
          >
            <Table<ExpectedReport>
              rowKey="orgUnit"
              size="small"
              dataSource={shown}
              pagination={{ pageSize: 50, hideOnSinglePage: true }}
              data-testid="completeness-reports"
              columns={[
                { title: t('completeness.unit'), dataIndex: 'name' },
                { title: t('completeness.parent'), dataIndex: 'parentName' },
                {
                  title: t('completeness.status'),
                  width: 110,
                  render: (_: unknown, x) => <ReportStatusTag status={x.status} />,
                },
                {
                  title: t('completeness.submittedAt'),
                  width: 160,
                  render: (_: unknown, x) => (x.submittedAt ? formatDateTime(x.submittedAt) : ''),
                },
                { title: t('completeness.submittedBy'), dataIndex: 'submittedBy', width: 160 },
                {
                  title: t('completeness.daysLate'),
                  width: 90,
                  render: (_: unknown, x) => (x.daysLate > 0 ? x.daysLate : ''),
                },
                {
                  title: '',
                  width: 90,
                  render: (_: unknown, x) => <SyntheticTag synthetic={x.synthetic} />,
                },
              ]}
            />
          </Card>
        </>
      )}
      {byPeriod.data && byPeriod.data.length > 0 && (
        <Card size="small" title={t('completeness.byPeriod')}>
          <Table
            rowKey="period"
            size="small"
            pagination={false}
            dataSource={byPeriod.data}
            data-testid="completeness-periods"
            columns={[
              { title: t('completeness.period'), dataIndex: 'period', width: 100 },
              ...(['expected', 'received', 'onTime', 'late', 'missing', 'pending'] as const).map((k) => ({
                title: t(`completeness.${k}`),
                render: (_: unknown, p: (typeof byPeriod.data)[number]) => p.counts[k],
              })),
              {
                title: t('completeness.completenessRate'),
                render: (_: unknown, p) => rate(p.counts.completenessRate),
              },
              {
                title: t('completeness.timelinessRate'),
                render: (_: unknown, p) => rate(p.counts.timelinessRate),
              },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}
