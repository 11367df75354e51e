// The source pane: the report's original bytes and text, the page shown and the zoom. The page
// follows the selected cell until the reviewer turns pages by hand.
import type { DocumentDetail, SourceView } from '../../../../shared/api'
import type { Result } from '../../../../shared/result'
import { fitScale, warmPdfWorker } from '../pdf/document'
import { cellBoxes } from '../source-boxes'
import { forget, isPdf, loadSource, prefetchSource, warmSource } from '../source-cache'
import { review } from './review.svelte'

export type Zoom = number | 'fit'

const WIDTH_KEY = 'nianbao.source.width'

class SourceState {
  id = $state<number | null>(null)
  view = $state.raw<SourceView | null>(null)
  error = $state<string | null>(null)
  pages = $state(0)
  zoom = $state<Zoom>('fit')
  /** The PDF pane's width, kept across reports and sessions so a page can be drawn ahead at the size it will be shown. */
  private paneWidth = Number(localStorage.getItem(WIDTH_KEY)) || 0
  /** A page turned by hand, remembered with the cell selected at the time. */
  private manual = $state<{ page: number; forKey: string | null } | null>(null)

  boxes = $derived(this.view && review.doc ? cellBoxes(review.doc.cells, this.view.spans) : new Map<string, never>())
  selectedBoxes = $derived(review.selected ? (this.boxes.get(review.selected) ?? []) : [])
  page = $derived.by(() => {
    if (this.manual && this.manual.forKey === review.selected) return this.manual.page
    return this.selectedBoxes[0]?.page ?? this.manual?.page ?? 1
  })

  /** `detail` (the report's cells) names the page it opens on, parsed while the tables are built. */
  async open(id: number, detail?: Promise<Result<DocumentDetail>>): Promise<void> {
    this.id = id
    this.view = null
    this.error = null
    this.pages = 0
    this.manual = null
    const pending = loadSource(id)
    warmPdfWorker()
    if (detail) warmSource(id, detail, this.scaleFor)
    const res = await pending
    if (this.id !== id) return
    if (res.ok) this.view = res.value
    else this.error = res.error.message
  }

  /** The pointer rests on a report in the library. */
  prefetch(id: number): void {
    prefetchSource(id, this.scaleFor)
  }

  /** The scale a page `pageWidth` points wide will be shown at; null before any pane was measured. */
  scaleFor = (pageWidth: number): number | null =>
    this.zoom !== 'fit' ? this.zoom : this.paneWidth > 0 ? fitScale(pageWidth, this.paneWidth) : null

  rememberPaneWidth(width: number): void {
    if (width <= 0 || width === this.paneWidth) return
    this.paneWidth = width
    localStorage.setItem(WIDTH_KEY, String(width))
  }

  /** The review screen closed: changes to this report no longer concern the pane. */
  close(): void {
    this.id = null
    this.view = null
  }

  /**
   * Reports changed elsewhere (extraction, deletion) are read afresh when next opened. The open one
   * keeps its drawn PDF (its bytes never change); a report opened before it was read gets its text.
   */
  documentsChanged(ids: number[]): void {
    for (const id of ids) if (id !== this.id) forget(id)
    const view = this.view
    if (this.id !== null && ids.includes(this.id) && view && !view.form && !isPdf(view)) {
      forget(this.id)
      void this.open(this.id)
    }
  }

  goTo(page: number): void {
    this.manual = { page: Math.min(Math.max(1, page), Math.max(1, this.pages)), forKey: review.selected }
  }

  zoomBy(factor: number, current: number): void {
    this.zoom = Math.min(4, Math.max(0.25, Math.round(current * factor * 100) / 100))
  }
}

export const source = new SourceState()
