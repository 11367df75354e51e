// evaluateCells re-runs the identities on corrected values, as the store does after each edit.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { evaluateCells } from '../../../src/core/check'
import { extractFile } from '../../../src/core/extract'

const DIR = join(__dirname, '../../fixtures/extract')

describe('evaluateCells', () => {
  it('clears the flags of an identity fixed by a correction and never touches corrected cells', async () => {
    // r14 prints 行政复议 总计 4 over parts summing to 3 (its truth's identity_violations).
    const ex = await extractFile(join(DIR, 'r14_2022_health.html'))
    expect(ex.checks.map((c) => c.rule)).toEqual(['review-row'])
    const bad = ex.cells['review/reconsideration/total']
    expect(bad?.status).toBe('check')
    const fixed = evaluateCells(ex.template, {
      ...ex.cells,
      'review/reconsideration/total': { value: 3, status: 'corrected' }
    })
    expect(fixed.checks).toEqual([])
    expect(fixed.cells['review/reconsideration/total']?.status).toBe('corrected')
    expect(fixed.cells['review/reconsideration/maintained']?.status).toBe('ok')
  })

  it('names the rule, the cells and the numbers in words', async () => {
    const ex = await extractFile(join(DIR, 'r14_2022_health.html'))
    expect(ex.checks[0]?.message).toBe('行政复议：总计 4 ≠ 结果维持 2 + 结果纠正 1 + 其他结果 0 + 尚未审结 0')
    expect(ex.checks[0]?.cells).toContain('review/reconsideration/total')
  })
})
