// Seed data. Reference data (regions, fields, qualification types, the approval ⇄ service catalogue,
// one department per field with a user) is needed everywhere, tests included, and is upserted, so
// running it twice changes nothing. Demo owners and intermediaries are for `npm start` only.
import type { PrismaClient } from '#app/generated/prisma/client.ts'
import { seedCatalogue } from '#prisma/seed/catalogue.ts'
import { seedDepartments } from '#prisma/seed/departments.ts'
import { seedRegions } from '#prisma/seed/regions.ts'

export async function seedReferenceData(prisma: PrismaClient): Promise<void> {
  await seedRegions(prisma)
  await seedCatalogue(prisma)
  await seedDepartments(prisma)
}

export async function seedDemoData(prisma: PrismaClient): Promise<void> {
  // Demo owners and intermediaries for `npm start` (loaded lazily: tests never need them).
  const demo = await import('#prisma/seed/demo.ts')
  await demo.seedDemoData(prisma)
}
