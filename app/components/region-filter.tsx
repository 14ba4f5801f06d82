// The province and region selects of a list page's filters (the regions come from regionFilter in
// region-choices.server.ts). Choosing a province submits the form, so that the region select lists
// that province's cities and counties.
import { filterLabelClass } from '#app/components/search-form.tsx'
import { inputClass } from '#app/components/form-fields.tsx'

type Option = { code: string; name: string }
export type RegionFilterChoices = {
  provinces: Option[]
  province: Option | null
  groups: Array<{ city: Option | null; counties: Option[] }>
}

export function RegionFilter({
  idPrefix,
  regionLabel,
  regions,
  province,
  regionCode,
}: {
  idPrefix: string
  regionLabel: string
  regions: RegionFilterChoices
  province: string
  regionCode: string
}) {
  return (
    <>
      <div>
        <label htmlFor={`${idPrefix}-province`} className={filterLabelClass}>
          省份
        </label>
        <select
          id={`${idPrefix}-province`}
          name="province"
          defaultValue={province}
          className={inputClass}
          onChange={(event) => event.currentTarget.form?.requestSubmit()}
        >
          <option value="">全国</option>
          {regions.provinces.map((option) => (
            <option key={option.code} value={option.code}>
              {option.name}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={`${idPrefix}-region`} className={filterLabelClass}>
          {regionLabel}
        </label>
        <select
          id={`${idPrefix}-region`}
          name="regionCode"
          defaultValue={regionCode}
          disabled={!regions.province}
          className={inputClass}
        >
          {regions.province ? (
            <option value={regions.province.code}>{regions.province.name}全省</option>
          ) : (
            <option value="">请先选择省份</option>
          )}
          {regions.groups.map((group) => (
            <optgroup key={group.city?.code ?? 'direct'} label={group.city?.name ?? '省直辖县级行政区'}>
              {group.city ? <option value={group.city.code}>{group.city.name}（全市）</option> : null}
              {group.counties.map((county) => (
                <option key={county.code} value={county.code}>
                  {group.city ? `${group.city.name} ${county.name}` : county.name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
    </>
  )
}
