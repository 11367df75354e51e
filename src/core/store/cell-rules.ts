// What a reviewer may type into a cell: counts are non-negative integers, 本年增/减 may be
// negative, amounts in 万元 may be decimals (templates.json identities, last line).
import { NianbaoError } from '../errors'
import { splitCellKey } from '../../shared/templates'

export function checkCellValue(key: string, value: number | null): void {
  if (value === null) return
  const { column } = splitCellKey(key)
  if (column !== 'change' && value < 0) {
    throw new NianbaoError('invalid-input', `${key} 不能为负数：${value}`)
  }
  if (column !== 'amount' && !Number.isInteger(value)) {
    throw new NianbaoError('invalid-input', `${key} 是件数，应为整数：${value}`)
  }
}
