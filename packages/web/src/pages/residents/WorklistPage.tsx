/**
 * The worklist of a station (or a unit above it): due and overdue contacts sorted by due date as
 * the server gives them, overdue rows highlighted, paged. ↑ ↓ move between rows; Enter or a click
 * opens the visit form of that resident and programme.
 */
import { Checkbox, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { WorklistRow } from '@weijian/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useMe } from '../../api/hooks';
import { useRuleSets, useWorklist } from '../../api/residents';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SyntheticTag } from '../../components/SyntheticTag';
import { todayIn } from '../../format';
import { pick } from '../../i18n';

const PAGE_SIZE = 20;

export function WorklistPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const me = useMe().data;
  const navigate = useNavigate();
  const [unit, setUnit] = useState<string | undefined>(undefined);
  const [programme, setProgramme] = useState<string | undefined>(undefined);
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [page, setPage] = useState(1);
  const list = useWorklist({
    unit: unit ?? me?.orgUnitCode,
    programme,
    overdueOnly,
    page,
    pageSize: PAGE_SIZE,
  });
  const rules = useRuleSets(me?.orgUnitCode, todayIn());
  const body = useRef<HTMLDivElement>(null);
  const open = (r: WorklistRow) =>
    void navigate(`/residents/${r.residentId}/visit/${r.programme}`, { state: { from: 'worklist' } });
  const focusRow = (i: number) => {
    const rows = body.current?.querySelectorAll<HTMLElement>('tr.ant-table-row');
    rows?.[Math.max(0, Math.min(i, rows.length - 1))]?.focus();
  };
  const programmeName = (code: string) => pick(rules.data?.find((r) => r.code === code)?.name, lang) || code;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('res.worklist.title')}
      </Typography.Title>
      <Space wrap>
        <Input.Search
          aria-label={t('res.worklist.unit')}
          placeholder={me?.orgUnitCode}
          style={{ width: 200 }}
          allowClear
          onSearch={(v) => {
            setUnit(v.trim() || undefined);
            setPage(1);
          }}
        />
        <Select
          aria-label={t('res.worklist.programme')}
          allowClear
          placeholder={t('res.worklist.allProgrammes')}
          style={{ width: 240 }}
          value={programme}
          onChange={(v) => {
            setProgramme(v);
            setPage(1);
          }}
          options={(rules.data ?? []).map((r) => ({ value: r.code, label: pick(r.name, lang) }))}
        />
        <Checkbox
          checked={overdueOnly}
          onChange={(e) => {
            setOverdueOnly(e.target.checked);
            setPage(1);
          }}
        >
          {t('res.worklist.overdueOnly')}
        </Checkbox>
        <Typography.Text type="secondary">{t('res.worklist.keyboard')}</Typography.Text>
      </Space>
      <ErrorAlert error={list.error} />
      <div ref={body} data-testid="worklist">
        <Table<WorklistRow>
          rowKey={(r) => `${r.residentId}-${r.programme}-${r.item}`}
          size="small"
          loading={list.isFetching}
          dataSource={list.data?.rows ?? []}
          locale={{ emptyText: t('res.worklist.empty') }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            onChange: setPage,
            showTotal: (total) => t('res.worklist.total', { total, asOf: list.data?.asOf ?? '' }),
          }}
          rowClassName={(r) => (r.overdue ? 'wj-overdue' : '')}
          onRow={(r, i) => ({
            tabIndex: 0,
            style: { cursor: 'pointer' },
            onClick: () => open(r),
            onKeyDown: (e) => {
              if (e.key === 'Enter') open(r);
              else if (e.key === 'ArrowDown') {
                e.preventDefault();
                focusRow((i ?? 0) + 1);
              } else if (e.key === 'ArrowUp') {
                e.preventDefault();
                focusRow((i ?? 0) - 1);
              }
            },
          })}
          columns={[
            {
              title: t('res.worklist.resident'),
              render: (_: unknown, r) => (
                <>
                  {r.name} · {t(`res.sex.${r.sex as 'M' | 'F' | 'U'}`)} · {r.birthDate}{' '}
                  <SyntheticTag synthetic={r.synthetic} />
                </>
              ),
            },
            { title: t('res.worklist.programme'), render: (_: unknown, r) => programmeName(r.programme) },
            { title: t('res.worklist.item'), render: (_: unknown, r) => pick(r.itemName, lang) },
            { title: t('res.worklist.due'), dataIndex: 'due' },
            {
              title: t('res.worklist.state'),
              render: (_: unknown, r) =>
                r.overdue ? (
                  <Tag color="red">{t('res.worklist.overdue', { days: r.daysOverdue })}</Tag>
                ) : (
                  <Tag color="blue">{t('res.worklist.dueSoon')}</Tag>
                ),
            },
            { title: t('res.worklist.facility'), dataIndex: 'facility' },
          ]}
        />
      </div>
    </Space>
  );
}
