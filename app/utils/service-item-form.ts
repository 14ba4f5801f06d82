// The admin form of a service item: the qualification requirement is one select whose value is
// "<typeCode>::<minLevel>" (or empty for none), so the form works without JavaScript and cannot
// pair a type with another type's level.
import { ServiceItemFields } from '#app/domain/catalogue/schemas.ts'
import { z } from '#app/utils/zod.ts'

export const QUALIFICATION_SEPARATOR = '::'

export const ServiceItemForm = ServiceItemFields.omit({
  qualificationTypeCode: true,
  qualificationMinLevel: true,
}).extend({
  qualification: z.string().max(80).optional(),
})

export const NewServiceItemForm = ServiceItemForm.extend({
  code: z.string({ error: '请填写编码' }).min(1, '请填写编码'),
})

export function splitQualification(value: string | undefined) {
  if (!value) return { qualificationTypeCode: null, qualificationMinLevel: null }
  const [typeCode, minLevel] = value.split(QUALIFICATION_SEPARATOR)
  return { qualificationTypeCode: typeCode || null, qualificationMinLevel: minLevel || null }
}

export function joinQualification(typeCode: string | null, minLevel: string | null): string {
  return typeCode && minLevel ? `${typeCode}${QUALIFICATION_SEPARATOR}${minLevel}` : ''
}

export function qualificationOptions(types: Array<{ code: string; name: string; levels: Array<{ code: string }> }>) {
  return types.flatMap((type) =>
    type.levels.map((level) => ({
      value: joinQualification(type.code, level.code),
      label: `${type.name} ${level.code}及以上`,
    })),
  )
}

export const FEE_BASIS_OPTIONS = [
  { value: 'MARKET', label: '市场调节价' },
  { value: 'GOVERNMENT_GUIDED', label: '政府指导价' },
]
