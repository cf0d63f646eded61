/** What a programme asks for next: each schedule item with its last day, overdue ones in red. */
import { Space, Tag, Typography } from 'antd';
import type { ProgrammeDue } from '@weijian/core';
import { useTranslation } from 'react-i18next';
import { pick } from '../../i18n';

export function DueList({ due, lang }: { due: ProgrammeDue; lang: string }) {
  const { t } = useTranslation();
  if (!due.active) return <Typography.Text type="secondary">{t('res.record.notActive')}</Typography.Text>;
  return (
    <div data-testid="next-due">
      <Typography.Text strong>
        {t('res.record.nextDue')}
        {t('res.record.colon')}
      </Typography.Text>
      <Space wrap>
        {due.items.map((i) => (
          <span key={i.item}>
            {pick(i.name, lang)}{' '}
            {i.due === null ? (
              <Tag>{t('res.record.notPlaced')}</Tag>
            ) : i.overdue ? (
              <Tag color="red">
                {t('res.record.dueBy', { date: i.due })} · {t('res.record.overdue', { days: i.daysOverdue })}
              </Tag>
            ) : (
              <Tag color="blue">{t('res.record.dueBy', { date: i.due })}</Tag>
            )}
          </span>
        ))}
      </Space>
    </div>
  );
}
