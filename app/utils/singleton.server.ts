// One instance per process, shared by the Remix build and the code that starts it (server, worker,
// scripts), which otherwise each get their own copy of a module's state.
export function singleton<T>(name: string, create: () => T): T {
  const registry = globalThis as unknown as { __zjcs?: Map<string, unknown> }
  registry.__zjcs ??= new Map()
  if (!registry.__zjcs.has(name)) registry.__zjcs.set(name, create())
  return registry.__zjcs.get(name) as T
}
