/**
 * One programme on a resident's page: a timeline of enrolments and events, newest first (voided
 * events kept and marked), what is due next, this year's rules met or not, and — for roles that
 * record services — the links to record, correct or void.
 */
import { Button, Card, Form, Input, Modal, Space, Tag, Timeline, Typography } from 'antd';
import type { EventView, ProgrammeTimeline } from '@weijian/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useRuleSets, useVoidEvent } from '../../api/residents';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fieldDef, formatFieldValue } from '../../components/programme-fields';
import { pick } from '../../i18n';
import { DueList } from './DueList';

interface Entry {
  key: string;
  date: string;
  /** Enrolment lines sort before events of the same day when read newest first. */
  order: number;
  node: React.ReactNode;
  color: string;
}

export function ProgrammeCard({
  residentId,
  homeUnit,
  today,
  timeline,
  mayWrite,
  lang,
}: {
  residentId: number;
  homeUnit: string;
  today: string;
  timeline: ProgrammeTimeline;
  mayWrite: boolean;
  lang: string;
}) {
  const { t } = useTranslation();
  const rules = useRuleSets(homeUnit, today);
  const ruleSet = rules.data?.find((r) => r.code === timeline.programme);
  const [voiding, setVoiding] = useState<EventView | null>(null);
  const voidEvent = useVoidEvent(residentId);
  const yesNo = { yes: t('res.visit.yes'), no: t('res.visit.no') };
  const sep = lang.startsWith('en') ? '; ' : '；';

  const entries: Entry[] = [];
  for (const e of timeline.enrolments) {
    entries.push({
      key: `s${e.id}`,
      date: e.start,
      order: 0,
      color: 'green',
      node: <span>{t('res.record.enrolled', { facility: e.facility })}</span>,
    });
    if (e.end) {
      const reason = ruleSet?.endReasons.find((x) => x.code === e.endReason)?.name;
      entries.push({
        key: `e${e.id}`,
        date: e.end,
        order: 2,
        color: 'gray',
        node: <span>{t('res.record.ended', { reason: pick(reason, lang) || (e.endReason ?? '') })}</span>,
      });
    }
  }
  for (const ev of timeline.events) {
    const type = ruleSet?.eventTypes.find((x) => x.code === ev.type);
    // In the order of the rule set's form; fields it no longer lists come last.
    const order = (type?.fields ?? []).map((f) => f.code);
    const rank = (c: string) => (order.includes(c) ? order.indexOf(c) : order.length);
    const values = Object.entries(ev.fields)
      .sort(([a], [b]) => rank(a) - rank(b))
      .map(([code, v]) => {
        const def = fieldDef(ruleSet, ev.type, code);
        const text = formatFieldValue(def, v, lang, yesNo);
        return text === null ? null : `${pick(def?.name, lang) || code}${t('res.record.colon')}${text}`;
      })
      .filter((x): x is string => x !== null);
    entries.push({
      key: `v${ev.id}`,
      date: ev.date,
      order: 1,
      color: ev.voided ? 'red' : 'blue',
      node: (
        <div data-testid="programme-event">
          <Space wrap>
            <Typography.Text strong delete={ev.voided}>
              {pick(type?.name, lang) || ev.type}
            </Typography.Text>
            {ev.voided && <Tag color="red">{t('res.record.voided', { reason: ev.voidReason ?? '' })}</Tag>}
            {mayWrite && !ev.voided && (
              <>
                <Link to={`/residents/${residentId}/visit/${timeline.programme}?event=${ev.id}`}>
                  {t('res.record.correct')}
                </Link>
                <Button size="small" type="link" danger onClick={() => setVoiding(ev)}>
                  {t('res.record.void')}
                </Button>
              </>
            )}
          </Space>
          <div>{values.join(sep)}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('res.record.recordedBy', { who: ev.recordedBy, facility: ev.facility })}
          </Typography.Text>
        </div>
      ),
    });
  }
  // Newest first; on one day the end comes first, then the events, then the enrolment.
  entries.sort((a, b) => (a.date === b.date ? b.order - a.order : a.date < b.date ? 1 : -1));

  return (
    <Card
      size="small"
      data-testid={`programme-${timeline.programme}`}
      title={pick(timeline.name, lang)}
      extra={
        mayWrite && timeline.nextDue.active ? (
          <Link to={`/residents/${residentId}/visit/${timeline.programme}`}>
            {t('res.record.recordVisit')}
          </Link>
        ) : undefined
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <DueList due={timeline.nextDue} lang={lang} />
        {timeline.thisYear.length > 0 && (
          <div data-testid="this-year">
            <Typography.Text strong>
              {t('res.record.thisYear')}
              {t('res.record.colon')}
            </Typography.Text>
            {timeline.thisYear.map((m) => (
              <div key={`${m.element}-${m.period}`}>
                <Tag color={m.met ? 'green' : 'orange'}>
                  {t(m.met ? 'res.record.met' : 'res.record.notMet')}
                </Tag>
                {pick(m.reason, lang)}
              </div>
            ))}
          </div>
        )}
        <Timeline
          items={entries.map((e) => ({
            key: e.key,
            color: e.color,
            content: (
              <div>
                <Typography.Text type="secondary">{e.date}</Typography.Text> {e.node}
              </div>
            ),
          }))}
        />
      </Space>
      <Modal
        open={voiding !== null}
        title={t('res.record.voidTitle')}
        footer={null}
        destroyOnHidden
        onCancel={() => {
          setVoiding(null);
          voidEvent.reset();
        }}
      >
        <Form
          layout="vertical"
          onFinish={(v: { reason: string }) => {
            if (!voiding) return;
            voidEvent.mutate(
              { eventId: voiding.id, body: { version: voiding.version, reason: v.reason.trim() } },
              { onSuccess: () => setVoiding(null) }
            );
          }}
        >
          <Form.Item
            name="reason"
            label={t('res.record.voidReason')}
            rules={[{ required: true, whitespace: true, message: t('res.breakGlass.required') }]}
          >
            <Input autoFocus maxLength={500} />
          </Form.Item>
          <ErrorAlert error={voidEvent.error} />
          <Button danger htmlType="submit" loading={voidEvent.isPending}>
            {t('res.record.voidSubmit')}
          </Button>
        </Form>
      </Modal>
    </Card>
  );
}
