// Browser mode: the built renderer and the API on 127.0.0.1, every API call guarded by a per-run
// token so no other local page or process can drive it. Forwards methods generically to core.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { extname, join, normalize, resolve, sep } from 'node:path'
import type { Core } from '../core/app'
import { CONTENT_SECURITY_POLICY, TOKEN_HEADER } from '../shared/security'
import { decodeWire, encodeWire } from '../shared/wire'
import { fail } from '../shared/result'

const MAX_BODY = 512 * 1024 * 1024

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.bcmap': 'application/octet-stream',
  '.pfb': 'application/octet-stream',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm'
}

export interface BrowserModeServer {
  server: Server
  url: string
  token: string
  close(): Promise<void>
}

export interface ServeOptions {
  core: Core
  rendererDir: string
  port?: number
  token?: string
}

function sameToken(given: string | undefined, token: string): boolean {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

function send(res: ServerResponse, status: number, body: string | Uint8Array | Uint8Array[], type: string): void {
  const parts = Array.isArray(body) ? body : [body]
  res.writeHead(status, {
    'content-type': type,
    'content-length': parts.reduce((n, p) => n + Buffer.byteLength(p), 0),
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store'
  })
  for (const p of parts) res.write(p)
  res.end()
}

function sendResult(res: ServerResponse, status: number, result: unknown): void {
  const message = encodeWire(result)
  send(res, status, message.parts, message.type)
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY) throw new Error('body too large')
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

export function startBrowserMode(options: ServeOptions): Promise<BrowserModeServer> {
  const { core } = options
  const token = options.token ?? randomBytes(24).toString('base64url')
  const root = resolve(options.rendererDir)
  let origin = ''

  // DNS rebinding: a page on another name that resolves to 127.0.0.1 must not reach us.
  const trustedHost = (req: IncomingMessage) => req.headers.host === new URL(origin).host

  async function serveStatic(pathname: string, res: ServerResponse): Promise<void> {
    const file = normalize(join(root, decodeURIComponent(pathname === '/' ? '/index.html' : pathname)))
    if (file !== root && !file.startsWith(root + sep)) return send(res, 403, 'forbidden', 'text/plain')
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file')
      send(res, 200, await readFile(file), MIME[extname(file)] ?? 'application/octet-stream')
    } catch {
      send(res, 404, 'not found', 'text/plain')
    }
  }

  function serveEvents(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive'
    })
    res.write(': connected\n\n')
    // Events are plain JSON (the ApiEvent type carries no bytes).
    const unsubscribe = core.events.subscribe((event) => res.write(`data: ${JSON.stringify(event)}\n\n`))
    req.on('close', unsubscribe)
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', origin)
      if (!trustedHost(req)) return send(res, 403, 'forbidden host', 'text/plain')
      if (!url.pathname.startsWith('/api/')) {
        if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed', 'text/plain')
        return serveStatic(url.pathname, res)
      }
      // EventSource cannot send headers, so the event stream alone takes the token in the query.
      if (url.pathname === '/api/events' && req.method === 'GET') {
        if (!sameToken(url.searchParams.get('token') ?? undefined, token)) {
          return sendResult(res, 403, fail('forbidden', '缺少或错误的访问令牌'))
        }
        return serveEvents(req, res)
      }
      const header = req.headers[TOKEN_HEADER]
      if (!sameToken(typeof header === 'string' ? header : undefined, token)) {
        return sendResult(res, 403, fail('forbidden', '缺少或错误的访问令牌'))
      }
      if (req.method !== 'POST') return sendResult(res, 405, fail('invalid-input', '只接受 POST'))
      let input: unknown
      try {
        const body = await readBody(req)
        input = body.byteLength ? decodeWire(body, req.headers['content-type']) : {}
      } catch {
        return sendResult(res, 400, fail('invalid-input', '请求体不是有效的 JSON'))
      }
      const result = await core.invoke(url.pathname.slice('/api/'.length), input)
      sendResult(res, 200, result)
    })().catch((e: unknown) => {
      if (!res.headersSent) sendResult(res, 500, fail('internal', String(e)))
    })
  })

  return new Promise((resolvePromise, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      origin = `http://127.0.0.1:${port}`
      resolvePromise({
        server,
        token,
        url: `${origin}/#token=${token}`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections()
            server.close(() => done())
          })
      })
    })
  })
}
