// Whether the OCR's own words are drawn over scanned pages: the reviewer's choice, remembered.
const SHOW_KEY = 'nianbao-show-words'

class WordsChoice {
  show = $state(localStorage.getItem(SHOW_KEY) !== 'off')

  toggle(): void {
    this.show = !this.show
    localStorage.setItem(SHOW_KEY, this.show ? 'on' : 'off')
  }
}

export const ocrWords = new WordsChoice()
