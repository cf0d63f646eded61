/** The one mark for figures built on synthetic (demo) data, the same on every screen. */
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

export function SyntheticTag({ synthetic = true }: { synthetic?: boolean }) {
  const { t } = useTranslation();
  return synthetic ? (
    <Tag color="purple" data-testid="synthetic-mark">
      {t('common.synthetic')}
    </Tag>
  ) : null;
}
