/** Routes and the providers that depend on the language (Ant Design's locale). */
import { ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router';
import { AppLayout } from './components/AppLayout';
import { RequireAuth } from './components/RequireAuth';
import { AnalyticsPage } from './pages/AnalyticsPage';
import { CascadePage } from './pages/CascadePage';
import { CataloguePage } from './pages/CataloguePage';
import { CompletenessPage } from './pages/CompletenessPage';
import { DataEntryPage } from './pages/DataEntryPage';
import { NotificationsPage } from './pages/NotificationsPage';
import { DataImportPage } from './pages/DataImportPage';
import { LeaguePage } from './pages/LeaguePage';
import { LoginPage } from './pages/LoginPage';
import { PlanPage } from './pages/PlanPage';
import { PlansPage } from './pages/PlansPage';
import { CasesPage } from './pages/CasesPage';
import { SignalPage } from './pages/SignalPage';
import { SurveillancePage } from './pages/SurveillancePage';

export function App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider
      locale={i18n.language === 'en' ? enUS : zhCN}
      // Narrower menu items keep every entry in the header on a 1280-pixel screen.
      theme={{ token: { colorPrimary: '#0b6e4f' }, components: { Menu: { itemPaddingInline: 14 } } }}
    >
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route
          element={
            <RequireAuth>
              <AppLayout />
            </RequireAuth>
          }
        >
          <Route path="/" element={<Navigate to="/plans" replace />} />
          <Route path="/plans" element={<PlansPage />} />
          <Route path="/plans/:id" element={<PlanPage />} />
          <Route path="/plans/:id/cascade" element={<CascadePage />} />
          <Route path="/catalogue" element={<CataloguePage />} />
          <Route path="/data/entry" element={<DataEntryPage />} />
          <Route path="/data/import" element={<DataImportPage />} />
          <Route path="/data/completeness" element={<CompletenessPage />} />
          <Route path="/notifications" element={<NotificationsPage />} />
          <Route path="/analytics" element={<AnalyticsPage />} />
          <Route path="/league" element={<LeaguePage />} />
          <Route path="/surveillance" element={<SurveillancePage />} />
          <Route path="/surveillance/signals/:id" element={<SignalPage />} />
          <Route path="/surveillance/cases" element={<CasesPage />} />
        </Route>
        <Route path="*" element={<Navigate to="/plans" replace />} />
      </Routes>
    </ConfigProvider>
  );
}
