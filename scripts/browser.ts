// Debian's Chromium and CJK fonts for the end-to-end tests, installed with apt when missing (as root).
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

function packageInstalled(name: string): boolean {
  try {
    const status = execFileSync('dpkg-query', ['-W', '-f=${Status}', name], { stdio: ['ignore', 'pipe', 'ignore'] })
    return status.toString().includes('install ok installed')
  } catch {
    return false
  }
}

export function ensureBrowser(): void {
  const missing = [
    ...(fs.existsSync(CHROMIUM_PATH) ? [] : ['chromium']),
    ...(packageInstalled('fonts-noto-cjk') ? [] : ['fonts-noto-cjk']),
  ]
  if (missing.length === 0) return
  if (process.getuid?.() !== 0) {
    throw new Error(`The end-to-end tests need ${missing.join(' and ')}: sudo apt-get install ${missing.join(' ')}`)
  }
  process.stderr.write(`[test] installing ${missing.join(', ')} with apt-get…\n`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
  execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env })
}
