/** Names and colours of signal levels, statuses, streams and topics, in both languages. */
import { Tag } from 'antd';
import { SYNDROMES, type Syndrome } from '@weijian/core';
import { useTranslation } from 'react-i18next';
import { pick } from '../i18n';

export const STATUS_COLORS: Record<string, string> = {
  new: 'red',
  monitor: 'gold',
  escalated: 'volcano',
  investigating: 'purple',
  discarded: 'default',
  closed: 'green',
};

/** A syndrome's display name, or the disease name the server sent, or the code. */
export function topicName(
  topic: string,
  lang: string,
  diseaseNames: Map<string, { zh: string; en: string }>
): string {
  const s = (SYNDROMES as Record<string, { zh: string; en: string } | undefined>)[topic as Syndrome];
  return pick(s ?? diseaseNames.get(topic) ?? { zh: topic, en: topic }, lang);
}

/** A detection method's name in the screen's language (`改进 Farrington 法`, not `farringtonFlexible`). */
export function methodName(
  algorithm: string,
  t: (key: string, options?: { defaultValue: string }) => string
): string {
  return t(`surveillance.methods.${algorithm}`, { defaultValue: algorithm });
}

export function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status] ?? 'default'}>{t(`surveillance.status.${status}`)}</Tag>;
}

export function LevelTag({ level, escalated }: { level: string; escalated: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <Tag color={level === 'corroborated' ? 'red' : level === 'spatial' ? 'orange' : 'blue'}>
        {t(`surveillance.level.${level}`)}
      </Tag>
      {escalated && <Tag color="magenta">{t('surveillance.escalated')}</Tag>}
    </>
  );
}
