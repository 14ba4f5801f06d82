// Seed data. Reference data (regions, fields, qualification types, the approval ⇄ service catalogue,
// one department per field with a user) is needed everywhere, tests included, and is upserted, so
// running it twice changes nothing. Demo owners and intermediaries are for `npm start` only.
import type { PrismaClient } from '#app/generated/prisma/client.ts'
import { seedRegions } from '#prisma/seed/regions.ts'

export async function seedReferenceData(prisma: PrismaClient): Promise<void> {
  await seedRegions(prisma)
  // Filled in by the catalogue work: regions, fields, qualification types, approval and service items.
}

export async function seedDemoData(_prisma: PrismaClient): Promise<void> {
  // Demo owners and intermediaries for `npm start`.
}
