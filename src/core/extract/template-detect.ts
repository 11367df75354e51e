// Which template a report follows, from the wording of its tables; the report year only breaks ties.
import type { TemplateId } from '../../shared/templates'
import { normLabel } from './normalize'

const MARKS: Record<TemplateId, string[]> = {
  '2021': ['本年制发件数', '本年废止件数', '现行有效件数', '逾期不补正', '缴纳费用', '本年收费金额'],
  '2019': ['本年新制作数量', '本年新公开数量', '对外公开总数量', '上一年项目数量', '采购项目数量', '采购总金额', '政府集中采购']
}

export function detectTemplate(text: string, year: number | null): TemplateId {
  const norm = normLabel(text)
  const score = (t: TemplateId): number => MARKS[t].filter((m) => norm.includes(m)).length
  const a = score('2021')
  const b = score('2019')
  if (a !== b) return a > b ? '2021' : '2019'
  return year !== null && year <= 2020 ? '2019' : '2021'
}
