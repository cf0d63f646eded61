/** Resident search by ID number, phone or name (+ birth date); results masked unless the role may see identifiers. */
import { Alert, Button, Form, Input, Space, Table, Typography } from 'antd';
import type { ResidentSummary } from '@weijian/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { useResidentSearch } from '../../api/residents';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SyntheticTag } from '../../components/SyntheticTag';

export function ResidentsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const text = params.get('q') ?? '';
  const birthDate = params.get('birthDate') ?? undefined;
  const [form] = Form.useForm<{ q: string; birthDate?: string }>();
  const search = useResidentSearch(text, birthDate);
  const [active, setActive] = useState(0);
  const rows = search.data?.residents ?? [];
  const open = (r: ResidentSummary) => void navigate(`/residents/${r.id}`);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('res.search.title')}
      </Typography.Title>
      <Form
        form={form}
        layout="inline"
        initialValues={{ q: text, birthDate }}
        onFinish={(v) => {
          const next = new URLSearchParams();
          next.set('q', v.q.trim());
          if (v.birthDate?.trim()) next.set('birthDate', v.birthDate.trim());
          setParams(next);
          setActive(0);
        }}
      >
        <Form.Item
          name="q"
          label={t('res.search.query')}
          rules={[{ required: true, whitespace: true, message: t('res.search.hint') }]}
        >
          <Input autoFocus placeholder={t('res.search.placeholder')} style={{ width: 260 }} allowClear />
        </Form.Item>
        <Form.Item
          name="birthDate"
          label={t('res.search.birthDate')}
          rules={[{ pattern: /^\d{4}-\d{2}-\d{2}$/, message: t('res.visit.dateFormat') }]}
        >
          <Input placeholder="YYYY-MM-DD" style={{ width: 140 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('res.search.submit')}
        </Button>
      </Form>
      {!text && <Typography.Text type="secondary">{t('res.search.hint')}</Typography.Text>}
      <ErrorAlert error={search.error} />
      {rows.some((r) => r.masked) && <Alert type="info" showIcon title={t('res.search.maskedNote')} />}
      {text && (
        <div data-testid="resident-results">
          <Table<ResidentSummary>
            rowKey="id"
            size="small"
            loading={search.isFetching}
            dataSource={rows}
            pagination={false}
            locale={{ emptyText: t('res.search.empty') }}
            onRow={(r, i) => ({
              tabIndex: 0,
              className: i === active ? 'wj-row-active' : undefined,
              style: { cursor: 'pointer' },
              onClick: () => open(r),
              onFocus: () => setActive(i ?? 0),
              onKeyDown: (e) => {
                if (e.key === 'Enter') open(r);
              },
            })}
            columns={[
              {
                title: t('res.fields.name'),
                dataIndex: 'name',
                render: (v: string, r) => (
                  <>
                    {v} <SyntheticTag synthetic={r.synthetic} />
                  </>
                ),
              },
              {
                title: t('res.fields.sex'),
                dataIndex: 'sex',
                render: (v: 'M' | 'F' | 'U') => t(`res.sex.${v}`),
              },
              { title: t('res.fields.birthDate'), dataIndex: 'birthDate' },
              {
                title: t('res.fields.idNumber'),
                dataIndex: 'idNumber',
                render: (v: string | null) => v ?? '—',
              },
              { title: t('res.fields.phone'), dataIndex: 'phone', render: (v: string | null) => v ?? '—' },
              { title: t('res.fields.homeUnit'), dataIndex: 'homeUnit' },
              {
                title: t('res.fields.status'),
                dataIndex: 'status',
                render: (v: 'active' | 'merged' | 'moved_away') => t(`res.status.${v}`),
              },
            ]}
          />
        </div>
      )}
    </Space>
  );
}
