/** Break-the-glass reads awaiting review: who read which record, when and why; the reviewer's finding. */
import { Button, Input, Space, Table, Typography } from 'antd';
import type { RecordReadView } from '@weijian/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useReadsToReview, useReviewRead } from '../../api/residents';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../format';

export function ReadsReviewPage() {
  const { t, i18n } = useTranslation();
  const reads = useReadsToReview();
  const review = useReviewRead();
  const [notes, setNotes] = useState<Record<number, string>>({});
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('res.reads.title')}
      </Typography.Title>
      <ErrorAlert error={reads.error ?? review.error} />
      <div data-testid="reads-review">
        <Table<RecordReadView>
          rowKey="id"
          size="small"
          loading={reads.isLoading}
          dataSource={reads.data ?? []}
          locale={{ emptyText: t('res.reads.empty') }}
          columns={[
            { title: t('res.reads.at'), dataIndex: 'at', render: (v: string) => formatDateTime(v) },
            { title: t('res.reads.actor'), dataIndex: 'actor' },
            {
              title: t('res.reads.resident'),
              dataIndex: 'residentId',
              render: (v: number) => <Link to={`/residents/${v}?purpose=quality_review`}>{v}</Link>,
            },
            {
              title: t('res.reads.purpose'),
              dataIndex: 'purpose',
              // Stored as `purpose：reason`; the purpose is a code, the reason the reader's own words.
              render: (v: string) => {
                const [code = '', ...reason] = v.split('：');
                const name = i18n.exists(`res.purpose.${code}`) ? t(`res.purpose.${code}`) : code;
                return reason.length > 0 ? `${name}${t('res.record.colon')}${reason.join('：')}` : name;
              },
            },
            {
              title: t('res.reads.note'),
              render: (_: unknown, r) => (
                <Input
                  aria-label={t('res.reads.note')}
                  value={notes[r.id] ?? ''}
                  maxLength={500}
                  onChange={(e) => setNotes({ ...notes, [r.id]: e.target.value })}
                />
              ),
            },
            {
              title: '',
              render: (_: unknown, r) => (
                <Space>
                  {(['justified', 'unjustified'] as const).map((finding) => (
                    <Button
                      key={finding}
                      size="small"
                      danger={finding === 'unjustified'}
                      onClick={() =>
                        review.mutate({
                          id: r.id,
                          finding,
                          ...(notes[r.id]?.trim() ? { note: notes[r.id]?.trim() } : {}),
                        })
                      }
                    >
                      {t(`res.reads.${finding}`)}
                    </Button>
                  ))}
                </Space>
              ),
            },
          ]}
        />
      </div>
    </Space>
  );
}
