// Which screen is open, kept in the address hash (#/ or #/doc/12) so reload and back work.
class Router {
  docId = $state<number | null>(parse(location.hash))

  constructor() {
    window.addEventListener('hashchange', () => {
      this.docId = parse(location.hash)
    })
  }

  openDocument(id: number): void {
    location.hash = `#/doc/${id}`
  }

  openLibrary(): void {
    location.hash = '#/'
  }
}

function parse(hash: string): number | null {
  const m = /^#\/doc\/(\d+)$/.exec(hash)
  return m ? Number(m[1]) : null
}

export const router = new Router()
