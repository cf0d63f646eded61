/**
 * Checking one service event against its type in a rule set before it is saved: known type,
 * known fields, required fields present, numbers within the plausible range, options from the
 * list. The server calls this so a bad form changes nothing and says which field was wrong.
 */
import { AppError, type ErrorIssue } from '../errors';
import { isIsoDate } from './dates';
import type { FieldValue } from './facts';
import type { FieldDef, RuleSet } from './schema';

/** An event as a form submits it. */
export interface EventInput {
  type: string;
  date: string;
  fields: Record<string, FieldValue | undefined>;
}

/**
 * Problems with an event, empty when it is valid.
 */
export function eventIssues(ruleSet: RuleSet, event: EventInput): ErrorIssue[] {
  const type = ruleSet.eventTypes.find((t) => t.code === event.type);
  if (!type) {
    return [
      {
        field: 'type',
        value: event.type,
        message: {
          zh: `${ruleSet.name.zh}没有事件类型 ${event.type}`,
          en: `${ruleSet.name.en} has no event type ${event.type}`,
        },
      },
    ];
  }
  const issues: ErrorIssue[] = [];
  if (!isIsoDate(event.date)) {
    issues.push({ field: 'date', value: event.date, message: { zh: '日期无效', en: 'Invalid date' } });
  }
  for (const key of Object.keys(event.fields)) {
    if (!type.fields.some((f) => f.code === key)) {
      issues.push({
        field: `fields.${key}`,
        message: { zh: `${type.name.zh}没有字段 ${key}`, en: `${type.name.en} has no field ${key}` },
      });
    }
  }
  for (const def of type.fields) {
    const v = event.fields[def.code];
    const missing = v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
    if (missing) {
      if (def.required) {
        issues.push({
          field: `fields.${def.code}`,
          message: { zh: `必须填写${def.name.zh}`, en: `${def.name.en} is required` },
        });
      }
      continue;
    }
    const problem = checkValue(def, v);
    if (problem) issues.push({ field: `fields.${def.code}`, value: v, message: problem });
  }
  return issues;
}

function checkValue(def: FieldDef, v: FieldValue): { zh: string; en: string } | null {
  const n = def.name;
  switch (def.type) {
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        return { zh: `${n.zh}应为数字`, en: `${n.en} must be a number` };
      }
      if (def.integer && !Number.isInteger(v)) {
        return { zh: `${n.zh}应为整数`, en: `${n.en} must be a whole number` };
      }
      if (v < def.min || v > def.max) {
        const u = def.unit ? ` ${def.unit}` : '';
        return {
          zh: `${n.zh} ${v}${u} 超出合理范围 ${def.min}–${def.max}${u}`,
          en: `${n.en} ${v}${u} is outside the plausible range ${def.min}–${def.max}${u}`,
        };
      }
      return null;
    case 'code':
      if (typeof v !== 'string' || !def.options.some((o) => o.code === v)) {
        return {
          zh: `${n.zh}应为：${def.options.map((o) => o.name.zh).join('、')}`,
          en: `${n.en} must be one of: ${def.options.map((o) => o.code).join(', ')}`,
        };
      }
      return null;
    case 'codes': {
      const bad = Array.isArray(v) ? v.filter((x) => !def.options.some((o) => o.code === x)) : null;
      if (bad === null || bad.length > 0) {
        return {
          zh: `${n.zh}含未知选项${bad ? `：${bad.join('、')}` : ''}`,
          en: `${n.en} has unknown options${bad ? `: ${bad.join(', ')}` : ''}`,
        };
      }
      return null;
    }
    case 'boolean':
      return typeof v === 'boolean' ? null : { zh: `${n.zh}应为是或否`, en: `${n.en} must be yes or no` };
    case 'date':
      return typeof v === 'string' && isIsoDate(v)
        ? null
        : { zh: `${n.zh}日期无效`, en: `${n.en} is not a valid date` };
    case 'text':
      if (typeof v !== 'string') return { zh: `${n.zh}应为文字`, en: `${n.en} must be text` };
      return v.length > def.maxLength
        ? { zh: `${n.zh}超过 ${def.maxLength} 字`, en: `${n.en} exceeds ${def.maxLength} characters` }
        : null;
  }
}

/**
 * Check an event and throw when it is invalid.
 * @throws AppError VALIDATION_FAILED naming every wrong field
 */
export function validateEvent(ruleSet: RuleSet, event: EventInput): void {
  const issues = eventIssues(ruleSet, event);
  if (issues.length > 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      { zh: '服务记录有误', en: 'The service record is invalid' },
      issues
    );
  }
}
