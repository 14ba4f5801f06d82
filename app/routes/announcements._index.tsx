// /announcements — the public list of purchase announcements (采购公告) with search and filters.
// A GET form, so it works without JavaScript. Drafts are never listed, except an owner's own under
// "只看本单位" (mine=1).
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { AnnouncementStatusBadge, yuanText } from '#app/components/announcement-view.tsx'
import { formatBeijingTime } from '#app/domain/clock/china-time.ts'
import { ErrorPage } from '#app/components/error-page.tsx'
import { inputClass } from '#app/components/form-fields.tsx'
import { Pagination } from '#app/components/pagination.tsx'
import { RegionFilter } from '#app/components/region-filter.tsx'
import { filterLabelClass, SearchForm, ServiceItemFilter } from '#app/components/search-form.tsx'
import { can } from '#app/domain/permissions/permissions.server.ts'
import { getWebActor } from '#app/domain/accounts/session.server.ts'
import { regionFilterChoices, resolveRegionFilter } from '#app/domain/accounts/region-choices.server.ts'
import { listAnnouncements } from '#app/domain/announcements/announcements.server.ts'
import { AnnouncementListQuery } from '#app/domain/announcements/schemas.ts'
import { directoryFilterOptions } from '#app/domain/intermediaries/directory.server.ts'
import { regionTrails } from '#app/domain/intermediaries/listing.server.ts'
import { ANNOUNCEMENT_STATUS_LABELS, METHOD_LABELS } from '#app/utils/announcement-labels.ts'
import { parseSearchParams } from '#app/utils/web.server.ts'
import { z } from '#app/utils/zod.ts'

export const meta: MetaFunction = () => [{ title: '采购公告 — 中介服务网上超市' }]

const PAGE_SIZE = 20

/** The page's query: the list query of the API plus the province of the region select. */
const PageQuery = AnnouncementListQuery.omit({ pageSize: true, projectId: true }).extend({
  province: z
    .string()
    .trim()
    .regex(/^\d{2}0000$/, '省份代码格式不正确')
    .optional(),
})

/** The query string without empty values (an unselected select sends ""). */
function withoutBlanks(request: Request): Request {
  const url = new URL(request.url)
  for (const [key, value] of [...url.searchParams]) if (value.trim() === '') url.searchParams.delete(key)
  return new Request(url)
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { province: chosenProvince, ...query } = parseSearchParams(withoutBlanks(request), PageQuery)
  const actor = await getWebActor(request)
  const { province, regionCode } = resolveRegionFilter(chosenProvince, query.regionCode)
  const [list, fields, regions] = await Promise.all([
    listAnnouncements(actor, { ...query, regionCode, pageSize: PAGE_SIZE }),
    directoryFilterOptions(),
    regionFilterChoices(province),
  ])
  const trails = await regionTrails(list.items.map((item) => item.regionCode))
  return {
    items: list.items.map((item) => ({
      ...item,
      regionName: trails.get(item.regionCode)?.names.join(' ') ?? item.regionCode,
    })),
    total: list.total,
    page: query.page,
    pageSize: PAGE_SIZE,
    fields,
    regions,
    isOwner: actor !== null && can(actor, 'manage:announcement', { organizationId: actor.organizationId }),
    filters: {
      q: query.q ?? '',
      status: query.status ?? '',
      serviceItem: query.serviceItem ?? '',
      method: query.method ?? '',
      province: province ?? '',
      regionCode: regionCode ?? '',
      mine: query.mine === '1',
    },
  }
}

export default function AnnouncementsPage() {
  const { items, total, page, pageSize, fields, regions, isOwner, filters } = useLoaderData<typeof loader>()
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-bold text-slate-900">采购公告</h1>
        <p className="mt-1 text-sm text-slate-600">
          项目业主发布的中介服务采购公告。报名截止前不公开报名机构、报名数量和报价；截止后开启报名，按公告载明的选取方式确定中选机构，结果及抽取证明公开可查。
        </p>
      </div>

      <SearchForm
        idPrefix="announcements"
        testId="announcement-filters"
        label="搜索采购公告"
        placeholder="公告标题、项目名称、服务事项或服务内容"
        q={filters.q}
      >
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
          <div>
            <label htmlFor="announcements-status" className={filterLabelClass}>
              公告状态
            </label>
            <select id="announcements-status" name="status" defaultValue={filters.status} className={inputClass}>
              <option value="">全部状态</option>
              {Object.entries(ANNOUNCEMENT_STATUS_LABELS)
                .filter(([status]) => status !== 'DRAFT' || isOwner)
                .map(([status, label]) => (
                  <option key={status} value={status}>
                    {label}
                  </option>
                ))}
            </select>
          </div>
          <ServiceItemFilter
            id="announcements-service-item"
            label="中介服务事项"
            fields={fields}
            defaultValue={filters.serviceItem}
          />
          <div>
            <label htmlFor="announcements-method" className={filterLabelClass}>
              选取方式
            </label>
            <select id="announcements-method" name="method" defaultValue={filters.method} className={inputClass}>
              <option value="">全部方式</option>
              {Object.entries(METHOD_LABELS).map(([method, label]) => (
                <option key={method} value={method}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <RegionFilter
            idPrefix="announcements"
            regionLabel="项目所在地区"
            regions={regions}
            province={filters.province}
            regionCode={filters.regionCode}
          />
        </div>
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <button type="submit" className="rounded border border-blue-700 px-3 py-1.5 text-blue-800 hover:bg-blue-50">
            应用筛选
          </button>
          {isOwner ? (
            <label className="flex items-center gap-2">
              <input type="checkbox" name="mine" value="1" defaultChecked={filters.mine} />
              只看本单位的公告（含草稿）
            </label>
          ) : null}
          <Link to="/announcements" className="text-slate-600 hover:underline">
            清除条件
          </Link>
        </div>
      </SearchForm>

      <p className="text-sm text-slate-600" data-testid="announcements-total">
        共 {total} 条采购公告
      </p>

      {items.length === 0 ? (
        <p className="rounded bg-white p-6 text-slate-600 shadow-sm" data-testid="announcement-results">
          没有找到符合条件的采购公告。可以换个关键词，或放宽筛选条件。
        </p>
      ) : (
        <ul className="space-y-3" data-testid="announcement-results">
          {items.map((item) => (
            <li
              key={item.id}
              className="rounded-lg bg-white p-4 shadow-sm"
              data-testid={`announcement-item-${item.id}`}
            >
              <div className="flex items-start gap-2">
                <AnnouncementStatusBadge status={item.status} />
                <Link
                  to={`/announcements/${item.id}`}
                  className="min-w-0 break-words font-medium text-blue-800 hover:underline sm:text-lg"
                >
                  {item.title}
                </Link>
              </div>
              <dl className="mt-2 grid grid-cols-[5.5rem_1fr] gap-x-3 gap-y-1 text-sm sm:grid-cols-[5.5rem_1fr_5.5rem_1fr]">
                <dt className="text-slate-500">服务事项</dt>
                <dd>{item.serviceItemName}</dd>
                <dt className="text-slate-500">选取方式</dt>
                <dd>{METHOD_LABELS[item.method]}</dd>
                <dt className="text-slate-500">{item.fixedPrice ? '固定价格' : '最高限价'}</dt>
                <dd>{yuanText(item.fixedPrice ?? item.priceCeiling)}</dd>
                <dt className="text-slate-500">报名截止</dt>
                <dd>{formatBeijingTime(item.deadline)}</dd>
                <dt className="text-slate-500">项目地区</dt>
                <dd>{item.regionName}</dd>
                <dt className="text-slate-500">项目业主</dt>
                <dd className="break-words">{item.owner.name}</dd>
              </dl>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} pageSize={pageSize} total={total} />
    </div>
  )
}

export function ErrorBoundary() {
  return <ErrorPage />
}
