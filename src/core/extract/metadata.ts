// Report metadata from the prose: agency (机关名称), report year, publication date.
import { halfWidth, hasTraditional, toSimplified } from './normalize'

const AGENCY_END = '(?:局|委员会|委|办公室|办|院|政府|中心|厅|部|署|会|所|站|队|处|室|馆|街道办事处|管理委员会|监狱)'
const AGENCY = new RegExp(`^[\\u4e00-\\u9fff（）()]{2,40}?${AGENCY_END}$`)
const TITLE = /^#*\s*([\u4e00-\u9fff（）()]{2,30}?)(?:关于)?\s*[（(]?\s*(20\d\d)\s*[）)]?\s*年度?\s*(?:政府)?(?:信息公开|政务公开)/
/** The date closing a report, under its signature. */
const CLOSING_DATE = /^(20\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$/

// Short forms reports use for their own name in titles; the full form is the canonical one.
const FULL_NAMES: [string, string][] = [
  ['科技局', '科学技术局'],
  ['发改委', '发展和改革委员会'],
  ['卫健委', '卫生健康委员会'],
  ['人社局', '人力资源和社会保障局'],
  ['住建局', '住房和城乡建设局'],
  ['市监局', '市场监督管理局'],
  ['生态环境局', '生态环境局']
]

/**
 * `traditional` is decided on the whole report: a piece of a traditional report may hold only
 * characters the quick test does not list. Simplified reports never pay for the converter.
 */
function cleanText(s: string, traditional: boolean): string {
  return toSimplified(halfWidth(s), traditional).replace(/[\s#*]/g, '')
}

function expand(name: string): string {
  for (const [short, full] of FULL_NAMES) if (name.endsWith(short) && !name.endsWith(full)) return name.slice(0, -short.length) + full
  return name
}

function lines(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter(Boolean)
}

export function findYear(text: string): number | null {
  const head = cleanText(text.slice(0, 3000), hasTraditional(text))
  const m =
    /(20\d\d)年度?(?:政府)?(?:信息公开|政务公开)(?:工作)?(?:年度)?报告/.exec(head) ??
    /统计期限自(20\d\d)年/.exec(head) ??
    /(20\d\d)年(?:，|,|度|以来)/.exec(head) ??
    /(20\d\d)年/.exec(head)
  return reportYear(m)
}

/** The matched year when it can be a report's (the first reports are of 2008). */
function reportYear(m: RegExpExecArray | null): number | null {
  const y = m ? Number(m[1]) : NaN
  return y >= 2008 && y <= 2100 ? y : null
}

/**
 * The report year from a file name such as 2023年度政府信息公开工作年度报告.pdf or 青岛_2024_扫描.png,
 * for pages that print no year (a photo of one table); a year glued to other digits or letters
 * (a hash, a date like 20230115) does not count.
 */
export function yearFromName(name: string): number | null {
  const base = name.split(/[\\/]/).pop() ?? ''
  return reportYear(/(?<![0-9A-Za-z])(20\d\d)(?:年|(?![0-9A-Za-z]))/.exec(base))
}

function iso(y: string, m: string, d: string): string {
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`
}

export function findPublished(text: string): string | null {
  const ls = lines(text)
  // The date under the signature, at the end of the report.
  for (let i = ls.length - 1; i >= Math.max(0, ls.length - 12); i--) {
    const m = CLOSING_DATE.exec(halfWidth(ls[i] ?? '').replace(/\s+/g, ''))
    if (m) return iso(m[1] ?? '', m[2] ?? '', m[3] ?? '')
  }
  const meta = /(?:发文日期|发布日期|成文日期|发布时间)[:：]?\s*(20\d\d)[-年/.](\d{1,2})[-月/.](\d{1,2})/.exec(text)
  if (meta) return iso(meta[1] ?? '', meta[2] ?? '', meta[3] ?? '')
  const inline = /(20\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:【|$)/m.exec(text.slice(-600))
  return inline ? iso(inline[1] ?? '', inline[2] ?? '', inline[3] ?? '') : null
}

export function findAgency(text: string): string | null {
  const ls = lines(text)
  const trad = hasTraditional(text)
  const clean = (s: string): string => cleanText(s, trad)
  // Each place that names the agency votes; the site banner of an HTML page only weakly.
  const votes = new Map<string, number>()
  const vote = (name: string | undefined, weight: number): void => {
    const n = name ? expand(name) : ''
    if (n.length >= 2) votes.set(n, (votes.get(n) ?? 0) + weight)
  }
  const meta = /(?:发布机构|发文机关)[:：]\s*\t?\s*([\u4e00-\u9fff（）()]{2,40})/.exec(text)
  if (meta?.[1]) vote(clean(meta[1]), 3)
  // The signature: the line before the closing date.
  for (let i = ls.length - 1; i >= Math.max(1, ls.length - 12); i--) {
    if (isClosingDate(ls[i] ?? '')) {
      const sig = clean(ls[i - 1] ?? '')
      if (AGENCY.test(sig)) vote(sig, 3)
      break
    }
  }
  for (const l of ls.slice(0, 12)) {
    const c = clean(l)
    const t = TITLE.exec(c)
    if (t?.[1] && t[1].length >= 2) vote(t[1].replace(/关于$/, ''), 2)
    else if (AGENCY.test(c)) vote(c, 1)
  }
  // Flat dumps keep the title inside one long line.
  const flat = /名称[:：]([\u4e00-\u9fff]{2,40}?)(?:关于)?(20\d\d)年度?(?:政府)?信息公开/.exec(clean(text.slice(0, 3000)))
  if (flat?.[1]) vote(flat[1], 2)
  const ranked = [...votes].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length)
  if (ranked[0]) return ranked[0][0]
  // Untitled reports (seed 003) name only the office: take the place from the prose (海安科技局).
  const title = /^(.{2,12}?)(?:政府信息公开|信息公开)/.exec(clean(ls[0] ?? ''))
  // A table's heading (三、收到和处理…) on a page of one table is not an office.
  if (!title?.[1] || !AGENCY.test(title[1])) return null
  const office = title[1]
  // OCR'd first lines can hold any character; the office is matched literally.
  const literal = office.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const body = clean(text)
  const place = new RegExp(`([\\u4e00-\\u9fff]{2,3}?)(?:市|县|区)?${literal}`).exec(body.startsWith(office) ? body.slice(office.length) : body)
  const full = expand(office)
  return place?.[1] ? `${place[1]}${/[市县区]$/.test(place[1]) ? '' : '市'}${full}` : full
}

/**
 * Whether lines read from the top of a report hold its title, naming agency and year (a title
 * can wrap): OCR of a scan reads no further opening lines then.
 */
export function holdsTitle(lines: string[]): boolean {
  return lines.some((_, i) => (TITLE.exec(cleanText(lines.slice(i).join(''), false))?.[1]?.length ?? 0) >= 2)
}

/** Whether a line is a closing date such as 2022年1月22日: the signature is the line above it. */
export function isClosingDate(line: string): boolean {
  return CLOSING_DATE.test(line.replace(/\s+/g, ''))
}
