// The one Sidequest job class, in plain JavaScript on purpose: Sidequest imports this file itself
// (manual job resolution, see jobs/engine.server.ts) with Node's own loader, which cannot load
// TypeScript on Node 20. It holds no logic: it hands each job to the zjcs job registry of this
// process (the engine runs in-process with the inline runner), which validates the payload and
// runs the handler registered under the job's name.
import { Job } from 'sidequest'

/** Where jobs/engine.server.ts publishes its dispatcher (a global: this file is loaded apart). */
export const DISPATCH_KEY = Symbol.for('zjcs.jobs.dispatch')

export class ZjcsJob extends Job {
  /**
   * @param {string} name the registered job name, e.g. "email.dispatch"
   * @param {unknown} payload the job's arguments, validated against the job's schema before it runs
   * @param {string | null} [_uniqueKey] only part of Sidequest's uniqueness digest
   */
  async run(name, payload, _uniqueKey = null) {
    /** @type {undefined | ((name: string, payload: unknown, signal: AbortSignal) => Promise<{ ok: true } | { ok: false, reason: string }>)} */
    const dispatch = globalThis[DISPATCH_KEY]
    // Thrown (not failed) so that Sidequest retries: a process that knows the job may take it.
    if (typeof dispatch !== 'function') throw new Error(`no zjcs job registry in this process for ${name}`)
    const outcome = await dispatch(name, payload, this.abortSignal)
    // A payload that does not match the schema will never run: fail at once instead of retrying.
    if (!outcome.ok) return this.fail(outcome.reason)
    return undefined
  }
}

// Sidequest records the class by name; keep it fixed even if a bundler renames the binding.
Object.defineProperty(ZjcsJob, 'name', { value: 'ZjcsJob' })
export default ZjcsJob
