/**
 * What a password must be: at least 12 characters, not a common password (the 49,000-word list of
 * leaked passwords that zxcvbn ships, Chinese favourites such as 5201314 and woaini included),
 * not a common password dressed up with digits or symbols at either end, not one short piece
 * repeated, not a run along the keyboard or the alphabet, and not the user name.
 */
import { dictionary } from '@zxcvbn-ts/language-common';
import { AppError, type Bilingual } from '@weijian/core';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

const COMMON = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));

function isRun(p: string): boolean {
  if (p.length < 4) return false;
  const step = p.charCodeAt(1) - p.charCodeAt(0);
  if (Math.abs(step) !== 1) return false;
  for (let i = 2; i < p.length; i++) {
    const d = p.charCodeAt(i) - p.charCodeAt(i - 1);
    // 7890 continues 1234567890 on the keyboard's number row.
    if (d !== step && !(p[i - 1] === '9' && p[i] === '0') && !(p[i - 1] === '0' && p[i] === '9')) {
      return false;
    }
  }
  return true;
}

/** Why a password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, username?: string): Bilingual | null {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return {
      zh: `密码至少 ${MIN_PASSWORD_LENGTH} 个字符`,
      en: `Password must have at least ${MIN_PASSWORD_LENGTH} characters`,
    };
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    return {
      zh: `密码最多 ${MAX_PASSWORD_LENGTH} 个字符`,
      en: `Password must have at most ${MAX_PASSWORD_LENGTH} characters`,
    };
  }
  const lower = password.toLowerCase();
  const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  if (COMMON.has(lower) || (core.length >= 4 && COMMON.has(core))) {
    return {
      zh: '这是常见密码（或常见密码加数字、符号），容易被猜中',
      en: 'This is a common password (or one with digits or symbols added) and easy to guess',
    };
  }
  if (/^(.{1,6})\1+$/su.test(lower) || isRun(lower)) {
    return {
      zh: '密码不能是重复或连续的字符',
      en: 'Password must not be a repeated or consecutive sequence',
    };
  }
  if (username && username.length >= 3 && lower.includes(username.toLowerCase())) {
    return { zh: '密码不能包含用户名', en: 'Password must not contain the user name' };
  }
  return null;
}

/**
 * Refuse a password that breaks the policy.
 * @throws AppError VALIDATION_FAILED naming the field
 */
export function assertPasswordAcceptable(password: string, username?: string, field = 'password'): void {
  const problem = passwordProblem(password, username);
  if (problem) throw new AppError('VALIDATION_FAILED', problem, [{ field, message: problem }]);
}
