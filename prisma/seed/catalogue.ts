// The reference catalogue: fields (领域), qualification types with their ordered levels, and the
// approval items (行政审批事项) with the intermediary service items (中介服务事项) they need.
// Rows are inserted when missing and never overwritten, so an admin's later edits survive restarts.
//
// Codes are stable and must never be reused for another item:
//   approval items  SP-<FIELD>-<NNN>   (审批, e.g. SP-ECO-001)
//   service items   ZJ-<FIELD>-<NNN>   (中介, e.g. ZJ-ECO-001)
//   <FIELD> = ECO WATER NR EMER HEALTH DEV EQ MET CR HOUSING FIN (see FIELD_ABBREVIATIONS)
// Qualification levels use the Chinese level name as their code; rank 1 is the highest.
import type { PrismaClient } from '#app/generated/prisma/client.ts'
import type { ApprovalItemKind, FeeBasis } from '#app/generated/prisma/enums.ts'

export const FIELDS = [
  { code: 'ECOLOGY', name: '生态环境' },
  { code: 'WATER', name: '水利' },
  { code: 'NATURAL_RESOURCES', name: '自然资源' },
  { code: 'EMERGENCY', name: '应急管理' },
  { code: 'HEALTH', name: '卫生健康' },
  { code: 'DEVELOPMENT', name: '发展改革' },
  { code: 'EARTHQUAKE', name: '地震' },
  { code: 'METEOROLOGY', name: '气象' },
  { code: 'CULTURAL_RELICS', name: '文物' },
  { code: 'HOUSING', name: '住房城乡建设' },
  { code: 'FINANCE', name: '财政/国资' },
] as const

export type FieldCode = (typeof FIELDS)[number]['code']

export const FIELD_ABBREVIATIONS: Record<FieldCode, string> = {
  ECOLOGY: 'ECO',
  WATER: 'WATER',
  NATURAL_RESOURCES: 'NR',
  EMERGENCY: 'EMER',
  HEALTH: 'HEALTH',
  DEVELOPMENT: 'DEV',
  EARTHQUAKE: 'EQ',
  METEOROLOGY: 'MET',
  CULTURAL_RELICS: 'CR',
  HOUSING: 'HOUSING',
  FINANCE: 'FIN',
}

/** `fieldCode`: the field whose departments verify qualifications of the type (by the issuing authority). */
type QualificationTypeSeed = { code: string; name: string; issuingAuthority: string; fieldCode: FieldCode; levels: string[] }

export const QUALIFICATION_TYPES: QualificationTypeSeed[] = [
  {
    code: 'SURVEYING',
    name: '测绘资质',
    issuingAuthority: '自然资源部 / 省级自然资源主管部门',
    fieldCode: 'NATURAL_RESOURCES',
    levels: ['甲级', '乙级', '丙级', '丁级'],
  },
  {
    code: 'ENGINEERING_INVESTIGATION',
    name: '工程勘察资质',
    issuingAuthority: '住房和城乡建设部 / 省级住房城乡建设主管部门',
    fieldCode: 'HOUSING',
    levels: ['综合资质', '甲级', '乙级'],
  },
  {
    code: 'ENGINEERING_DESIGN',
    name: '工程设计资质',
    issuingAuthority: '住房和城乡建设部 / 省级住房城乡建设主管部门',
    fieldCode: 'HOUSING',
    levels: ['综合资质', '甲级', '乙级'],
  },
  {
    code: 'GEOHAZARD_ASSESSMENT',
    name: '地质灾害危险性评估资质',
    issuingAuthority: '自然资源部 / 省级自然资源主管部门',
    fieldCode: 'NATURAL_RESOURCES',
    levels: ['甲级', '乙级'],
  },
  {
    code: 'SAFETY_EVALUATION',
    name: '安全评价检测检验机构资质',
    issuingAuthority: '应急管理部 / 省级应急管理部门',
    fieldCode: 'EMERGENCY',
    levels: ['甲级', '乙级'],
  },
  {
    code: 'OCCUPATIONAL_HEALTH',
    name: '职业卫生技术服务机构资质',
    issuingAuthority: '国家卫生健康委 / 省级卫生健康主管部门',
    fieldCode: 'HEALTH',
    levels: ['甲级', '乙级', '丙级'],
  },
  {
    code: 'LIGHTNING_PROTECTION',
    name: '雷电防护装置检测资质',
    issuingAuthority: '中国气象局 / 省级气象主管机构',
    fieldCode: 'METEOROLOGY',
    levels: ['甲级', '乙级'],
  },
  {
    code: 'ASSET_APPRAISAL',
    name: '资产评估机构备案',
    issuingAuthority: '省级财政部门',
    fieldCode: 'FINANCE',
    levels: ['已备案'],
  },
  {
    code: 'DRAWING_REVIEW',
    name: '施工图审查机构认定',
    issuingAuthority: '省级住房城乡建设主管部门',
    fieldCode: 'HOUSING',
    levels: ['一类', '二类'],
  },
]

type ServiceItemSeed = {
  code: string
  name: string
  department: string
  fieldCode: FieldCode
  legalBasis: string
  qualification: { typeCode: string; minLevel: string } | null
  feeBasis: FeeBasis
  standardDays: number
}

type ApprovalItemSeed = {
  code: string
  name: string
  department: string
  fieldCode: FieldCode
  kind: ApprovalItemKind
  legalBasis: string
  /** The service items this approval needs: required ones first. */
  services: Array<{ code: string; required: boolean; note?: string }>
}

export const SERVICE_ITEMS: ServiceItemSeed[] = [
  {
    code: 'ZJ-ECO-001',
    name: '建设项目环境影响评价文件编制',
    department: '生态环境主管部门',
    fieldCode: 'ECOLOGY',
    legalBasis:
      '《中华人民共和国环境影响评价法》第十六条、第十九条（建设单位可委托技术单位编制，2018年修正后不再要求环评资质）',
    qualification: null,
    feeBasis: 'MARKET',
    standardDays: 60,
  },
  {
    code: 'ZJ-WATER-001',
    name: '水土保持方案编制',
    department: '水行政主管部门',
    fieldCode: 'WATER',
    legalBasis: '《中华人民共和国水土保持法》第二十五条',
    qualification: null,
    feeBasis: 'MARKET',
    standardDays: 30,
  },
  {
    code: 'ZJ-WATER-002',
    name: '洪水影响评价报告编制',
    department: '水行政主管部门',
    fieldCode: 'WATER',
    legalBasis: '《中华人民共和国防洪法》第十七条、第二十七条、第三十三条；《中华人民共和国水法》第三十八条',
    qualification: null,
    feeBasis: 'MARKET',
    standardDays: 30,
  },
  {
    code: 'ZJ-NR-001',
    name: '地质灾害危险性评估',
    department: '自然资源主管部门',
    fieldCode: 'NATURAL_RESOURCES',
    legalBasis: '《地质灾害防治条例》第二十一条',
    qualification: { typeCode: 'GEOHAZARD_ASSESSMENT', minLevel: '乙级' },
    feeBasis: 'MARKET',
    standardDays: 30,
  },
  {
    code: 'ZJ-NR-002',
    name: '压覆矿产资源评估',
    department: '自然资源主管部门',
    fieldCode: 'NATURAL_RESOURCES',
    legalBasis:
      '《中华人民共和国矿产资源法》；《国土资源部关于进一步做好建设项目压覆重要矿产资源审批管理工作的通知》（国土资发〔2010〕137号）',
    qualification: null,
    feeBasis: 'MARKET',
    standardDays: 30,
  },
  {
    code: 'ZJ-NR-003',
    name: '交通影响评价',
    department: '自然资源（规划）主管部门',
    fieldCode: 'NATURAL_RESOURCES',
    legalBasis: '《中华人民共和国城乡规划法》第四十条；《建设项目交通影响评价技术标准》（CJJ/T 141）',
    qualification: null,
    feeBasis: 'MARKET',
    standardDays: 30,
  },
  {
    code: 'ZJ-NR-004',
    name: '土地勘测定界',
    department: '自然资源主管部门',
    fieldCode: 'NATURAL_RESOURCES',
    legalBasis: '《中华人民共和国测绘法》第二十七条；《不动产登记暂行条例实施细则》',
    qualification: { typeCode: 'SURVEYING', minLevel: '丙级' },
    feeBasis: 'MARKET',
    standardDays: 15,
  },
  {
    code: 'ZJ-NR-005',
    name: '房产测绘',
    department: '自然资源主管部门',
    fieldCode: 'NATURAL_RESOURCES',
    legalBasis: '《中华人民共和国测绘法》第二十七条；《房产测绘管理办法》（建设部、国家测绘局令第83号）',
    qualification: { typeCode: 'SURVEYING', minLevel: '丙级' },
    feeBasis: 'MARKET',
    standardDays: 15,
  },
  {
    code: 'ZJ-EMER-001',
    name: '安全预评价',
    department: '应急管理部门',
    fieldCode: 'EMERGENCY',
    legalBasis: '《中华人民共和国安全生产法》第三十二条；《危险化学品建设项目安全监督管理办法》',
    qualification: { typeCode: 'SAFETY_EVALUATION', minLevel: '乙级' },
    feeBasis: 'MARKET',
    standardDays: 30,
  },
  {
    code: 'ZJ-HEALTH-001',
    name: '职业病危害预评价',
    department: '卫生健康主管部门',
    fieldCode: 'HEALTH',
    legalBasis: '《中华人民共和国职业病防治法》第十七条；《职业卫生技术服务机构管理办法》',
    qualification: { typeCode: 'OCCUPATIONAL_HEALTH', minLevel: '丙级' },
    feeBasis: 'MARKET',
    standardDays: 30,
  },
  {
    code: 'ZJ-DEV-001',
    name: '节能评估报告编制',
    department: '发展改革部门',
    fieldCode: 'DEVELOPMENT',
    legalBasis: '《中华人民共和国节约能源法》第十五条；《固定资产投资项目节能审查办法》',
    qualification: null,
    feeBasis: 'MARKET',
    standardDays: 20,
  },
  {
    code: 'ZJ-DEV-002',
    name: '社会稳定风险评估',
    department: '发展改革部门',
    fieldCode: 'DEVELOPMENT',
    legalBasis: '《国家发展改革委重大固定资产投资项目社会稳定风险评估暂行办法》（发改投资〔2012〕2492号）',
    qualification: null,
    feeBasis: 'MARKET',
    standardDays: 30,
  },
  {
    code: 'ZJ-EQ-001',
    name: '地震安全性评价',
    department: '地震工作主管部门',
    fieldCode: 'EARTHQUAKE',
    legalBasis:
      '《中华人民共和国防震减灾法》第三十五条；《地震安全性评价管理条例》（地震安全性评价单位资质已于2017年取消）',
    qualification: null,
    feeBasis: 'MARKET',
    standardDays: 45,
  },
  {
    code: 'ZJ-MET-001',
    name: '防雷装置设计技术评价',
    department: '气象主管机构',
    fieldCode: 'METEOROLOGY',
    legalBasis: '《气象灾害防御条例》；《防雷减灾管理办法》（中国气象局令第24号）',
    qualification: null,
    feeBasis: 'MARKET',
    standardDays: 10,
  },
  {
    code: 'ZJ-CR-001',
    name: '文物影响评估',
    department: '文物主管部门',
    fieldCode: 'CULTURAL_RELICS',
    legalBasis: '《中华人民共和国文物保护法》（建设控制地带内建设工程）',
    qualification: null,
    feeBasis: 'MARKET',
    standardDays: 30,
  },
  {
    code: 'ZJ-HOUSING-001',
    name: '施工图设计文件审查',
    department: '住房城乡建设主管部门',
    fieldCode: 'HOUSING',
    legalBasis: '《建设工程质量管理条例》第十一条；《房屋建筑和市政基础设施工程施工图设计文件审查管理办法》',
    qualification: { typeCode: 'DRAWING_REVIEW', minLevel: '二类' },
    feeBasis: 'MARKET',
    standardDays: 15,
  },
  {
    code: 'ZJ-FIN-001',
    name: '资产评估',
    department: '财政/国有资产监督管理部门',
    fieldCode: 'FINANCE',
    legalBasis: '《中华人民共和国资产评估法》第十五条；《中华人民共和国企业国有资产法》第四十七条',
    qualification: { typeCode: 'ASSET_APPRAISAL', minLevel: '已备案' },
    feeBasis: 'MARKET',
    standardDays: 20,
  },
]

export const APPROVAL_ITEMS: ApprovalItemSeed[] = [
  {
    code: 'SP-ECO-001',
    name: '建设项目环境影响评价审批',
    department: '生态环境主管部门',
    fieldCode: 'ECOLOGY',
    kind: 'LICENSE',
    legalBasis: '《中华人民共和国环境影响评价法》第二十二条',
    services: [{ code: 'ZJ-ECO-001', required: true, note: '编制环境影响报告书或报告表；登记表项目无需委托' }],
  },
  {
    code: 'SP-WATER-001',
    name: '生产建设项目水土保持方案审批',
    department: '水行政主管部门',
    fieldCode: 'WATER',
    kind: 'LICENSE',
    legalBasis: '《中华人民共和国水土保持法》第二十五条',
    services: [{ code: 'ZJ-WATER-001', required: true }],
  },
  {
    code: 'SP-WATER-002',
    name: '洪水影响评价类审批',
    department: '水行政主管部门',
    fieldCode: 'WATER',
    kind: 'LICENSE',
    legalBasis: '《中华人民共和国防洪法》第十七条、第二十七条、第三十三条；《中华人民共和国水法》第三十八条',
    services: [{ code: 'ZJ-WATER-002', required: true }],
  },
  {
    code: 'SP-NR-001',
    name: '建设项目用地预审',
    department: '自然资源主管部门',
    fieldCode: 'NATURAL_RESOURCES',
    kind: 'LICENSE',
    legalBasis: '《中华人民共和国土地管理法》第五十二条；《建设项目用地预审管理办法》',
    services: [{ code: 'ZJ-NR-001', required: true, note: '位于地质灾害易发区的建设项目' }],
  },
  {
    code: 'SP-NR-002',
    name: '建设项目压覆重要矿产资源审批',
    department: '自然资源主管部门',
    fieldCode: 'NATURAL_RESOURCES',
    kind: 'LICENSE',
    legalBasis:
      '《中华人民共和国矿产资源法》；《国土资源部关于进一步做好建设项目压覆重要矿产资源审批管理工作的通知》（国土资发〔2010〕137号）',
    services: [{ code: 'ZJ-NR-002', required: true }],
  },
  {
    code: 'SP-NR-003',
    name: '建设工程规划许可',
    department: '自然资源（规划）主管部门',
    fieldCode: 'NATURAL_RESOURCES',
    kind: 'LICENSE',
    legalBasis: '《中华人民共和国城乡规划法》第四十条',
    services: [{ code: 'ZJ-NR-003', required: false, note: '大中型建设项目按当地规划主管部门要求编制' }],
  },
  {
    code: 'SP-NR-004',
    name: '不动产登记',
    department: '自然资源主管部门（不动产登记机构）',
    fieldCode: 'NATURAL_RESOURCES',
    kind: 'OTHER',
    legalBasis: '《中华人民共和国民法典》第二百一十条；《不动产登记暂行条例》',
    services: [
      { code: 'ZJ-NR-004', required: true, note: '土地首次登记需提交勘测定界成果' },
      { code: 'ZJ-NR-005', required: false, note: '房屋所有权登记需提交房产测绘成果' },
    ],
  },
  {
    code: 'SP-EMER-001',
    name: '危险化学品建设项目安全条件审查',
    department: '应急管理部门',
    fieldCode: 'EMERGENCY',
    kind: 'LICENSE',
    legalBasis: '《危险化学品安全管理条例》第十二条',
    services: [{ code: 'ZJ-EMER-001', required: true }],
  },
  {
    code: 'SP-HEALTH-001',
    name: '建设项目职业病危害预评价审核',
    department: '卫生健康主管部门',
    fieldCode: 'HEALTH',
    kind: 'OTHER',
    legalBasis: '《中华人民共和国职业病防治法》第十七条',
    services: [{ code: 'ZJ-HEALTH-001', required: true }],
  },
  {
    code: 'SP-DEV-001',
    name: '固定资产投资项目节能审查',
    department: '发展改革部门',
    fieldCode: 'DEVELOPMENT',
    kind: 'LICENSE',
    legalBasis: '《中华人民共和国节约能源法》第十五条；《固定资产投资项目节能审查办法》',
    services: [{ code: 'ZJ-DEV-001', required: true }],
  },
  {
    code: 'SP-DEV-002',
    name: '企业投资项目核准',
    department: '发展改革部门',
    fieldCode: 'DEVELOPMENT',
    kind: 'LICENSE',
    legalBasis: '《企业投资项目核准和备案管理条例》第六条、第九条',
    services: [{ code: 'ZJ-DEV-002', required: true, note: '重大固定资产投资项目' }],
  },
  {
    code: 'SP-EQ-001',
    name: '建设工程地震安全性评价结果审定',
    department: '地震工作主管部门',
    fieldCode: 'EARTHQUAKE',
    kind: 'LICENSE',
    legalBasis: '《中华人民共和国防震减灾法》第三十五条；《地震安全性评价管理条例》',
    services: [{ code: 'ZJ-EQ-001', required: true }],
  },
  {
    code: 'SP-MET-001',
    name: '防雷装置设计审核',
    department: '气象主管机构',
    fieldCode: 'METEOROLOGY',
    kind: 'LICENSE',
    legalBasis: '《国务院对确需保留的行政审批项目设定行政许可的决定》（国务院令第412号）；《气象灾害防御条例》',
    services: [{ code: 'ZJ-MET-001', required: true }],
  },
  {
    code: 'SP-CR-001',
    name: '文物保护单位建设控制地带内建设工程设计方案审批',
    department: '文物主管部门',
    fieldCode: 'CULTURAL_RELICS',
    kind: 'LICENSE',
    legalBasis: '《中华人民共和国文物保护法》（文物保护单位建设控制地带内建设工程设计方案审批）',
    services: [{ code: 'ZJ-CR-001', required: true }],
  },
  {
    code: 'SP-HOUSING-001',
    name: '建筑工程施工许可',
    department: '住房城乡建设主管部门',
    fieldCode: 'HOUSING',
    kind: 'LICENSE',
    legalBasis: '《中华人民共和国建筑法》第七条、第八条',
    services: [{ code: 'ZJ-HOUSING-001', required: true }],
  },
  {
    code: 'SP-FIN-001',
    name: '国有资产处置审批',
    department: '财政/国有资产监督管理部门',
    fieldCode: 'FINANCE',
    kind: 'OTHER',
    legalBasis: '《行政事业性国有资产管理条例》；《中华人民共和国企业国有资产法》第四十七条',
    services: [{ code: 'ZJ-FIN-001', required: true }],
  },
]

/** Inserts the catalogue rows that are missing; existing rows (perhaps edited by the admin) are kept. */
export async function seedCatalogue(prisma: PrismaClient): Promise<void> {
  await prisma.field.createMany({
    data: FIELDS.map((field, index) => ({ code: field.code, name: field.name, sortOrder: (index + 1) * 10 })),
    skipDuplicates: true,
  })
  await prisma.qualificationType.createMany({
    data: QUALIFICATION_TYPES.map(({ levels: _levels, ...type }) => type),
    skipDuplicates: true,
  })
  await prisma.qualificationLevel.createMany({
    data: QUALIFICATION_TYPES.flatMap((type) =>
      type.levels.map((code, index) => ({ typeCode: type.code, code, rank: index + 1 })),
    ),
    skipDuplicates: true,
  })
  await prisma.serviceItem.createMany({
    data: SERVICE_ITEMS.map(({ qualification, ...item }) => ({
      ...item,
      qualificationTypeCode: qualification?.typeCode ?? null,
      qualificationMinLevel: qualification?.minLevel ?? null,
    })),
    skipDuplicates: true,
  })
  await prisma.approvalItem.createMany({
    data: APPROVAL_ITEMS.map(({ services: _services, ...item }) => item),
    skipDuplicates: true,
  })
  await prisma.approvalServiceLink.createMany({
    data: APPROVAL_ITEMS.flatMap((item) =>
      item.services.map((service) => ({
        approvalItemCode: item.code,
        serviceItemCode: service.code,
        required: service.required,
        note: service.note ?? null,
      })),
    ),
    skipDuplicates: true,
  })
}
