/** Where a figure comes from: formula, numerator and denominator, each input's rule, units and sources. */
import { Descriptions, Drawer, List, Space, Spin, Typography } from 'antd';
import { formatValue } from '@weijian/core';
import { useTranslation } from 'react-i18next';
import { useCatalogue } from '../api/hooks';
import { useExplain } from '../api/data';
import { formatAmount, joinList, unitLabel } from '../format';
import { pick } from '../i18n';
import { ErrorAlert } from './ErrorAlert';
import { SyntheticTag } from './SyntheticTag';

export function ExplainDrawer({
  cell,
  onClose,
}: {
  cell: { dx: string; pe: string; ou: string } | null;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const explain = useExplain(cell);
  const catalogue = useCatalogue().data;
  const names = new Map((catalogue?.dataElements ?? []).map((d) => [d.code, pick(d.name, lang)]));
  const readable = (f: string): string =>
    f.replace(/#\{([A-Z0-9_]+)\}/g, (_, c: string) => names.get(c) ?? c);
  const e = explain.data;
  const decimals = catalogue?.indicators.find((i) => i.code === e?.dx)?.decimals ?? 2;
  return (
    <Drawer
      open={cell !== null}
      onClose={onClose}
      size="large"
      title={e ? `${pick(e.name, lang)} · ${e.ou.name} · ${e.pe}` : t('explain.title')}
    >
      {explain.isLoading && <Spin />}
      <ErrorAlert error={explain.error} />
      {e && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Title level={2} style={{ margin: 0 }}>
            {formatValue(e.value, decimals)} {unitLabel(e.unit, lang)}{' '}
            <SyntheticTag synthetic={e.elements.some((x) => x.sources.some((s) => s.synthetic))} />
          </Typography.Title>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('explain.formula')}>
              {readable(e.formula.numerator)}
              {e.formula.denominator ? ` ÷ ${readable(e.formula.denominator)}` : ''} × {e.formula.factor}
            </Descriptions.Item>
            <Descriptions.Item label={t('explain.numerator')}>{formatAmount(e.numerator)}</Descriptions.Item>
            {e.formula.denominator && (
              <Descriptions.Item label={t('explain.denominator')}>
                {formatAmount(e.denominator)}
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('explain.definition')}>{pick(e.definition, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('catalogue.standard')}>{e.standard}</Descriptions.Item>
          </Descriptions>
          <List
            header={<strong>{t('explain.inputs')}</strong>}
            dataSource={e.elements}
            renderItem={(x) => (
              <List.Item>
                <Space orientation="vertical" size={2}>
                  <Typography.Text strong>
                    {pick(x.name, lang)} = {formatAmount(x.value)}
                  </Typography.Text>
                  <Typography.Text type="secondary">
                    {t(`explain.rule.${x.rule}`)} · {t('explain.aggregation')}{' '}
                    {t(`explain.aggregationTypes.${x.aggregationType}`)} ·{' '}
                    {t('explain.count', { n: x.valueCount })} ·{' '}
                    {x.periods.length > 0 ? `${x.periods[0] ?? ''}–${x.periods.at(-1) ?? ''}` : ''}
                  </Typography.Text>
                  {x.sources.length > 0 && (
                    <Typography.Text type="secondary">
                      {t('explain.sources')}:{' '}
                      {joinList(
                        x.sources.map((s) => `${t(`sources.${s.source}`)} ${s.count}`),
                        lang
                      )}{' '}
                      <SyntheticTag synthetic={x.sources.some((s) => s.synthetic)} />
                    </Typography.Text>
                  )}
                  {x.contributors.length > 0 && (
                    <Typography.Text type="secondary">
                      {t('explain.contributors')}:{' '}
                      {joinList(
                        x.contributors.map((c) => `${c.name} ${formatAmount(c.value)}`),
                        lang
                      )}
                    </Typography.Text>
                  )}
                </Space>
              </List.Item>
            )}
          />
        </Space>
      )}
    </Drawer>
  );
}
