/** Upload a plan's indicator table: check first (dry run), then import. Errors list rows. */
import { Alert, Button, Checkbox, Form, Input, InputNumber, Modal, Select, Space, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import type { OrgUnitView } from '@weijian/core';
import { api } from '../api/client';
import { useImportPlan, type ImportForm } from '../api/hooks';
import { pick } from '../i18n';
import { ErrorAlert } from './ErrorAlert';

type Values = Omit<ImportForm, 'file'>;

export function ImportPlanModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const importPlan = useImportPlan();
  const units = useQuery({
    queryKey: ['orgunits'],
    queryFn: () => api<OrgUnitView[]>('/api/orgunits'),
    enabled: open,
  });
  const result = importPlan.data;
  return (
    <Modal
      open={open}
      title={t('importForm.title')}
      onCancel={onClose}
      footer={null}
      width={640}
      destroyOnHidden
    >
      <Alert type="info" title={t('importForm.help')} style={{ marginBottom: 16 }} />
      <Form<Values>
        layout="vertical"
        initialValues={{ period: '2021-2025', baseYear: 2020, dryRun: true }}
        onFinish={(v) => {
          if (file) importPlan.mutate({ ...v, file });
        }}
      >
        <Form.Item label={t('importForm.file')} required>
          <Upload
            accept=".csv,.xlsx"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              return false;
            }}
            onRemove={() => {
              setFile(null);
            }}
          >
            <Button>{t('importForm.choose')}</Button>
          </Upload>
        </Form.Item>
        <Form.Item
          label={t('importForm.id')}
          name="id"
          extra={t('importForm.idHelp')}
          rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9-]{1,62}$/ }]}
        >
          <Input />
        </Form.Item>
        <Form.Item label={t('importForm.titleField')} name="title" rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item label={t('importForm.region')} name="region" rules={[{ required: true }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={(units.data ?? []).map((u) => ({ value: u.code, label: `${u.name} ${u.code}` }))}
          />
        </Form.Item>
        <Space>
          <Form.Item
            label={t('importForm.period')}
            name="period"
            rules={[{ required: true, pattern: /^\d{4}-\d{4}$/ }]}
          >
            <Input style={{ width: 140 }} />
          </Form.Item>
          <Form.Item label={t('importForm.baseYear')} name="baseYear" rules={[{ required: true }]}>
            <InputNumber min={1990} max={2100} />
          </Form.Item>
        </Space>
        <Form.Item name="dryRun" valuePropName="checked">
          <Checkbox>{t('importForm.dryRun')}</Checkbox>
        </Form.Item>
        {importPlan.error && <ErrorAlert error={importPlan.error} title={t('importForm.errors')} />}
        {result && (
          <Alert
            type="success"
            showIcon
            title={
              result.dryRun
                ? t('importForm.checked', { rows: result.rows })
                : result.changed
                  ? t('importForm.done', { rows: result.rows, version: result.version })
                  : t('importForm.unchanged')
            }
            description={
              result.warnings.length > 0 && (
                <ul style={{ margin: 0, paddingLeft: 20 }}>
                  {result.warnings.map((w, i) => (
                    <li key={i}>
                      {t('importForm.rowMessage', { row: w.row, message: pick(w.message, i18n.language) })}
                    </li>
                  ))}
                </ul>
              )
            }
          />
        )}
        <Space style={{ marginTop: 16 }}>
          <Button type="primary" htmlType="submit" loading={importPlan.isPending} disabled={!file}>
            {t('importForm.submit')}
          </Button>
          <Button onClick={onClose}>{t('common.close')}</Button>
        </Space>
      </Form>
    </Modal>
  );
}
