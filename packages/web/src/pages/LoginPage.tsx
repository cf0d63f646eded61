import { Button, Card, Form, Input, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { useLogin, useMe } from '../api/hooks';
import { ErrorAlert } from '../components/ErrorAlert';
import { setLanguage } from '../i18n';

export function LoginPage() {
  const { t, i18n } = useTranslation();
  const login = useLogin();
  const me = useMe();
  const navigate = useNavigate();
  const from = (useLocation().state as { from?: string } | null)?.from ?? '/plans';
  if (me.data) return <Navigate to={from} replace />;
  return (
    <div style={{ display: 'flex', justifyContent: 'center', paddingTop: '12vh' }}>
      <Card style={{ width: 380 }}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Title level={3} style={{ marginBottom: 0 }}>
            {t('app.name')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
          <Form
            layout="vertical"
            onFinish={(v: { username: string; password: string }) => {
              login.mutate(v, { onSuccess: () => void navigate(from, { replace: true }) });
            }}
          >
            <Form.Item
              label={t('login.username')}
              name="username"
              rules={[{ required: true, message: t('login.required', { field: t('login.username') }) }]}
            >
              <Input autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item
              label={t('login.password')}
              name="password"
              rules={[{ required: true, message: t('login.required', { field: t('login.password') }) }]}
            >
              <Input.Password autoComplete="current-password" />
            </Form.Item>
            {login.error && <ErrorAlert error={login.error} />}
            <Button
              type="primary"
              htmlType="submit"
              loading={login.isPending}
              block
              style={{ marginTop: 12 }}
            >
              {t('login.submit')}
            </Button>
          </Form>
          <Button
            type="link"
            onClick={() => {
              setLanguage(i18n.language === 'en' ? 'zh' : 'en');
            }}
          >
            {t('nav.language')}
          </Button>
        </Space>
      </Card>
    </div>
  );
}
