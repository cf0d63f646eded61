/** The signal board: today's signals in scope, escalated first, with the alert budget and what outcomes taught. */
import { Alert, Button, Card, Input, Select, Space, Statistic, Table, Typography } from 'antd';
import { can, SIGNAL_STATUSES, type SignalRow } from '@weijian/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useMe } from '../api/hooks';
import { localToday, useDiseases, useRunDetection, useSignals, useSignalStats } from '../api/surveillance';
import { ErrorAlert } from '../components/ErrorAlert';
import { LevelTag, StatusTag, methodName, topicName } from '../components/surveillance-labels';
import { SyntheticTag } from '../components/SyntheticTag';
import { OutcomeTables } from '../components/OutcomeTables';
import { pick } from '../i18n';

const distinct = (values: string[]) => [...new Set(values)].sort();
const fmt = (v: number | null) => (v === null ? '—' : Number(v.toFixed(2)).toString());

export function SurveillancePage() {
  const { t, i18n } = useTranslation();
  const me = useMe().data;
  const navigate = useNavigate();
  const [date, setDate] = useState(localToday());
  // The alert budget: per-series significance and the false-discovery rate across all series.
  const [alpha, setAlpha] = useState(0.01);
  const [fdr, setFdr] = useState(0.05);
  const signals = useSignals();
  const rows = signals.data ?? [];
  const stats = useSignalStats(date);
  const run = useRunDetection();
  const diseases = useDiseases(date);
  const names = useMemo(
    () => new Map((diseases.data?.inForce ?? []).map((d) => [d.code, d.name])),
    [diseases.data]
  );
  const totals = Object.values(stats.data?.byTopic ?? {}).reduce(
    (a, s) => ({ judged: a.judged + s.judged, real: a.real + s.real }),
    { judged: 0, real: 0 }
  );
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap align="center">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('surveillance.title')}
        </Typography.Title>
        <Link to="/surveillance/cases">{t('surveillance.cases')}</Link>
      </Space>
      <Space wrap>
        <span>{t('surveillance.asOf')}</span>
        <Input
          type="date"
          aria-label={t('surveillance.asOf')}
          value={date}
          style={{ width: 160 }}
          onChange={(e) => {
            if (e.target.value) setDate(e.target.value);
          }}
        />
        {me && can(me.role, 'surveillance:triage') && (
          <>
            <Select
              aria-label={t('surveillance.alpha')}
              value={alpha}
              onChange={setAlpha}
              style={{ width: 150 }}
              options={[0.001, 0.005, 0.01, 0.05].map((v) => ({
                value: v,
                label: `${t('surveillance.alpha')} ${v}`,
              }))}
            />
            <Select
              aria-label={t('surveillance.fdr')}
              value={fdr}
              onChange={setFdr}
              style={{ width: 130 }}
              options={[0.01, 0.05, 0.1].map((v) => ({
                value: v,
                label: t('surveillance.fdrOption', { v }),
              }))}
            />
            <Button
              type="primary"
              loading={run.isPending}
              onClick={() => {
                run.mutate({ date, alpha, fdr });
              }}
            >
              {t('surveillance.run')}
            </Button>
          </>
        )}
      </Space>
      <ErrorAlert error={run.error ?? signals.error ?? stats.error} />
      {run.data && (
        <Alert
          type="info"
          showIcon
          title={t('surveillance.runDone', {
            series: run.data.seriesChecked,
            alarms: run.data.alarms,
            signals: run.data.signals,
            created: run.data.created,
            updated: run.data.updated,
            expected: run.data.expectedPerUnitWeek,
          })}
          description={
            run.data.tuned.length > 0 ? (
              <ul style={{ margin: 0, paddingLeft: 20 }}>
                {run.data.tuned.map((x) => (
                  <li key={x.topic}>
                    {topicName(x.topic, i18n.language, names)}: {pick(x.reason, i18n.language)}
                  </li>
                ))}
              </ul>
            ) : undefined
          }
        />
      )}
      <Card size="small">
        <Space size="large" wrap>
          <Statistic title={t('surveillance.perUnitWeek')} value={stats.data?.signalsPerUnitWeek ?? '—'} />
          <Statistic title={t('surveillance.monitoredUnits')} value={stats.data?.monitoredUnits ?? '—'} />
          <Statistic
            title={t('surveillance.ppv')}
            value={
              totals.judged
                ? `${((100 * totals.real) / totals.judged).toFixed(1)}% (${totals.real}/${totals.judged})`
                : '—'
            }
          />
        </Space>
      </Card>
      <OutcomeTables stats={stats.data} names={names} />
      <Table<SignalRow>
        rowKey="id"
        size="small"
        loading={signals.isLoading}
        dataSource={rows}
        locale={{ emptyText: t('surveillance.noSignals') }}
        onRow={(row) => ({
          onClick: () => void navigate(`/surveillance/signals/${row.id}`),
          onKeyDown: (e) => {
            if (e.key === 'Enter') void navigate(`/surveillance/signals/${row.id}`);
          },
          tabIndex: 0,
          style: { cursor: 'pointer' },
        })}
        columns={[
          { title: t('surveillance.date'), dataIndex: 'signalDate', width: 110 },
          {
            title: t('surveillance.unit'),
            dataIndex: 'unitName',
            filters: distinct(rows.map((r) => r.unitName)).map((u) => ({ text: u, value: u })),
            onFilter: (v, r) => r.unitName === v,
          },
          {
            title: t('surveillance.topic'),
            dataIndex: 'topic',
            filters: distinct(rows.map((r) => r.topic)).map((k) => ({
              text: topicName(k, i18n.language, names),
              value: k,
            })),
            onFilter: (v, r) => r.topic === v,
            render: (v: string, r) => (
              <Link to={`/surveillance/signals/${r.id}`}>
                {topicName(v, i18n.language, names)} <SyntheticTag synthetic={r.synthetic} />
              </Link>
            ),
          },
          {
            title: t('surveillance.levelTitle'),
            render: (_: unknown, r) => <LevelTag level={r.level} escalated={r.escalated} />,
          },
          {
            title: t('surveillance.evidence'),
            render: (_: unknown, r) =>
              [...new Set(r.evidence.map((e) => t(`surveillance.stream.${e.stream}`)))].join(' + '),
          },
          { title: t('surveillance.observed'), dataIndex: 'observed', align: 'right' },
          { title: t('surveillance.expected'), dataIndex: 'expected', align: 'right', render: fmt },
          { title: t('surveillance.threshold'), dataIndex: 'upperbound', align: 'right', render: fmt },
          {
            title: t('surveillance.method'),
            dataIndex: 'algorithm',
            render: (a: string) => methodName(a, t),
          },
          {
            title: t('surveillance.statusTitle'),
            dataIndex: 'status',
            filters: SIGNAL_STATUSES.map((st) => ({ text: t(`surveillance.status.${st}`), value: st })),
            onFilter: (v, r) => r.status === v,
            render: (s: string) => <StatusTag status={s} />,
          },
        ]}
      />
    </Space>
  );
}
