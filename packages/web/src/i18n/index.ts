/** i18next set-up: Chinese by default, English on request; the choice is remembered. */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { residentsEn, residentsZh } from './residents';
import { zh } from './zh';

export type Lang = 'zh' | 'en';

const stored = typeof localStorage !== 'undefined' ? localStorage.getItem('weijian.lang') : null;

void i18n.use(initReactI18next).init({
  resources: {
    zh: { translation: { ...zh, res: residentsZh } },
    en: { translation: { ...en, res: residentsEn } },
  },
  lng: stored === 'en' ? 'en' : 'zh',
  fallbackLng: 'zh',
  interpolation: { escapeValue: false },
});

/** Switch the interface language and remember it. */
export function setLanguage(lang: Lang): void {
  localStorage.setItem('weijian.lang', lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  void i18n.changeLanguage(lang);
}

/** Pick the text for the current language from a { zh, en } pair. */
export function pick(text: { zh: string; en: string } | null | undefined, lang: string): string {
  if (!text) return '';
  return lang.startsWith('en') ? text.en : text.zh;
}

export default i18n;
