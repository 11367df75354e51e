// Digit runs of `_flat` dumps: every split a row could have printed, and nothing else.
import { describe, expect, it } from 'vitest'
import { digitSplits } from '../../../src/core/extract/split'

const any = (): boolean => true

describe('digitSplits', () => {
  it('gives a decimal fraction to the last cell (政府集中采购4115.51万元)', () => {
    expect(digitSplits('4115.51万元', 2, any)).toEqual([
      [4, 115.51],
      [41, 15.51],
      [411, 5.51]
    ])
  })

  it('starts a cell at a sign, only in a column that can be negative (行政许可200+90)', () => {
    expect(digitSplits('200+90', 3, any, new Set([1]))).toEqual([[200, 9, 0]])
    expect(digitSplits('200+90', 3, any)).toEqual([])
  })

  it('keeps only the splits the row accepts, every one of them', () => {
    const total = (v: number[]): boolean => v[0]! + v[1]! + v[2]! === v[3]
    expect(digitSplits('191020', 4, total)).toEqual([
      [1, 9, 10, 20],
      [19, 1, 0, 20]
    ])
  })
})
