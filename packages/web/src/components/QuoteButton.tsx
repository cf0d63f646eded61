/** A keyboard-reachable button that shows where a figure came from in the plan's own words. */
import { Button, Popover, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export function QuoteButton({ quote, extra }: { quote: string; extra?: string[] }) {
  const { t } = useTranslation();
  return (
    <Popover
      trigger="click"
      content={
        <div style={{ maxWidth: 480 }}>
          <Typography.Paragraph style={{ marginBottom: 4 }}>「{quote}」</Typography.Paragraph>
          {extra?.map((q) => (
            <Typography.Paragraph key={q} type="secondary" style={{ marginBottom: 4 }}>
              「{q}」
            </Typography.Paragraph>
          ))}
        </div>
      }
    >
      <Button size="small" type="link" aria-label={t('plan.quote')}>
        {t('plan.quote')}
      </Button>
    </Popover>
  );
}
