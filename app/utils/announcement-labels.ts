// Chinese labels of the announcement life cycle (shared by pages and the client bundle).
import type { AnnouncementStatus, Funding, ObjectionStatus, SelectionMethod } from '#app/generated/prisma/enums.ts'

export const ANNOUNCEMENT_STATUS_LABELS: Record<AnnouncementStatus, string> = {
  DRAFT: '草稿',
  PUBLISHED: '报名中',
  EVALUATING: '评审中',
  PUBLICITY: '结果公示中',
  AWARDED: '已成交',
  CANCELLED: '已终止',
  FAILED: '流标',
}

export const METHOD_LABELS: Record<SelectionMethod, string> = {
  DIRECT: '直接选取',
  LOTTERY: '随机抽取',
  LOWEST_PRICE: '竞价选取',
  AVERAGE_PRICE: '最优价中选',
  SCORE: '综合评分',
}

export const FUNDING_LABELS: Record<Funding, string> = { PUBLIC: '财政资金', SELF: '自有资金' }

export const OBJECTION_STATUS_LABELS: Record<ObjectionStatus, string> = {
  OPEN: '待业主答复',
  ANSWERED: '业主已答复',
  ESCALATED: '主管部门处理中',
  UPHELD: '质疑成立',
  REJECTED: '质疑不成立',
}

export const METHOD_DESCRIPTIONS: Record<SelectionMethod, string> = {
  DIRECT: '业主直接选定一家符合条件的中介机构，该机构须在截止时间前确认；使用财政资金的项目不得采用。',
  LOTTERY: '在符合条件的报名机构中，按业主给定的固定价格，以可验证的随机抽取确定中选机构。',
  LOWEST_PRICE: '不高于最高限价的最低有效报价中选；报价相同的以可验证抽取确定。',
  AVERAGE_PRICE: '去掉一个最高价和一个最低价，其余报价的平均值乘以抽取的下浮系数（95%–98%）为基准价，不高于基准价且最接近的报价中选；相同的以抽取确定。',
  SCORE: '按公告公布的价格、信用、评价（及技术）权重计算综合得分，得分最高者中选；相同的以抽取确定。',
}
