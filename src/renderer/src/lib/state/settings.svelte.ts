// The reviewer's name (recorded with each correction) and the saved UI language.
import { api } from '../api-client'
import { i18n } from '../i18n/index.svelte'

class SettingsState {
  reviewer = $state('')

  async load(): Promise<void> {
    const res = await api.getSettings({})
    if (res.ok) {
      this.reviewer = res.value.reviewer
    }
  }

  async setReviewer(name: string): Promise<void> {
    this.reviewer = name.trim()
    await api.setSettings({ reviewer: this.reviewer, locale: i18n.locale })
  }
}

export const settings = new SettingsState()
void settings.load()
