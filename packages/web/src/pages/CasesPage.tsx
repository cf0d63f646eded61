/** The case-report list with reporting timeliness; identifiers appear only for roles allowed to see them. */
import { Button, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { can, CASE_TYPE_NAMES, type CaseRow } from '@weijian/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api/client';
import { useMe } from '../api/hooks';
import { localToday, useCases, useDiseases } from '../api/surveillance';
import { ErrorAlert } from '../components/ErrorAlert';
import { SyntheticTag } from '../components/SyntheticTag';
import { formatDateTime } from '../format';
import { pick } from '../i18n';

export function CasesPage() {
  const { t, i18n } = useTranslation();
  const me = useMe().data;
  const qc = useQueryClient();
  const [disease, setDisease] = useState<string | undefined>(undefined);
  const [importError, setImportError] = useState<unknown>(null);
  const cases = useCases(disease);
  const diseases = useDiseases(localToday());
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Link to="/surveillance">← {t('surveillance.board')}</Link>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('surveillance.cases')}
      </Typography.Title>
      <Space wrap>
        <Select
          aria-label={t('surveillance.disease')}
          allowClear
          placeholder={t('surveillance.allDiseases')}
          style={{ width: 220 }}
          value={disease}
          onChange={setDisease}
          options={(diseases.data?.inForce ?? []).map((d) => ({
            value: d.code,
            label: `${pick(d.name, i18n.language)}（${d.class}）`,
          }))}
        />
        {me && can(me.role, 'surveillance:report') && (
          <Upload
            accept=".csv,text/csv"
            showUploadList={false}
            beforeUpload={(file) => {
              const form = new FormData();
              form.append('file', file);
              setImportError(null);
              api('/api/surveillance/cases/import', { method: 'POST', body: form })
                .then(() => qc.invalidateQueries({ queryKey: ['cases'] }))
                .catch(setImportError);
              return false;
            }}
          >
            <Button>{t('surveillance.importCsv')}</Button>
          </Upload>
        )}
      </Space>
      <ErrorAlert error={cases.error ?? importError} />
      <Table<CaseRow>
        rowKey="id"
        size="small"
        loading={cases.isLoading}
        dataSource={cases.data ?? []}
        columns={[
          {
            title: t('surveillance.caseCard'),
            dataIndex: 'cardNo',
            render: (v: string, r) => (
              <>
                {v} <SyntheticTag synthetic={r.synthetic} />
              </>
            ),
          },
          {
            title: t('surveillance.disease'),
            render: (_: unknown, r) => pick(r.diseaseName, i18n.language),
          },
          {
            title: t('surveillance.caseType'),
            dataIndex: 'caseType',
            render: (v: keyof typeof CASE_TYPE_NAMES) => pick(CASE_TYPE_NAMES[v], i18n.language),
          },
          { title: t('surveillance.onset'), dataIndex: 'onsetDate' },
          {
            title: t('surveillance.reported'),
            dataIndex: 'reportedAt',
            render: (v: string) => formatDateTime(v),
          },
          {
            title: t('surveillance.timeliness'),
            render: (_: unknown, r) => (
              <Tag color={r.timeliness.onTime ? 'green' : 'red'}>
                {t(r.timeliness.onTime ? 'surveillance.onTime' : 'surveillance.late', {
                  hours: r.timeliness.hours,
                  limit: r.timeliness.limitHours,
                })}
              </Tag>
            ),
          },
          { title: t('surveillance.reportingUnit'), dataIndex: 'reportingUnitName' },
          { title: t('surveillance.residence'), dataIndex: 'residenceUnitName' },
          ...(me && can(me.role, 'surveillance:identifiers')
            ? [
                {
                  title: t('surveillance.person'),
                  render: (_: unknown, r: CaseRow) =>
                    [r.identifiers?.name, r.identifiers?.phone].filter(Boolean).join(' · '),
                },
              ]
            : []),
        ]}
      />
    </Space>
  );
}
