import { svelte } from '@sveltejs/vite-plugin-svelte'
import { defineConfig } from 'electron-vite'
import type { Plugin } from 'vite'
import { cpSync, createReadStream, existsSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'

/**
 * pdf.js needs its CJK cmaps, standard fonts and wasm decoders at run time, offline: serve them in
 * dev and copy them next to the renderer bundle at build (renderer/src/lib/pdf/options.ts points at /pdfjs/).
 */
function pdfjsAssets(): Plugin {
  const from = resolve('node_modules/pdfjs-dist')
  const dirs = ['cmaps', 'standard_fonts', 'wasm']
  return {
    name: 'nianbao-pdfjs-assets',
    configureServer(server) {
      server.middlewares.use('/pdfjs', (req, res, next) => {
        const file = join(from, decodeURIComponent((req.url ?? '').split('?')[0] ?? ''))
        if (!file.startsWith(from) || !dirs.some((d) => file.startsWith(join(from, d))) || !existsSync(file) || !statSync(file).isFile()) return next()
        createReadStream(file).pipe(res)
      })
    },
    writeBundle(options) {
      for (const d of dirs) cpSync(join(from, d), join(options.dir ?? resolve('out/renderer'), 'pdfjs', d), { recursive: true })
    }
  }
}

export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rollupOptions: { input: { index: resolve('src/main/index.ts') } }
    }
  },
  preload: {
    // A sandboxed preload cannot load chunks or npm modules: one CJS file importing only api-methods.
    build: {
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true }
      }
    }
  },
  renderer: {
    root: resolve('src/renderer'),
    publicDir: resolve('src/renderer/public'),
    build: {
      rollupOptions: { input: { index: resolve('src/renderer/index.html') } }
    },
    plugins: [svelte(), pdfjsAssets()]
  }
})
