/**
 * The visit form, generated from the rule set in force for the resident's region: one input per
 * field of the chosen event type (numbers with their range and unit, code options as radios or a
 * list, several codes as checkboxes, yes/no, dates, text). Enter saves; the API's issues appear at
 * their fields in the page's language; after a save the next due date the server computed is
 * shown. With `?event=ID` the form corrects that event and asks for the reason.
 */
import { Alert, Button, Card, Checkbox, Form, Input, Radio, Select, Space, Typography } from 'antd';
import type { EventView, FieldDef, ProgrammeSaveResult } from '@weijian/core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Link, useLocation, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client';
import {
  useCorrectEvent,
  useProgrammes,
  useRecordEvent,
  useResident,
  useRuleSets,
} from '../../api/residents';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SyntheticTag } from '../../components/SyntheticTag';
import { fieldUnit } from '../../components/programme-fields';
import { todayIn } from '../../format';
import { pick } from '../../i18n';

type FormValue = string | string[] | boolean | undefined;
interface VisitForm {
  type: string;
  date: string;
  reason?: string;
  f: Record<string, FormValue>;
}

const ACCESS = { purpose: 'follow_up' } as const;

/** A form value as the API takes it: numbers parsed (anything else sent as typed, for the API to name). */
function toApi(def: FieldDef, v: FormValue): unknown {
  if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) return undefined;
  if (def.type === 'number' && typeof v === 'string') {
    const n = Number(v.trim());
    return v.trim() !== '' && Number.isFinite(n) ? n : v;
  }
  return v;
}

/** A recorded value as the form holds it. */
function toForm(def: FieldDef, v: unknown): FormValue {
  if (v === null || v === undefined) return undefined;
  if (def.type === 'number') return typeof v === 'number' ? String(v) : undefined;
  return v as FormValue;
}

/** The props a Form.Item hands its control: the id its label points to, the value and the change. */
interface ControlProps {
  id?: string;
  value?: never;
  onChange?: (v: unknown) => void;
}

function FieldInput({ def, lang, ...control }: { def: FieldDef; lang: string } & ControlProps) {
  const { t } = useTranslation();
  switch (def.type) {
    case 'number':
      return (
        <Input
          {...control}
          inputMode="decimal"
          style={{ width: 160 }}
          suffix={fieldUnit(def.unit, lang) || undefined}
        />
      );
    case 'code':
      return def.options.length <= 5 ? (
        <Radio.Group
          {...control}
          options={def.options.map((o) => ({ value: o.code, label: pick(o.name, lang) }))}
        />
      ) : (
        <Select
          {...control}
          allowClear
          style={{ width: 260 }}
          options={def.options.map((o) => ({ value: o.code, label: pick(o.name, lang) }))}
        />
      );
    case 'codes':
      return (
        <Checkbox.Group
          {...control}
          options={def.options.map((o) => ({ value: o.code, label: pick(o.name, lang) }))}
        />
      );
    case 'boolean':
      return (
        <Radio.Group
          {...control}
          options={[
            { value: true, label: t('res.visit.yes') },
            { value: false, label: t('res.visit.no') },
          ]}
        />
      );
    case 'date':
      return <Input {...control} style={{ width: 160 }} placeholder="YYYY-MM-DD" />;
    case 'text':
      return <Input {...control} maxLength={def.maxLength} />;
  }
}

/** The help under a number field: its plausible range and unit. */
function rangeHelp(def: FieldDef, lang: string, t: TFunction): string | undefined {
  if (def.type !== 'number') return undefined;
  const unit = fieldUnit(def.unit, lang);
  return `${t('res.visit.range', { min: def.min, max: def.max })}${unit ? ` ${unit}` : ''}`;
}

export function VisitPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const id = Number(useParams().id);
  const programme = useParams().programme ?? '';
  const [params] = useSearchParams();
  const fromWorklist = (useLocation().state as { from?: string } | null)?.from === 'worklist';
  const eventId = params.get('event') ? Number(params.get('event')) : null;
  const resident = useResident(id, ACCESS);
  const timelines = useProgrammes(id, ACCESS, eventId !== null && resident.data !== undefined);
  const editing: EventView | undefined = timelines.data
    ?.find((p) => p.programme === programme)
    ?.events.find((e) => e.id === eventId);
  const [form] = Form.useForm<VisitForm>();
  const date = Form.useWatch('date', form) as string | undefined;
  const today = todayIn();
  const onDay = date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : today;
  const rules = useRuleSets(resident.data?.homeUnit, onDay);
  const ruleSet = rules.data?.find((r) => r.code === programme);
  const type =
    (Form.useWatch('type', form) as string | undefined) ?? editing?.type ?? ruleSet?.eventTypes[0]?.code;
  const eventType = ruleSet?.eventTypes.find((e) => e.code === type);
  const record = useRecordEvent(id);
  const correct = useCorrectEvent(id);
  const [saved, setSaved] = useState<ProgrammeSaveResult | null>(null);
  const save = eventId === null ? record : correct;

  // The correction form opens with the event as recorded.
  const initial = useMemo(() => {
    if (!editing || !ruleSet) return null;
    const et = ruleSet.eventTypes.find((e) => e.code === editing.type);
    const f: Record<string, FormValue> = {};
    for (const def of et?.fields ?? []) f[def.code] = toForm(def, editing.fields[def.code]);
    return { type: editing.type, date: editing.date, f };
  }, [editing, ruleSet]);
  useEffect(() => {
    if (initial) form.setFieldsValue(initial);
  }, [initial, form]);

  const showIssues = (e: unknown) => {
    if (!(e instanceof ApiError)) return;
    const byField = new Map<string, string[]>();
    for (const issue of e.issues) {
      // Body checks may name the field with its place in the request (`body.reason`).
      const name = (issue.field ?? '').replace(/^body\./, '');
      byField.set(name, [...(byField.get(name) ?? []), pick(issue.message, lang)]);
    }
    form.setFields(
      [...byField].flatMap(
        ([field, errors]): { name: 'date' | 'type' | 'reason' | ['f', string]; errors: string[] }[] => {
          if (field.startsWith('fields.')) return [{ name: ['f', field.slice(7)], errors }];
          if (field === 'date' || field === 'type' || field === 'reason') return [{ name: field, errors }];
          return [];
        }
      )
    );
  };

  const submit = (v: VisitForm) => {
    if (!eventType) return;
    setSaved(null);
    const fields: Record<string, unknown> = {};
    for (const def of eventType.fields) {
      const value = toApi(def, v.f[def.code]);
      if (value !== undefined) fields[def.code] = value;
      else if (editing && editing.fields[def.code] !== undefined) fields[def.code] = null;
    }
    const done = {
      onSuccess: (r: ProgrammeSaveResult) => setSaved(r),
      onError: showIssues,
    };
    if (eventId === null || !editing) {
      record.mutate({ programme, type: eventType.code, date: v.date.trim(), fields: fields as never }, done);
    } else {
      correct.mutate(
        {
          eventId,
          body: {
            version: editing.version,
            date: v.date.trim(),
            fields: fields as never,
            reason: (v.reason ?? '').trim(),
          },
        },
        done
      );
    }
  };

  const r = resident.data;
  const title = t(eventId === null ? 'res.visit.title' : 'res.visit.correctTitle', {
    programme: pick(ruleSet?.name, lang) || programme,
  });
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Space>
        <Link to={`/residents/${id}?purpose=follow_up`}>← {t('res.visit.back')}</Link>
        {fromWorklist && <Link to="/worklist">← {t('res.visit.toWorklist')}</Link>}
      </Space>
      <ErrorAlert error={resident.error ?? rules.error ?? timelines.error} />
      {r && (
        <Card
          data-testid="visit-form"
          title={
            <Space>
              {title}
              <span>
                {r.name} · {t(`res.sex.${r.sex}`)} · {r.birthDate}
              </span>
              <SyntheticTag synthetic={r.synthetic} />
            </Space>
          }
        >
          {rules.data && !ruleSet && <Alert type="warning" showIcon title={t('res.visit.noRuleSet')} />}
          {ruleSet && (eventId === null || initial) && (
            <Form<VisitForm>
              form={form}
              layout="horizontal"
              labelCol={{ span: 5 }}
              wrapperCol={{ span: 16 }}
              initialValues={initial ?? { type: ruleSet.eventTypes[0]?.code, date: today, f: {} }}
              onFinish={submit}
              onValuesChange={() => setSaved(null)}
              onKeyDown={(e) => {
                // Enter saves from any input but a list that is choosing an option and the buttons.
                const el = e.target as HTMLElement;
                if (e.key !== 'Enter' || el.tagName === 'BUTTON' || el.tagName === 'TEXTAREA') return;
                if (el.getAttribute('role') === 'combobox' && el.getAttribute('aria-expanded') === 'true') {
                  return;
                }
                e.preventDefault();
                form.submit();
              }}
            >
              <Form.Item name="type" label={t('res.visit.type')}>
                <Radio.Group
                  disabled={eventId !== null}
                  options={ruleSet.eventTypes.map((e) => ({ value: e.code, label: pick(e.name, lang) }))}
                />
              </Form.Item>
              <Form.Item name="date" label={t('res.visit.date')} extra={t('res.visit.dateFormat')}>
                <Input autoFocus style={{ width: 160 }} />
              </Form.Item>
              {eventType?.fields.map((def) => (
                <Form.Item
                  key={`${eventType.code}-${def.code}`}
                  name={['f', def.code]}
                  label={pick(def.name, lang)}
                  required={def.required}
                  extra={rangeHelp(def, lang, t)}
                >
                  <FieldInput def={def} lang={lang} />
                </Form.Item>
              ))}
              {eventId !== null && (
                <Form.Item name="reason" label={t('res.visit.reason')} required>
                  <Input maxLength={500} />
                </Form.Item>
              )}
              <Form.Item wrapperCol={{ offset: 5 }}>
                <Space>
                  <Button type="primary" htmlType="submit" loading={save.isPending}>
                    {t('res.visit.save')}
                  </Button>
                  <Typography.Text type="secondary">{t('res.visit.enterHint')}</Typography.Text>
                </Space>
              </Form.Item>
            </Form>
          )}
          <ErrorAlert error={save.error} />
          {saved && (
            <Alert
              type="success"
              showIcon
              data-testid="visit-saved"
              title={t('res.visit.saved')}
              description={
                saved.nextDue.items.filter((i) => i.due !== null).length > 0
                  ? saved.nextDue.items
                      .filter((i) => i.due !== null)
                      .map((i) => (
                        <div key={i.item}>
                          {t('res.visit.nextDue', { item: pick(i.name, lang), date: i.due })}
                        </div>
                      ))
                  : t('res.visit.nextNone')
              }
            />
          )}
        </Card>
      )}
    </Space>
  );
}
