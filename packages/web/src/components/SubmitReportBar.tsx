/**
 * Under the entry form: whether this unit's report for the period has been submitted (and whether
 * on time), with the button that submits it. Shown only for a unit that reports the data set.
 */
import { Alert, Button, Space } from 'antd';
import { can } from '@weijian/core';
import { useTranslation } from 'react-i18next';
import { useMe } from '../api/hooks';
import { useCompleteness, useSubmitReport } from '../api/reporting';
import { formatDateTime } from '../format';
import { ErrorAlert } from './ErrorAlert';
import { ReportStatusTag } from './ReportStatusTag';

export function SubmitReportBar({
  dataSet,
  orgUnit,
  period,
}: {
  dataSet: string;
  orgUnit: string;
  period: string;
}) {
  const { t } = useTranslation();
  const me = useMe().data;
  const report = useCompleteness(dataSet, orgUnit, period);
  const submit = useSubmitReport();
  const own = report.data?.reports.find((r) => r.orgUnit === orgUnit);
  if (!report.data || !own) return null;
  const mayWrite = me ? can(me.role, 'data:write') : false;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Alert
        type={own.submittedAt ? 'success' : 'info'}
        showIcon
        data-testid="submission-status"
        title={
          <Space wrap>
            <ReportStatusTag status={own.status} />
            {own.submittedAt
              ? t('completeness.submitted', {
                  status: t(`completeness.${own.status}`),
                  at: formatDateTime(own.submittedAt),
                })
              : t('completeness.notSubmitted', { date: report.data.deadline })}
          </Space>
        }
        action={
          !own.submittedAt && mayWrite ? (
            <Button
              type="primary"
              loading={submit.isPending}
              onClick={() => {
                submit.mutate({ dataSet, orgUnit, period });
              }}
            >
              {t('completeness.submit')}
            </Button>
          ) : undefined
        }
      />
      <ErrorAlert error={submit.error} />
    </Space>
  );
}
