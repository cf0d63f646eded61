/** Shows an API error in the current language, with every row issue listed once (`第 3 行：…`). */
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { pick } from '../i18n';

export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  const api = error instanceof ApiError ? error : null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={title ?? (api ? pick(api.messages, i18n.language) : t('common.error'))}
      description={
        api && api.issues.length > 0 ? (
          <ul style={{ margin: 0, paddingLeft: 20 }}>
            {api.issues.map((issue, i) => (
              <li key={i}>
                {/* The message names the column in the screen's language; the row is said once, here. */}
                {issue.row !== undefined
                  ? t('importForm.rowMessage', {
                      row: issue.row,
                      message: pick(issue.message, i18n.language),
                    })
                  : pick(issue.message, i18n.language)}
              </li>
            ))}
          </ul>
        ) : api && title ? (
          pick(api.messages, i18n.language)
        ) : undefined
      }
    />
  );
}
