/**
 * One cell of the entry form: validates as you type, saves on Enter or when focus leaves, and
 * says whether it saved. Enter also moves to the next cell, so a form is filled from the keyboard.
 */
import { Input, Space, Tooltip, Typography } from 'antd';
import type { DataElement } from '@weijian/core';
import { useEffect, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useSaveValue } from '../api/data';
import { pick } from '../i18n';

interface Props {
  element: DataElement;
  orgUnit: string;
  period: string;
  initial: number | null;
  disabled: boolean;
  onSaved: () => void;
}

function localCheck(text: string, element: DataElement): 'number' | 'integer' | null {
  if (text.trim() === '') return null;
  if (!/^-?\d+(\.\d+)?$/.test(text.trim())) return 'number';
  if (element.valueType === 'integer' && !/^\d+$/.test(text.trim())) return 'integer';
  return null;
}

export function EntryCell({ element, orgUnit, period, initial, disabled, onSaved }: Props) {
  const { t, i18n } = useTranslation();
  const [text, setText] = useState(initial === null ? '' : String(initial));
  const [saved, setSaved] = useState(initial === null ? '' : String(initial));
  const save = useSaveValue();
  useEffect(() => {
    setText(initial === null ? '' : String(initial));
    setSaved(initial === null ? '' : String(initial));
  }, [initial, orgUnit, period]);
  const problem = localCheck(text, element);
  const commit = (): void => {
    if (problem || text.trim() === saved.trim()) return;
    save.mutate(
      { dataElement: element.code, orgUnit, period, value: text.trim() === '' ? null : text.trim() },
      {
        onSuccess: () => {
          setSaved(text);
          onSaved();
        },
      }
    );
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key !== 'Enter') return;
    commit();
    const inputs = Array.from(document.querySelectorAll<HTMLInputElement>('input[data-entry-cell]'));
    inputs[inputs.indexOf(e.currentTarget) + 1]?.focus();
  };
  const serverError =
    save.error instanceof ApiError
      ? save.error.issues.map((i) => pick(i.message, i18n.language)).join('; ') ||
        pick(save.error.messages, i18n.language)
      : null;
  const status = problem
    ? t(`entry.invalid.${problem}`)
    : serverError
      ? serverError
      : save.isPending
        ? t('entry.saving')
        : text === saved && saved !== ''
          ? t('entry.saved')
          : '';
  return (
    <Space orientation="vertical" size={0} style={{ width: '100%' }}>
      <Tooltip title={status} open={problem !== null || serverError !== null ? undefined : false}>
        <Input
          data-entry-cell
          aria-label={pick(element.name, i18n.language)}
          aria-invalid={problem !== null || serverError !== null}
          status={problem || serverError ? 'error' : undefined}
          inputMode="decimal"
          value={text}
          disabled={disabled}
          onChange={(e) => {
            setText(e.target.value);
          }}
          onBlur={commit}
          onKeyDown={onKey}
          style={{ maxWidth: 180 }}
        />
      </Tooltip>
      <Typography.Text
        type={problem || serverError ? 'danger' : 'secondary'}
        style={{ fontSize: 12 }}
        role="status"
      >
        {status}
      </Typography.Text>
    </Space>
  );
}
