/** Import a spreadsheet of values: check it first (every change and every error), then import. */
import { Alert, Button, Card, Progress, Select, Space, Table, Typography, Upload } from 'antd';
import { formatDuration, VALUE_SOURCES } from '@weijian/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  useDataSets,
  useImportValues,
  useOrgUnits,
  type ImportProgress,
  type WriteResult,
} from '../api/data';
import { ErrorAlert } from '../components/ErrorAlert';
import { pick } from '../i18n';

/** The headers of the fill-in template (数据元编码 …) and the DHIS2 export columns also accepted. */
const TEMPLATE_COLUMNS = ['数据元编码', '机构编码', '期间', '数值', '分类', '备注'];
const DHIS2_COLUMNS = ['dataelement', 'orgunit', 'period', 'value'];

export function DataImportPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const [file, setFile] = useState<File | null>(null);
  const [source, setSource] = useState('facility');
  const [tpl, setTpl] = useState<{ ds?: string; ou?: string; pe: string }>({ pe: '' });
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const run = useImportValues(setProgress);
  const dataSets = useDataSets();
  const units = useOrgUnits();
  const result: WriteResult | undefined = run.data;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('dataImport.title')}
      </Typography.Title>
      <Card size="small" title={t('dataImport.template')}>
        <Space wrap>
          <Select
            aria-label={t('entry.dataSet')}
            placeholder={t('entry.dataSet')}
            style={{ width: 240 }}
            value={tpl.ds}
            onChange={(ds: string) => setTpl({ ...tpl, ds })}
            options={(dataSets.data ?? []).map((d) => ({
              value: d.code,
              label: pick(d.name, i18n.language),
            }))}
          />
          <Select
            aria-label={t('entry.orgUnit')}
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 240 }}
            value={tpl.ou}
            onChange={(ou: string) => setTpl({ ...tpl, ou })}
            options={(units.data ?? [])
              .filter((u) => u.level !== 'facility')
              .map((u) => ({ value: u.code, label: u.name }))}
          />
          <input
            aria-label={t('dataImport.period')}
            placeholder="2024 / 202403"
            value={tpl.pe}
            onChange={(e) => setTpl({ ...tpl, pe: e.target.value })}
            style={{ width: 120, padding: 4 }}
          />
          <Button
            disabled={!tpl.ds || !tpl.ou || !tpl.pe}
            href={`/api/dataSets/${tpl.ds ?? ''}/template.xlsx?ou=${tpl.ou ?? ''}&pe=${tpl.pe}`}
          >
            {t('dataImport.download')}
          </Button>
        </Space>
      </Card>
      <Card size="small">
        <Space wrap>
          <Upload
            accept=".csv,.xlsx"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              run.reset();
              return false;
            }}
            onRemove={() => setFile(null)}
          >
            <Button>{t('importForm.choose')}</Button>
          </Upload>
          <Select
            aria-label={t('dataImport.source')}
            style={{ width: 180 }}
            value={source}
            onChange={setSource}
            options={VALUE_SOURCES.map((s) => ({ value: s, label: t(`sources.${s}`) }))}
          />
          <Button
            disabled={!file}
            loading={run.isPending && run.variables.dryRun}
            onClick={() => file && run.mutate({ file, dryRun: true, source })}
          >
            {t('dataImport.check')}
          </Button>
          <Button
            type="primary"
            disabled={!file || !result?.dryRun}
            loading={run.isPending && !run.variables.dryRun}
            onClick={() => file && run.mutate({ file, dryRun: false, source })}
          >
            {t('dataImport.import')}
          </Button>
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {/* Column names are literal headers: the template's are Chinese on every screen, DHIS2's English. */}
          {t('dataImport.columns')}
          {TEMPLATE_COLUMNS.map((c, i) => (
            <span key={c}>
              {i > 0 ? (en ? ', ' : '、') : ''}
              <Typography.Text code lang="zh-CN">
                {c}
              </Typography.Text>
            </span>
          ))}
          {en ? '. ' : '。'}
          {t('dataImport.dhis2')}
          {DHIS2_COLUMNS.map((c, i) => (
            <span key={c}>
              {i > 0 ? (en ? ', ' : '、') : ''}
              <Typography.Text code lang="en">
                {c}
              </Typography.Text>
            </span>
          ))}
          {en ? '. ' : '。'}
          {t('dataImport.help')}
        </Typography.Paragraph>
      </Card>
      {progress && (
        <Card size="small" data-testid="import-progress">
          <Progress
            percent={progress.total ? Math.floor((progress.done / progress.total) * 100) : 0}
            status="active"
          />
          <Typography.Text type="secondary">
            {t('dataImport.progress', { done: progress.done, total: progress.total ?? '…' })}
            {progress.remainingSeconds !== null &&
              t('dataImport.remaining', {
                time: formatDuration(progress.remainingSeconds, en ? 'en' : 'zh'),
              })}
          </Typography.Text>
        </Card>
      )}
      {run.error && <ErrorAlert error={run.error} title={t('importForm.errors')} />}
      {result && (
        <>
          <Alert
            type={result.dryRun ? 'info' : 'success'}
            showIcon
            title={t(result.dryRun ? 'dataImport.checked' : 'dataImport.done', {
              rows: result.rows,
              created: result.created,
              updated: result.updated,
              deleted: result.deleted,
              unchanged: result.unchanged,
            })}
          />
          {result.ruleFailures.length > 0 && (
            <Alert
              type="warning"
              showIcon
              title={t('entry.ruleFailures')}
              description={result.ruleFailures
                .slice(0, 20)
                .map((f) => `${f.orgUnit} ${f.period}: ${pick(f.name, i18n.language)}`)
                .join('；')}
            />
          )}
          <Table
            rowKey={(r) => `${r.row}`}
            size="small"
            dataSource={result.changes}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            columns={[
              { title: t('importForm.rowColumn'), dataIndex: 'row', width: 70 },
              { title: t('entry.code'), dataIndex: 'element' },
              { title: t('entry.orgUnit'), dataIndex: 'orgUnit' },
              { title: t('dataImport.period'), dataIndex: 'period' },
              { title: t('dataImport.old'), dataIndex: 'old' },
              { title: t('dataImport.new'), dataIndex: 'new' },
              {
                title: t('dataImport.action'),
                dataIndex: 'action',
                render: (a: string) => t(`dataImport.actions.${a}`),
              },
            ]}
          />
        </>
      )}
    </Space>
  );
}
