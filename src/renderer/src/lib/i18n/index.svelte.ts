// The UI language: Simplified Chinese first, English on request. Table labels stay as the
// official template prints them in both languages (they are what the reviewer compares).
import { en } from './en'
import { zhCN, type MessageKey } from './zh-CN'

export type Locale = 'zh-CN' | 'en'
const LOCALE_KEY = 'nianbao-locale'
const catalogs: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en }

class I18n {
  locale = $state<Locale>(localStorage.getItem(LOCALE_KEY) === 'en' ? 'en' : 'zh-CN')

  t = (key: MessageKey, params?: Record<string, string | number>): string => {
    const text = catalogs[this.locale][key]
    return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => String(params[name] ?? m)) : text
  }

  set(locale: Locale): void {
    this.locale = locale
    localStorage.setItem(LOCALE_KEY, locale)
    document.documentElement.lang = locale
  }
}

export const i18n = new I18n()
export const t = i18n.t
export type { MessageKey }
