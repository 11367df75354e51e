import { describe, expect, it } from 'vitest'
import { parseCellInput } from '../../../src/renderer/src/lib/cell-input'

const COUNT = 'requests/new/natural'

describe('parseCellInput', () => {
  it('takes counts as typed, with full-width digits and separators', () => {
    expect(parseCellInput(COUNT, '12')).toEqual({ ok: true, value: 12 })
    expect(parseCellInput(COUNT, '１２３')).toEqual({ ok: true, value: 123 })
    expect(parseCellInput(COUNT, '1,234')).toEqual({ ok: true, value: 1234 })
    expect(parseCellInput(COUNT, ' 7 ')).toEqual({ ok: true, value: 7 })
  })

  it('reads an empty cell as not printed', () => {
    expect(parseCellInput(COUNT, '')).toEqual({ ok: true, value: null })
  })

  it('refuses letters, negative counts and fractions of a count', () => {
    expect(parseCellInput(COUNT, 'abc')).toEqual({ ok: false, message: 'input.notNumber' })
    expect(parseCellInput(COUNT, '1e3')).toEqual({ ok: false, message: 'input.notNumber' })
    expect(parseCellInput(COUNT, '-1')).toEqual({ ok: false, message: 'input.negative' })
    expect(parseCellInput(COUNT, '2.5')).toEqual({ ok: false, message: 'input.fraction' })
  })

  it('lets 本年增/减 go negative and amounts in 万元 carry decimals', () => {
    expect(parseCellInput('item20_5/licensing/change', '－3')).toEqual({ ok: true, value: -3 })
    expect(parseCellInput('item20_8/fees/amount', '13.7')).toEqual({ ok: true, value: 13.7 })
    expect(parseCellInput('item20_8/fees/amount', '-1')).toEqual({ ok: false, message: 'input.negative' })
  })
})
