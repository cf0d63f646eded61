/** The entry form per data set × org unit × period, for a clerk of a facility or a statistician. */
import { Alert, Card, Select, Space, Table, Tag, Typography } from 'antd';
import type { DataElement } from '@weijian/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDataSets, useEntryForm, useOrgUnits } from '../api/data';
import { useCatalogue, useMe } from '../api/hooks';
import { EntryCell } from '../components/EntryCell';
import { ErrorAlert } from '../components/ErrorAlert';
import { SubmitReportBar } from '../components/SubmitReportBar';
import { formatDateTime, todayIn } from '../format';
import { pick } from '../i18n';

// The browser's clock only chooses which period the form opens on (this month in Beijing time);
// nothing is computed from it.
const [THIS_YEAR = 2026, THIS_MONTH = 1] = todayIn().split('-').map(Number);
const YEARS = Array.from({ length: 12 }, (_, i) => THIS_YEAR - 10 + i);

export function DataEntryPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const me = useMe().data;
  const dataSets = useDataSets();
  const units = useOrgUnits();
  const catalogue = useCatalogue();
  const [dataSet, setDataSet] = useState<string>();
  const [orgUnit, setOrgUnit] = useState<string | undefined>(me?.orgUnitCode);
  const [year, setYear] = useState(THIS_YEAR);
  const [month, setMonth] = useState(THIS_MONTH);
  const ds = dataSets.data?.find((d) => d.code === dataSet);
  const period = ds
    ? ds.periodType === 'month'
      ? `${year}${String(month).padStart(2, '0')}`
      : ds.periodType === 'quarter'
        ? `${year}Q${Math.ceil(month / 3)}`
        : String(year)
    : undefined;
  const form = useEntryForm(dataSet, orgUnit, period);
  const elements = useMemo(() => {
    const byCode = new Map((catalogue.data?.dataElements ?? []).map((d) => [d.code, d]));
    return (ds?.elements ?? []).map((c) => byCode.get(c)).filter((d): d is DataElement => d !== undefined);
  }, [ds, catalogue.data]);
  const values = new Map((form.data?.values ?? []).map((v) => [v.element, v]));
  const rules = new Map((catalogue.data?.validationRules ?? []).map((r) => [r.code, r]));
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('entry.title')}
      </Typography.Title>
      <Card size="small">
        <Space wrap>
          <Select
            aria-label={t('entry.dataSet')}
            placeholder={t('entry.dataSet')}
            style={{ width: 260 }}
            value={dataSet}
            onChange={setDataSet}
            options={(dataSets.data ?? []).map((d) => ({ value: d.code, label: pick(d.name, lang) }))}
          />
          <Select
            aria-label={t('entry.orgUnit')}
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 280 }}
            value={orgUnit}
            onChange={setOrgUnit}
            options={(units.data ?? []).map((u) => ({ value: u.code, label: `${u.name} (${u.code})` }))}
          />
          <Select
            aria-label={t('entry.year')}
            style={{ width: 100 }}
            value={year}
            onChange={setYear}
            // Twelve options: render them all so every one is reachable, whichever is selected.
            virtual={false}
            options={YEARS.map((y) => ({ value: y, label: String(y) }))}
          />
          {ds?.periodType !== 'year' && (
            <Select
              aria-label={t('entry.month')}
              style={{ width: 90 }}
              value={month}
              onChange={setMonth}
              virtual={false}
              options={Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: String(i + 1) }))}
            />
          )}
          {period && <Tag>{period}</Tag>}
        </Space>
      </Card>
      <ErrorAlert error={form.error} />
      {form.data?.lock && (
        <Alert
          type="warning"
          showIcon
          title={t('entry.locked', { unit: form.data.lock.orgUnit, by: form.data.lock.approvedBy })}
        />
      )}
      {form.data && form.data.ruleFailures.length > 0 && (
        <Alert
          type="error"
          showIcon
          title={t('entry.ruleFailures')}
          description={
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {form.data.ruleFailures.map((f) => (
                <li key={f.rule}>
                  {pick(rules.get(f.rule)?.name, lang)} ({f.left ?? '—'} / {f.right ?? '—'})
                </li>
              ))}
            </ul>
          }
        />
      )}
      {ds && orgUnit && period && form.data && (
        <SubmitReportBar dataSet={ds.code} orgUnit={orgUnit} period={period} />
      )}
      {ds && orgUnit && period && form.data && (
        <Table<DataElement>
          rowKey="code"
          size="small"
          pagination={false}
          dataSource={elements}
          columns={[
            { title: t('entry.element'), render: (_: unknown, d) => pick(d.name, lang) },
            { title: t('entry.code'), dataIndex: 'code', width: 220 },
            {
              title: t('entry.value'),
              width: 240,
              render: (_: unknown, d) => (
                <EntryCell
                  element={d}
                  orgUnit={orgUnit}
                  period={period}
                  initial={values.get(d.code)?.value ?? null}
                  disabled={form.data?.lock !== null}
                  onSaved={() => void form.refetch()}
                />
              ),
            },
            {
              title: t('entry.storedBy'),
              width: 280,
              render: (_: unknown, d) => {
                const v = values.get(d.code);
                return v ? `${v.storedBy} · ${t(`sources.${v.source}`)} · ${formatDateTime(v.storedAt)}` : '';
              },
            },
          ]}
        />
      )}
    </Space>
  );
}
