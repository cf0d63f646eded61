/** The health record (WS 365 basic data) on a resident's page, every code in the page's language. */
import { Card, Descriptions, Typography } from 'antd';
import type { HealthRecordView } from '@weijian/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../format';

export function HealthRecordCard({ record }: { record: HealthRecordView | null }) {
  const { t, i18n } = useTranslation();
  const sep = i18n.language.startsWith('en') ? ', ' : '、';
  if (record === null) {
    return (
      <Card title={t('res.record.healthRecord')} size="small">
        <Typography.Text type="secondary">{t('res.record.noHealthRecord')}</Typography.Text>
      </Card>
    );
  }
  const b = record.basic;
  const none = t('res.record.none');
  const list = (xs: string[]) => (xs.length > 0 ? xs.join(sep) : none);
  return (
    <Card title={t('res.record.healthRecord')} size="small" data-testid="health-record">
      <Descriptions size="small" column={2}>
        <Descriptions.Item label={t('res.record.owner')}>{record.ownerUnit}</Descriptions.Item>
        <Descriptions.Item label={t('res.record.openedOn')}>{record.openedOn}</Descriptions.Item>
        {b.bloodGroup && (
          <Descriptions.Item label={t('res.record.bloodGroup')}>
            {t(`res.record.abo.${b.bloodGroup.abo}`)} · {t(`res.record.rh.${b.bloodGroup.rh}`)}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('res.record.pastDiseases')}>
          {list(
            (b.pastHistory?.diseases ?? []).map(
              (d) =>
                `${t(`res.record.diseases.${d.code}`)}${d.detail ? `（${d.detail}）` : ''} ${d.diagnosedOn}`
            )
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('res.record.allergies')}>
          {list((b.drugAllergies ?? []).map((a) => t(`res.record.allergyNames.${a.code}`)))}
        </Descriptions.Item>
        <Descriptions.Item label={t('res.record.disabilities')}>
          {list((b.disabilities ?? []).map((d) => t(`res.record.disabilityNames.${d}`)))}
        </Descriptions.Item>
        {b.riskFactors?.smoking && (
          <Descriptions.Item label={t('res.record.smoking')}>
            {t(`res.record.smokingNames.${b.riskFactors.smoking}`)}
          </Descriptions.Item>
        )}
        {b.riskFactors?.drinking && (
          <Descriptions.Item label={t('res.record.drinking')}>
            {t(`res.record.drinkingNames.${b.riskFactors.drinking}`)}
          </Descriptions.Item>
        )}
        {b.riskFactors?.exercise && (
          <Descriptions.Item label={t('res.record.exercise')}>
            {t(`res.record.exerciseNames.${b.riskFactors.exercise}`)}
          </Descriptions.Item>
        )}
        {record.transfers.length > 0 && (
          <Descriptions.Item label={t('res.record.transfers')} span={2}>
            {record.transfers
              .map(
                (x) =>
                  `${formatDateTime(x.at)} ${t('res.record.transfer', { from: x.fromUnit, to: x.toUnit, reason: x.reason })}`
              )
              .join('；')}
          </Descriptions.Item>
        )}
      </Descriptions>
    </Card>
  );
}
