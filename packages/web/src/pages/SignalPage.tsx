/** One signal: its evidence from each stream with the expected-versus-observed curve, and its triage. */
import { Card, Descriptions, Space, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { localToday, useDiseases, useSignal } from '../api/surveillance';
import { EpiCurve } from '../components/EpiCurve';
import { ErrorAlert } from '../components/ErrorAlert';
import { SignalWorkflow } from '../components/SignalWorkflow';
import { LevelTag, StatusTag, methodName, topicName } from '../components/surveillance-labels';
import { SyntheticTag } from '../components/SyntheticTag';
import { formatProbability } from '../format';
import { pick } from '../i18n';

const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toFixed(2));

export function SignalPage() {
  const { t, i18n } = useTranslation();
  const id = Number(useParams().id);
  const detail = useSignal(id);
  const diseases = useDiseases(localToday());
  const names = useMemo(
    () => new Map((diseases.data?.inForce ?? []).map((d) => [d.code, d.name])),
    [diseases.data]
  );
  const s = detail.data?.signal;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Link to="/surveillance">← {t('surveillance.board')}</Link>
      <ErrorAlert error={detail.error} />
      {s && (
        <>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {s.unitName} · {topicName(s.topic, i18n.language, names)} · {s.signalDate}{' '}
            <SyntheticTag synthetic={s.synthetic} />
          </Typography.Title>
          <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered>
            <Descriptions.Item label={t('surveillance.levelTitle')}>
              <LevelTag level={s.level} escalated={s.escalated} />
            </Descriptions.Item>
            <Descriptions.Item label={t('surveillance.statusTitle')}>
              <StatusTag status={s.status} /> {s.outcome ? t(`surveillance.outcome.${s.outcome}`) : ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('surveillance.method')}>
              {methodName(s.algorithm, t)}
            </Descriptions.Item>
          </Descriptions>
          {detail.data?.evidence.map((e, i) => {
            const c = e.curve;
            const baseline = c?.baselineObserved ?? [];
            // The detector lists its baseline by season window, not by date: say the range from earlier to later.
            const baselineDates = [...(c?.baselineDates ?? [])].sort();
            return (
              <Card
                key={i}
                size="small"
                title={`${t(`surveillance.stream.${e.stream}`)} · ${topicName(e.topic, i18n.language, names)} · ${e.date}`}
              >
                <Typography.Paragraph data-testid="signal-explanation">
                  {t('surveillance.explanation', {
                    method: methodName(e.algorithm, t),
                    observed: e.observed,
                    expected: fmt(e.expected),
                    upper: fmt(e.upperbound),
                    p: formatProbability(e.pValue),
                    q: formatProbability(e.qValue),
                  })}
                  {e.reason ? ` — ${pick(e.reason, i18n.language)}` : ''}
                </Typography.Paragraph>
                {c && baseline.length > 0 && (
                  <Typography.Paragraph type="secondary" data-testid="signal-baseline">
                    {t('surveillance.baseline', {
                      n: baseline.length,
                      from: baselineDates[0],
                      to: baselineDates.at(-1),
                      mean: (baseline.reduce((a, b) => a + b, 0) / baseline.length).toFixed(2),
                    })}
                  </Typography.Paragraph>
                )}
                {c && (
                  <EpiCurve
                    curve={c}
                    synthetic={s.synthetic}
                    label={`${t(`surveillance.stream.${e.stream}`)} · ${topicName(e.topic, i18n.language, names)}`}
                  />
                )}
              </Card>
            );
          })}
          <SignalWorkflow id={id} status={s.status} events={detail.data?.events ?? []} />
        </>
      )}
    </Space>
  );
}
