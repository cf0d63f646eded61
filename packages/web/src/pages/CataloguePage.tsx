/** The indicator catalogue: code, name, unit, formula, direction and standard. */
import { Space, Table, Typography } from 'antd';
import type { Indicator } from '@weijian/core';
import { useTranslation } from 'react-i18next';
import { useCatalogue } from '../api/hooks';
import { ErrorAlert } from '../components/ErrorAlert';
import { unitLabel } from '../format';
import { pick } from '../i18n';

export function CataloguePage() {
  const { t, i18n } = useTranslation();
  const catalogue = useCatalogue();
  const lang = i18n.language;
  const elementName = new Map((catalogue.data?.dataElements ?? []).map((d) => [d.code, pick(d.name, lang)]));
  const readable = (formula: string): string =>
    formula.replace(/#\{([A-Z0-9_]+)\}/g, (_, code: string) => elementName.get(code) ?? code);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('catalogue.title')}</Typography.Title>
      <ErrorAlert error={catalogue.error} />
      <Table<Indicator>
        rowKey="code"
        size="small"
        loading={catalogue.isLoading}
        dataSource={catalogue.data?.indicators ?? []}
        pagination={false}
        expandable={{
          expandedRowRender: (i) => (
            <Typography.Paragraph style={{ margin: 0 }}>{pick(i.definition, lang)}</Typography.Paragraph>
          ),
        }}
        columns={[
          { title: t('catalogue.code'), dataIndex: 'code', width: 220 },
          { title: t('catalogue.name'), render: (_: unknown, i: Indicator) => pick(i.name, lang) },
          {
            title: t('catalogue.unit'),
            width: 90,
            render: (_: unknown, i: Indicator) => unitLabel(i.unit, lang),
          },
          {
            title: t('catalogue.formula'),
            render: (_: unknown, i: Indicator) =>
              `${readable(i.numerator)}${i.denominator ? ` ÷ ${readable(i.denominator)}` : ''}${i.factor !== 1 ? ` × ${i.factor}` : ''}`,
          },
          {
            title: t('catalogue.direction'),
            width: 120,
            render: (_: unknown, i: Indicator) =>
              t(
                i.direction === 'increase'
                  ? 'catalogue.up'
                  : i.direction === 'decrease'
                    ? 'catalogue.down'
                    : 'catalogue.none'
              ),
          },
          { title: t('catalogue.standard'), dataIndex: 'standard', width: 260 },
        ]}
      />
    </Space>
  );
}
