/**
 * One person's record as a timeline: the identity block (masked per role), the health record,
 * and every programme's enrolments and events newest first with the next due contacts. The page
 * asks for the purpose of the read first; outside the caller's reach it offers break-the-glass
 * with a stated reason, warned that the read is logged and reviewed.
 */
import { Alert, Button, Card, Descriptions, Form, Input, Radio, Space, Tag, Typography } from 'antd';
import { can } from '@weijian/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { useMe } from '../../api/hooks';
import {
  READ_PURPOSES,
  needsBreakGlass,
  useHealthRecord,
  useProgrammes,
  useResident,
  type Access,
} from '../../api/residents';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SyntheticTag } from '../../components/SyntheticTag';
import { todayIn } from '../../format';
import { HealthRecordCard } from './HealthRecordCard';
import { ProgrammeCard } from './ProgrammeCard';

/** The purpose form: nothing of the person is read before the reader says why. */
function PurposeForm({ onOpen }: { onOpen: (purpose: string) => void }) {
  const { t } = useTranslation();
  return (
    <Card title={t('res.purpose.title')} style={{ maxWidth: 560 }}>
      <Form
        layout="vertical"
        initialValues={{ purpose: 'care' }}
        onFinish={(v: { purpose: string }) => onOpen(v.purpose)}
      >
        <Typography.Paragraph type="secondary">{t('res.purpose.help')}</Typography.Paragraph>
        <Form.Item name="purpose" label={t('res.purpose.title')}>
          <Radio.Group options={READ_PURPOSES.map((p) => ({ value: p, label: t(`res.purpose.${p}`) }))} />
        </Form.Item>
        <Button type="primary" htmlType="submit" autoFocus>
          {t('res.purpose.open')}
        </Button>
      </Form>
    </Card>
  );
}

/** Break-the-glass: the warning and the reason. */
function BreakGlassForm({ onRead }: { onRead: (reason: string) => void }) {
  const { t } = useTranslation();
  return (
    <Card title={t('res.breakGlass.title')} style={{ maxWidth: 640 }} data-testid="break-glass">
      <Alert type="warning" showIcon title={t('res.breakGlass.warning')} style={{ marginBottom: 16 }} />
      <Form layout="vertical" onFinish={(v: { reason: string }) => onRead(v.reason.trim())}>
        <Form.Item
          name="reason"
          label={t('res.breakGlass.reason')}
          rules={[{ required: true, whitespace: true, message: t('res.breakGlass.required') }, { max: 500 }]}
        >
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
        <Button danger htmlType="submit">
          {t('res.breakGlass.submit')}
        </Button>
      </Form>
    </Card>
  );
}

export function ResidentPage() {
  const { t, i18n } = useTranslation();
  const id = Number(useParams().id);
  const [params, setParams] = useSearchParams();
  const me = useMe().data;
  const purpose = params.get('purpose');
  const [breakGlass, setBreakGlass] = useState<string | null>(null);
  const access: Access | null = purpose ? { purpose, breakGlass } : null;
  const resident = useResident(id, access);
  const ok = resident.data !== undefined;
  const record = useHealthRecord(id, access, ok);
  const programmes = useProgrammes(id, access, ok);
  const r = resident.data;
  const mayWrite = me !== null && me !== undefined && can(me.role, 'programme:write');
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Link to="/residents">← {t('res.record.back')}</Link>
      {!access && <PurposeForm onOpen={(p) => setParams({ purpose: p })} />}
      {access && needsBreakGlass(resident.error) && !breakGlass && (
        <>
          <ErrorAlert error={resident.error} />
          <BreakGlassForm onRead={setBreakGlass} />
        </>
      )}
      {access && !needsBreakGlass(resident.error) && <ErrorAlert error={resident.error} />}
      {r && (
        <>
          {r.breakGlass && (
            <Alert
              type="warning"
              showIcon
              title={t('res.breakGlass.active')}
              data-testid="break-glass-active"
            />
          )}
          <Card
            title={
              <Space>
                {r.name}
                <SyntheticTag synthetic={r.synthetic} />
                {r.masked && <Tag>{t('res.record.masked')}</Tag>}
              </Space>
            }
            data-testid="identity"
          >
            <Descriptions size="small" column={3}>
              <Descriptions.Item label={t('res.fields.sex')}>{t(`res.sex.${r.sex}`)}</Descriptions.Item>
              <Descriptions.Item label={t('res.fields.birthDate')}>{r.birthDate}</Descriptions.Item>
              <Descriptions.Item label={t('res.fields.status')}>
                {t(`res.status.${r.status}`)}
              </Descriptions.Item>
              {r.identifiers.map((x) => (
                <Descriptions.Item key={`${x.kind}-${x.value}`} label={t(`res.idKinds.${x.kind}`)}>
                  {x.value}
                </Descriptions.Item>
              ))}
              <Descriptions.Item label={t('res.fields.phone')}>{r.phone ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('res.fields.address')}>{r.address ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('res.fields.homeUnit')}>{r.homeUnit}</Descriptions.Item>
              {r.deathDate && (
                <Descriptions.Item label={t('res.fields.deathDate')}>{r.deathDate}</Descriptions.Item>
              )}
            </Descriptions>
          </Card>
          <ErrorAlert error={record.error} />
          {record.data !== undefined && <HealthRecordCard record={record.data} />}
          <ErrorAlert error={programmes.error} />
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('res.record.programmes')}
          </Typography.Title>
          {programmes.data?.length === 0 && (
            <Typography.Text type="secondary">{t('res.record.noProgrammes')}</Typography.Text>
          )}
          {(programmes.data ?? []).map((p) => (
            <ProgrammeCard
              key={p.programme}
              residentId={id}
              homeUnit={r.homeUnit}
              today={todayIn()}
              timeline={p}
              mayWrite={mayWrite}
              lang={i18n.language}
            />
          ))}
        </>
      )}
    </Space>
  );
}
