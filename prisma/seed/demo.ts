// Demo owners and intermediaries for `npm start` (never for tests), registered through the same
// registerOrganization as the register page and the API. Idempotent: an organization whose USCC (or
// whose user's e-mail) already exists is skipped. There is no fixed password: DEMO_PASSWORD when
// given, otherwise a random one generated once and kept in .data/demo-credentials.txt (git-ignored).
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { usccCheckCharacter } from '#app/domain/accounts/uscc.ts'
import type { PrismaClient } from '#app/generated/prisma/client.ts'

const credentialsFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../.data/demo-credentials.txt')

type DemoOrganization = {
  type: 'OWNER' | 'INTERMEDIARY'
  /** The first 17 characters of the USCC; the check character is computed. */
  usccBody: string
  name: string
  regionCode: string
  legalRepresentative: string
  address: string
  contactPhone: string
  contactName: string
  email: string
}

export const DEMO_ORGANIZATIONS: DemoOrganization[] = [
  {
    type: 'OWNER',
    usccBody: '91510116MA6DEM001',
    name: '四川天府新城建设开发有限公司',
    regionCode: '510116',
    legalRepresentative: '王建国',
    address: '四川省成都市双流区东升街道藏卫路中段 88 号',
    contactPhone: '028-85001001',
    contactName: '李晓燕',
    email: 'owner.tianfu@zjcs-demo.cn',
  },
  {
    type: 'OWNER',
    usccBody: '91510104MA6DEM002',
    name: '成都锦江城市更新投资有限公司',
    regionCode: '510104',
    legalRepresentative: '陈志强',
    address: '四川省成都市锦江区东大街下东大街段 199 号',
    contactPhone: '028-86002002',
    contactName: '赵敏',
    email: 'owner.jinjiang@zjcs-demo.cn',
  },
  {
    type: 'OWNER',
    usccBody: '91510703MA6DEM003',
    name: '绵阳科技城产业园区建设有限公司',
    regionCode: '510703',
    legalRepresentative: '刘海涛',
    address: '四川省绵阳市涪城区科创园区创新中心 2 号楼',
    contactPhone: '0816-2203003',
    contactName: '周静',
    email: 'owner.mianyang@zjcs-demo.cn',
  },
  {
    type: 'INTERMEDIARY',
    usccBody: '91510107MA6DEM101',
    name: '四川蜀安环评咨询有限公司',
    regionCode: '510107',
    legalRepresentative: '张明远',
    address: '四川省成都市武侯区人民南路四段 27 号',
    contactPhone: '028-85101101',
    contactName: '黄丽',
    email: 'eia.shuan@zjcs-demo.cn',
  },
  {
    type: 'INTERMEDIARY',
    usccBody: '91510108MA6DEM102',
    name: '成都天府水保科技有限公司',
    regionCode: '510108',
    legalRepresentative: '杨文斌',
    address: '四川省成都市成华区建设路 55 号',
    contactPhone: '028-84102102',
    contactName: '吴涛',
    email: 'swc.tianfu@zjcs-demo.cn',
  },
  {
    type: 'INTERMEDIARY',
    usccBody: '91510106MA6DEM103',
    name: '四川川西地质灾害评估有限公司',
    regionCode: '510106',
    legalRepresentative: '何建华',
    address: '四川省成都市金牛区一环路北三段 120 号',
    contactPhone: '028-87103103',
    contactName: '郑凯',
    email: 'geo.chuanxi@zjcs-demo.cn',
  },
  {
    type: 'INTERMEDIARY',
    usccBody: '91510105MA6DEM104',
    name: '成都安信安全评价技术有限公司',
    regionCode: '510105',
    legalRepresentative: '罗永刚',
    address: '四川省成都市青羊区光华村街 40 号',
    contactPhone: '028-87104104',
    contactName: '谢婷',
    email: 'safety.anxin@zjcs-demo.cn',
  },
  {
    type: 'INTERMEDIARY',
    usccBody: '91510104MA6DEM105',
    name: '四川华测测绘地理信息有限公司',
    regionCode: '510104',
    legalRepresentative: '唐志宏',
    address: '四川省成都市锦江区工业园区墨香路 48 号',
    contactPhone: '028-84105105',
    contactName: '邓磊',
    email: 'survey.huace@zjcs-demo.cn',
  },
  {
    type: 'INTERMEDIARY',
    usccBody: '91510107MA6DEM106',
    name: '四川正衡资产评估有限公司',
    regionCode: '510107',
    legalRepresentative: '冯国庆',
    address: '四川省成都市武侯区科华北路 62 号',
    contactPhone: '028-85106106',
    contactName: '韩雪',
    email: 'valuation.zhengheng@zjcs-demo.cn',
  },
  {
    type: 'INTERMEDIARY',
    usccBody: '91510603MA6DEM107',
    name: '德阳建研施工图审查有限公司',
    regionCode: '510603',
    legalRepresentative: '曾庆丰',
    address: '四川省德阳市旌阳区长江西路一段 18 号',
    contactPhone: '0838-2107107',
    contactName: '彭飞',
    email: 'review.jianyan@zjcs-demo.cn',
  },
  {
    type: 'INTERMEDIARY',
    usccBody: '91510703MA6DEM108',
    name: '绵阳中科节能评估咨询有限公司',
    regionCode: '510703',
    legalRepresentative: '蒋红梅',
    address: '四川省绵阳市涪城区临园路东段 66 号',
    contactPhone: '0816-2208108',
    contactName: '袁博',
    email: 'energy.zhongke@zjcs-demo.cn',
  },
]

export const demoUscc = (body: string) => body + usccCheckCharacter(body)

/** DEMO_PASSWORD, or the password kept from an earlier run, or a new random one. */
function demoPassword(): { password: string; generated: boolean } {
  const given = process.env.DEMO_PASSWORD
  if (given && given.length >= 10) return { password: given, generated: false }
  if (fs.existsSync(credentialsFile)) {
    const kept = /^password:\s*(\S+)$/m.exec(fs.readFileSync(credentialsFile, 'utf8'))?.[1]
    if (kept) return { password: kept, generated: true }
  }
  return { password: crypto.randomBytes(12).toString('base64url'), generated: true }
}

export async function seedDemoData(prisma: PrismaClient, log: (message: string) => void = (m) => process.stderr.write(`[seed] ${m}\n`)) {
  const { registerOrganization } = await import('#app/domain/accounts/registration.server.ts')
  const { password, generated } = demoPassword()
  let created = 0
  for (const demo of DEMO_ORGANIZATIONS) {
    const uscc = demoUscc(demo.usccBody)
    const [organization, user] = await Promise.all([
      prisma.organization.findUnique({ where: { uscc }, select: { id: true } }),
      prisma.user.findUnique({ where: { email: demo.email }, select: { id: true } }),
    ])
    if (organization || user) continue
    await registerOrganization({
      organization: {
        type: demo.type,
        uscc,
        name: demo.name,
        regionCode: demo.regionCode,
        legalRepresentative: demo.legalRepresentative,
        address: demo.address,
        contactPhone: demo.contactPhone,
      },
      user: { email: demo.email, password, name: demo.contactName },
    })
    created += 1
  }
  await (await import('#prisma/seed/demo-credit.ts')).seedCreditDemo(prisma, log)
  if (created === 0) return
  if (generated) {
    const lines = [
      '# Demo accounts created by `npm start` (all share this password)',
      `password: ${password}`,
      ...DEMO_ORGANIZATIONS.map((d) => `${d.email}\t${d.type === 'OWNER' ? '项目业主' : '中介机构'}\t${d.name}`),
      '',
    ]
    fs.mkdirSync(path.dirname(credentialsFile), { recursive: true })
    fs.writeFileSync(credentialsFile, lines.join('\n'), { mode: 0o600 })
    log(`${created} demo organization(s) registered; accounts and password in .data/demo-credentials.txt`)
  } else {
    log(`${created} demo organization(s) registered; password from DEMO_PASSWORD`)
  }
}
