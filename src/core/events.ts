import type { ApiEvent } from '../shared/api'

export interface EventHub {
  emit(event: ApiEvent): void
  subscribe(listener: (event: ApiEvent) => void): () => void
}

export function createEventHub(): EventHub {
  const listeners = new Set<(event: ApiEvent) => void>()
  return {
    emit(event) {
      for (const l of listeners) l(event)
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    }
  }
}
