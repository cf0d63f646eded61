/** Page frame: header with navigation, the user, the language switch and sign-out. */
import { Button, Layout, Menu, Space, Typography } from 'antd';
import { ROLE_NAMES } from '@weijian/core';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useLogout, useMe } from '../api/hooks';
import { pick, setLanguage } from '../i18n';
import { NotificationBell } from './NotificationBell';
import '../layout.css';

export function AppLayout() {
  const { t, i18n } = useTranslation();
  const me = useMe().data;
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  // The longest matching prefix wins: /surveillance/cases is the case list, not the signal board.
  const selected =
    [
      'catalogue',
      'analytics',
      'league',
      'data/entry',
      'data/import',
      'data/completeness',
      'surveillance/cases',
      'surveillance',
    ].find((p) => location.pathname.startsWith(`/${p}`)) ?? 'plans';
  const role = me ? pick(ROLE_NAMES[me.role], i18n.language) : '';
  // A display name that is only the role's name (系统管理员 for admin) would say the role twice.
  const name =
    me && me.displayName && !Object.values(ROLE_NAMES[me.role]).includes(me.displayName)
      ? me.displayName
      : (me?.username ?? '');
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 24 }}>
        <Link to="/plans" style={{ color: '#fff', fontSize: 18, fontWeight: 600, whiteSpace: 'nowrap' }}>
          {t('app.name')}{' '}
          <span className="wj-tagline" style={{ fontSize: 13, fontWeight: 400, opacity: 0.8 }}>
            {t('app.tagline')}
          </span>
        </Link>
        <Menu
          theme="dark"
          mode="horizontal"
          selectedKeys={[selected]}
          style={{ flex: 1, minWidth: 0 }}
          items={[
            { key: 'plans', label: <Link to="/plans">{t('nav.plans')}</Link> },
            { key: 'analytics', label: <Link to="/analytics">{t('nav.analytics')}</Link> },
            { key: 'league', label: <Link to="/league">{t('nav.league')}</Link> },
            { key: 'data/entry', label: <Link to="/data/entry">{t('nav.entry')}</Link> },
            { key: 'data/import', label: <Link to="/data/import">{t('nav.dataImport')}</Link> },
            {
              key: 'data/completeness',
              label: <Link to="/data/completeness">{t('nav.completeness')}</Link>,
            },
            { key: 'surveillance', label: <Link to="/surveillance">{t('nav.surveillance')}</Link> },
            { key: 'surveillance/cases', label: <Link to="/surveillance/cases">{t('nav.cases')}</Link> },
            { key: 'catalogue', label: <Link to="/catalogue">{t('nav.catalogue')}</Link> },
          ]}
        />
        <Space>
          {me && <NotificationBell />}
          {me && (
            <Typography.Text style={{ color: '#fff' }} data-testid="current-user">
              {name} · {role}
              <span className="wj-user-unit"> · {me.orgUnitName}</span>
            </Typography.Text>
          )}
          <Button
            size="small"
            onClick={() => {
              setLanguage(i18n.language === 'en' ? 'zh' : 'en');
            }}
            lang={i18n.language === 'en' ? 'zh-CN' : 'en'}
          >
            {t('nav.language')}
          </Button>
          <Button
            size="small"
            onClick={() => {
              logout.mutate(undefined, { onSuccess: () => void navigate('/login') });
            }}
          >
            {t('nav.logout')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 24 }}>
        <Outlet />
      </Layout.Content>
    </Layout>
  );
}
