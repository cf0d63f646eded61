import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password-policy';

describe('password policy', () => {
  it('accepts long, uncommon passwords', () => {
    for (const p of ['correct horse battery', 'Futian-2026-plan!', '福田区卫生健康局规划科二〇二六年']) {
      expect(passwordProblem(p, 'li.hua'), p).toBeNull();
    }
  });

  it('refuses fewer than 12 characters', () => {
    expect(passwordProblem('Abc-12345!x')?.en).toMatch(/at least 12/);
  });

  it('refuses common passwords, also with digits or symbols around them', () => {
    // From the leaked-password list: qwertyuiopasdf is not, but these are (or are built on one).
    for (const p of [
      '1qaz2wsx3edc',
      'qwerty123456',
      'password2024!',
      'iloveyou1314',
      'woaini520131',
      '!!superman2026',
    ]) {
      expect(passwordProblem(p)?.en, p).toMatch(/common password/);
    }
  });

  it('refuses repeated and consecutive characters, and the user name', () => {
    expect(passwordProblem('aaaaaaaaaaaa')?.en).toMatch(/repeated or consecutive/);
    expect(passwordProblem('abcabcabcabc')?.en).toMatch(/repeated or consecutive/);
    expect(passwordProblem('abcdefghijklm')?.en).toMatch(/repeated or consecutive/);
    expect(passwordProblem('345678901234')?.en).toMatch(/repeated or consecutive/);
    expect(passwordProblem('zhang.wei-2026-x', 'zhang.wei')?.en).toMatch(/user name/);
  });
});
