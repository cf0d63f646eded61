/**
 * The duplicate review queue: each possible pair side by side (both records read with the purpose
 * "duplicate review", so the reads are logged), the matcher's evidence, and the decision: different
 * people, or merge one record into the other with a reason.
 */
import { Button, Card, Col, Descriptions, Empty, Form, Input, Row, Space, Typography } from 'antd';
import type { MatchCandidateView } from '@weijian/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDecideDuplicate, useDuplicateQueue, useResident } from '../../api/residents';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SyntheticTag } from '../../components/SyntheticTag';
import { pick } from '../../i18n';

const ACCESS = { purpose: 'duplicate_review' };

function Side({ id }: { id: number }) {
  const { t } = useTranslation();
  const r = useResident(id, ACCESS);
  return (
    <Card size="small" title={t('res.duplicates.left', { id })} data-testid="duplicate-side">
      <ErrorAlert error={r.error} />
      {r.data && (
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('res.fields.name')}>
            {r.data.name} <SyntheticTag synthetic={r.data.synthetic} />
          </Descriptions.Item>
          <Descriptions.Item label={t('res.fields.sex')}>{t(`res.sex.${r.data.sex}`)}</Descriptions.Item>
          <Descriptions.Item label={t('res.fields.birthDate')}>{r.data.birthDate}</Descriptions.Item>
          {r.data.identifiers.map((x) => (
            <Descriptions.Item key={`${x.kind}-${x.value}`} label={t(`res.idKinds.${x.kind}`)}>
              {x.value}
            </Descriptions.Item>
          ))}
          <Descriptions.Item label={t('res.fields.phone')}>{r.data.phone ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('res.fields.address')}>{r.data.address ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('res.fields.homeUnit')}>{r.data.homeUnit}</Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}

function Pair({ c }: { c: MatchCandidateView }) {
  const { t, i18n } = useTranslation();
  const decide = useDecideDuplicate();
  const [merging, setMerging] = useState<number | null>(null);
  return (
    <Card
      data-testid="duplicate-pair"
      title={t('res.duplicates.score', { score: c.score.toFixed(2) })}
      extra={
        <Space>
          <Button onClick={() => decide.mutate({ id: c.id, body: { decision: 'distinct' } })}>
            {t('res.duplicates.distinct')}
          </Button>
          <Button onClick={() => setMerging(c.bId)}>{t('res.duplicates.mergeInto', { id: c.aId })}</Button>
          <Button onClick={() => setMerging(c.aId)}>{t('res.duplicates.mergeInto', { id: c.bId })}</Button>
        </Space>
      }
    >
      <Row gutter={16}>
        <Col span={12}>
          <Side id={c.aId} />
        </Col>
        <Col span={12}>
          <Side id={c.bId} />
        </Col>
      </Row>
      <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0 }}>
        <strong>
          {t('res.duplicates.reasons')}
          {t('res.record.colon')}
        </strong>
        {c.reasons.map((x) => pick(x, i18n.language)).join(i18n.language.startsWith('en') ? '; ' : '；')}
      </Typography.Paragraph>
      {merging !== null && (
        <Form
          layout="inline"
          style={{ marginTop: 12 }}
          onFinish={(v: { reason: string }) =>
            decide.mutate({
              id: c.id,
              body: { decision: 'merge', mergedId: merging, reason: v.reason.trim() },
            })
          }
        >
          <Form.Item
            name="reason"
            label={t('res.duplicates.reason')}
            rules={[{ required: true, whitespace: true, message: t('res.duplicates.reasonRequired') }]}
          >
            <Input autoFocus style={{ width: 320 }} maxLength={500} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={decide.isPending}>
            {t('res.duplicates.confirm')}
          </Button>
        </Form>
      )}
      <ErrorAlert error={decide.error} />
    </Card>
  );
}

export function DuplicatesPage() {
  const { t } = useTranslation();
  const queue = useDuplicateQueue();
  const open = (queue.data ?? []).filter((c) => c.status === 'open');
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('res.duplicates.title')}
      </Typography.Title>
      <ErrorAlert error={queue.error} />
      {queue.data && open.length === 0 && <Empty description={t('res.duplicates.empty')} />}
      {open.map((c) => (
        <Pair key={c.id} c={c} />
      ))}
    </Space>
  );
}
