/** The header's notification button with the unread count; it opens the inbox. */
import { Badge, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useInbox } from '../api/notifications';

export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const unread = useInbox().data?.unread ?? 0;
  return (
    <Badge count={unread} size="small" data-testid="unread-count">
      <Button
        size="small"
        aria-label={t('notifications.bell', { count: unread })}
        onClick={() => void navigate('/notifications')}
      >
        {t('notifications.title')}
      </Button>
    </Badge>
  );
}
