// The files of /api/docs: Swagger UI's bundle and style from the swagger-ui-dist package (read from
// node_modules, never a CDN) and the few lines that start it on /api/v1/openapi.json.
import fs from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'

const ASSETS: Record<string, string> = {
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
}

const INIT = `window.ui = SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#swagger-ui', deepLinking: true, docExpansion: 'none' })\n`

const distDir = () => path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))

export async function loader({ params }: { params: Record<string, string | undefined> }) {
  const name = params.asset ?? ''
  if (name === 'init.js') return new Response(INIT, { headers: { 'Content-Type': 'application/javascript; charset=utf-8' } })
  const type = ASSETS[name]
  if (!type) return new Response('未找到', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  const body = await fs.readFile(path.join(distDir(), name))
  return new Response(body, { headers: { 'Content-Type': type, 'Cache-Control': 'public, max-age=3600' } })
}
