// Building blocks of the documented answers (responses in apiRoute, openapi.server.ts): the API's
// conventions of API.md as zod schemas — times in ISO 8601 with offset, money as a decimal string in
// yuan with two decimals, lists as { items, page, pageSize, total }.
import { z } from '#app/utils/zod.ts'

export const Instant = z.iso.datetime({ offset: true })
export const Day = z.iso.date()
export const Yuan = z.string().regex(/^-?\d+\.\d{2}$/)
export const Id = z.string().min(1)

/** A paginated list of `item`. */
export const paged = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), page: z.number().int(), pageSize: z.number().int(), total: z.number().int() })

/** An unpaginated list: `{ items }`. */
export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) })

/** `{ id }` of a created row. */
export const Created = z.object({ id: Id })

/** `{ id, status }` after an event, with the status among `states`. */
export const statusAnswer = <const S extends readonly [string, ...string[]]>(states: S) =>
  z.object({ id: Id, status: z.enum(states) })

export const Revoked = z.object({ id: Id, revoked: z.literal(true) })

/** The media types a stored upload is served with (the types app/utils/file-type.ts recognizes). */
export const UPLOADED_FILE_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const
