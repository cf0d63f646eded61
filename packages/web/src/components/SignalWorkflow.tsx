/** Triage of a signal: the steps the workflow allows from here, an outcome when closing, and the history. */
import { Button, Card, Form, Input, Select, Space, Timeline } from 'antd';
import {
  can,
  SIGNAL_OUTCOMES,
  SIGNAL_TRANSITIONS,
  type SignalDetail,
  type SignalStatusName,
} from '@weijian/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../api/hooks';
import { useTransition } from '../api/surveillance';
import { formatDateTime } from '../format';
import { ErrorAlert } from './ErrorAlert';
import { StatusTag } from './surveillance-labels';

export function SignalWorkflow({
  id,
  status,
  events,
}: {
  id: number;
  status: SignalStatusName;
  events: SignalDetail['events'];
}) {
  const { t } = useTranslation();
  const me = useMe().data;
  const step = useTransition(id);
  const next = SIGNAL_TRANSITIONS[status];
  const [to, setTo] = useState<SignalStatusName | undefined>(undefined);
  const [outcome, setOutcome] = useState<(typeof SIGNAL_OUTCOMES)[number] | undefined>(undefined);
  const [note, setNote] = useState('');
  const allowed = me ? can(me.role, 'surveillance:triage') : false;
  return (
    <Card size="small" title={t('surveillance.workflow')}>
      {allowed && next.length > 0 && (
        <Form
          layout="inline"
          onFinish={() => {
            if (!to) return;
            step.mutate(
              { to, ...(outcome ? { outcome } : {}), ...(note ? { note } : {}) },
              {
                onSuccess: () => {
                  setTo(undefined);
                  setOutcome(undefined);
                  setNote('');
                },
              }
            );
          }}
        >
          <Form.Item label={t('surveillance.next')}>
            <Select
              aria-label={t('surveillance.next')}
              style={{ width: 160 }}
              value={to}
              onChange={setTo}
              options={next.map((s) => ({ value: s, label: t(`surveillance.status.${s}`) }))}
            />
          </Form.Item>
          {to === 'closed' && (
            <Form.Item label={t('surveillance.outcomeTitle')}>
              <Select
                aria-label={t('surveillance.outcomeTitle')}
                style={{ width: 160 }}
                value={outcome}
                onChange={setOutcome}
                options={SIGNAL_OUTCOMES.map((o) => ({ value: o, label: t(`surveillance.outcome.${o}`) }))}
              />
            </Form.Item>
          )}
          <Form.Item label={t('surveillance.note')}>
            <Input
              aria-label={t('surveillance.note')}
              value={note}
              onChange={(e) => {
                setNote(e.target.value);
              }}
              style={{ width: 240 }}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={step.isPending} disabled={!to}>
            {t('surveillance.submit')}
          </Button>
        </Form>
      )}
      <ErrorAlert error={step.error} />
      <Space orientation="vertical" style={{ marginTop: 16, width: '100%' }}>
        <strong>{t('surveillance.history')}</strong>
        <Timeline
          items={events.map((e) => ({
            content: (
              <span>
                {formatDateTime(e.at)} · {e.actor}: <StatusTag status={e.fromStatus} /> →{' '}
                <StatusTag status={e.toStatus} />
                {e.outcome ? ` ${t(`surveillance.outcome.${e.outcome}`)}` : ''}
                {e.note ? ` — ${e.note}` : ''}
              </span>
            ),
          }))}
        />
      </Space>
    </Card>
  );
}
