/** A report's status (on time, late, missing, not yet due) as a coloured tag. */
import { Tag } from 'antd';
import type { ReportStatus } from '@weijian/core';
import { useTranslation } from 'react-i18next';

const COLOURS: Record<ReportStatus, string> = {
  onTime: 'green',
  late: 'orange',
  missing: 'red',
  pending: 'default',
};

export function ReportStatusTag({ status }: { status: ReportStatus }) {
  const { t } = useTranslation();
  return <Tag color={COLOURS[status]}>{t(`completeness.${status}`)}</Tag>;
}
