// Moved to app/domain/clock/china-time.ts (the one time module). Kept only as a re-export for the
// announcement pages being rewritten on main (announcements.new, announcements.$id.manage); delete
// this file once they import from the clock module.
export { chinaLocalToIso, isoToChinaLocal } from '#app/domain/clock/china-time.ts'
