// The documented answers of the OCDS API (openapi.server.ts): the package frame strictly, each
// release loosely (OCDS releases carry extension fields; tests/helpers/ocds-schema.ts checks them
// against the standard's rules).
import { Instant } from '#app/utils/api-schemas.ts'
import { z } from '#app/utils/zod.ts'

const Release = z.looseObject({
  ocid: z.string(),
  id: z.string(),
  date: Instant,
  tag: z.array(z.string()).min(1),
  initiationType: z.literal('tender'),
})

const head = {
  uri: z.url(),
  version: z.literal('1.1'),
  extensions: z.array(z.url()),
  publisher: z.object({
    name: z.string(),
    scheme: z.string().nullable(),
    uid: z.string().nullable(),
    uri: z.string().nullable(),
  }),
  license: z.url(),
  publishedDate: Instant,
}

export const ReleasePackageAnswer = z.object({
  ...head,
  releases: z.array(Release),
  links: z.object({ next: z.url() }).optional(),
})

export const RecordPackageAnswer = z.object({
  ...head,
  records: z.array(
    z.object({
      ocid: z.string(),
      releases: z.array(Release),
      compiledRelease: z.looseObject({ ocid: z.string(), tag: z.array(z.literal('compiled')) }),
    }),
  ),
})
