/** The inbox: the newest notices (unread first marked), each leading to its page; and what to receive. */
import { Button, Card, List, Space, Switch, Tag, Typography } from 'antd';
import { NOTIFICATION_KINDS } from '@weijian/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import {
  useInbox,
  useMarkRead,
  usePreferences,
  useSetPreferences,
  type NotificationView,
} from '../api/notifications';
import { ErrorAlert } from '../components/ErrorAlert';
import { SyntheticTag } from '../components/SyntheticTag';
import { formatDateTime } from '../format';
import { pick } from '../i18n';

export function NotificationsPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const inbox = useInbox();
  const markRead = useMarkRead();
  const prefs = usePreferences();
  const setPrefs = useSetPreferences();
  const open = (n: NotificationView) => {
    if (!n.readAt) markRead.mutate([n.id]);
    void navigate(n.link);
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('notifications.title')}
      </Typography.Title>
      <ErrorAlert error={inbox.error ?? markRead.error ?? setPrefs.error} />
      <Card
        size="small"
        title={t('notifications.unread', { count: inbox.data?.unread ?? 0 })}
        extra={
          <Button
            size="small"
            disabled={!inbox.data?.unread}
            onClick={() => {
              markRead.mutate(undefined);
            }}
          >
            {t('notifications.markAll')}
          </Button>
        }
      >
        <List<NotificationView>
          dataSource={inbox.data?.items ?? []}
          locale={{ emptyText: t('notifications.empty') }}
          data-testid="inbox"
          renderItem={(n) => (
            <List.Item
              actions={[
                <Button
                  key="open"
                  type="link"
                  onClick={() => {
                    open(n);
                  }}
                >
                  {t('notifications.open')}
                </Button>,
              ]}
            >
              <Space wrap>
                <Tag color={n.readAt ? 'default' : 'blue'}>{t(`notifications.kinds.${n.kind}`)}</Tag>
                <Typography.Text strong={!n.readAt}>{pick(n.title, i18n.language)}</Typography.Text>
                <Typography.Text type="secondary">{formatDateTime(n.createdAt)}</Typography.Text>
                <SyntheticTag synthetic={n.synthetic} />
              </Space>
            </List.Item>
          )}
        />
      </Card>
      <Card size="small" title={t('notifications.receive')}>
        <Space wrap size="large">
          {NOTIFICATION_KINDS.map((k) => (
            <Space key={k}>
              <Switch
                aria-label={t(`notifications.kinds.${k}`)}
                checked={prefs.data?.[k] ?? true}
                loading={setPrefs.isPending}
                onChange={(on) => {
                  setPrefs.mutate({ [k]: on });
                }}
              />
              {t(`notifications.kinds.${k}`)}
            </Space>
          ))}
        </Space>
      </Card>
    </Space>
  );
}
