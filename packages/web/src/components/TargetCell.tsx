/** A target as written, with its parsed form in the current language and any parser remarks. */
import { Space, Tag, Tooltip, Typography } from 'antd';
import type { TargetView } from '@weijian/core';
import { useTranslation } from 'react-i18next';
import { gradeEn } from '../format';
import { pick } from '../i18n';

/**
 * The parsed target in the screen's language. The core formatter keeps a "per X" scope in the
 * parseable `≥1 per 街道` notation; a Chinese screen says it in Chinese: `每个街道≥1`.
 */
function parsedText(target: TargetView, lang: string): string {
  const per = target.parsed.per;
  if (lang.startsWith('en')) {
    const p = target.parsed;
    return p.kind === 'level'
      ? target.formatted.en.replace(`grade ${p.level}`, gradeEn(p.level, p.scheme))
      : target.formatted.en;
  }
  if (!per) return target.formatted.zh;
  const suffix = ` per ${per}`;
  const body = target.formatted.zh.endsWith(suffix)
    ? target.formatted.zh.slice(0, -suffix.length)
    : target.formatted.zh;
  return `每个${per.replace(/^每个?/, '')}${body}`;
}

export function TargetCell({ target, showYear }: { target: TargetView; showYear?: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <Space orientation="vertical" size={0}>
      <Typography.Text strong>{target.raw}</Typography.Text>
      <Space size={4} wrap>
        <Tag color={target.parsed.kind === 'qualitative' ? 'orange' : 'blue'}>
          {t(`kinds.${target.parsed.kind}`)}
        </Tag>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {parsedText(target, lang)}
        </Typography.Text>
        {showYear && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('plan.targetYear', { year: target.year })}
            {!target.yearStated && (
              <Tooltip title={t('plan.yearNotStated')}>
                <span tabIndex={0}> *</span>
              </Tooltip>
            )}
          </Typography.Text>
        )}
        {target.warnings.map((w) => (
          <Tooltip key={w.code} title={pick(w, lang)}>
            <Tag color="warning" tabIndex={0}>
              !
            </Tag>
          </Tooltip>
        ))}
      </Space>
    </Space>
  );
}
