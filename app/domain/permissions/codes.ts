// The permission codes, as the migrations seed them into the Permission table. This list is the one
// source of truth on the TypeScript side: `can` and `requirePermission` accept only the
// `action:entity` part of a listed code, so a typo fails the type check, and an integration test
// (tests/integration/permissions.test.ts) proves that the migrated table holds exactly these
// codes. A migration that adds a code adds it here too, and the other way round.
//
// A code reads action:entity:scope, where the scope is
//   own    rows of the acting organization (or, with no row, acting for it),
//   field  rows within the department's field: its supervised service items or its field's
//          qualification types and approval items, in its region and below,
//   any    platform-wide.
// Which organization may do what follows from which roles hold which codes (RolePermission):
// only intermediary roles hold create:bid:own, only owner roles create:project:own, and so on.
export const PERMISSION_CODES = [
  'read:me:own',
  'manage:token:own',
  'update:organization:own',
  'manage:member:own',
  'read:profile:own',
  'update:profile:own',
  'create:qualification:own',
  'create:project:own',
  'read:project:own',
  'read:project:field',
  'read:project:any',
  'manage:announcement:own',
  'create:bid:own',
  'respond:direct-selection:own',
  'file:objection:own',
  'decide:objection:field',
  'decide:objection:any',
  'verify:qualification:field',
  'verify:qualification:any',
  'suspend:organization:field',
  'suspend:organization:any',
  'record:credit-record:field',
  'review:credit-record:field',
  'review:credit-record:any',
  'contest:credit-record:own',
  'decide:blacklist:field',
  'apply:credit-repair:own',
  'decide:credit-repair:field',
  'file:complaint:own',
  'decide:complaint:field',
  'decide:complaint:any',
  'read:supervision:field',
  'read:supervision:any',
  'manage:catalogue:any',
  'manage:department:any',
  'manage:platform-rule:any',
  'read:audit:any',
  'manage:approval-system:any',
  'manage:webhook:own',
] as const satisfies ReadonlyArray<`${string}:${string}:${Scope}`>

export type PermissionCode = (typeof PERMISSION_CODES)[number]

export type Scope = 'own' | 'field' | 'any'

/** What a caller asks for: a code without its scope, e.g. "verify:qualification". */
export type Permission = PermissionCode extends infer C
  ? C extends `${infer Action}:${infer Entity}:${Scope}`
    ? `${Action}:${Entity}`
    : never
  : never

const CODES: ReadonlySet<string> = new Set(PERMISSION_CODES)

export function isPermissionCode(code: string): code is PermissionCode {
  return CODES.has(code)
}
