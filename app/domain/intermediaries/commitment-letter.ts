// 信用承诺书: the credit commitment letter every intermediary accepts to be listed. Pure module (no
// server imports) so the entry wizard can show it. Changing the text means a new version: the
// version an intermediary accepted is recorded with who accepted it and when.
export const COMMITMENT_LETTER_VERSION = '2026-11-v1'

export const COMMITMENT_LETTER_TITLE = '中介服务机构信用承诺书'

export const COMMITMENT_LETTER_PARAGRAPHS: readonly string[] = [
  '为营造公平竞争、诚实守信的中介服务市场环境，本机构自愿入驻中介服务网上超市，并郑重作出如下承诺：',
  '一、依法诚信执业。严格遵守国家法律法规、行业规范和技术标准，在资质（资格）许可范围内独立、客观、公正地开展中介服务，对出具的成果文件的真实性、合法性和准确性负责。',
  '二、不弄虚作假。入驻及报名时提交的机构信息、资质证书、执业人员、业绩等材料真实、准确、完整、有效，不伪造、变造、出借、借用资质证书，不挂靠执业，信息发生变化时及时更新。',
  '三、公平参与竞争。不围标、串标，不与项目业主或其他中介机构恶意串通，不以低于成本的报价恶意竞争，不以任何方式排挤其他中介机构。',
  '四、廉洁从业。不向项目业主、审批部门及其工作人员行贿或提供任何形式的不正当利益，不利用与行政机关的关系承揽业务，不进行商业贿赂。',
  '五、履行服务承诺。按照本机构在平台公布的服务时限和收费标准提供服务，不擅自增加收费项目、提高收费标准，不无故拖延、中止服务；中选后按时签订合同，不无正当理由放弃中选资格。',
  '六、保守秘密。对在服务中知悉的国家秘密、商业秘密和个人信息依法保密，不用于与服务无关的用途。',
  '七、接受监督和信用惩戒。自觉接受行业主管部门、项目业主和社会公众的监督与评价，配合随机抽查和投诉调查；如违反上述承诺，自愿接受暂停入驻、列入黑名单、信用惩戒等处理，并依法承担相应的法律责任。',
  '本承诺书自本机构在平台确认之日起生效，并在平台公开。',
]

export const COMMITMENT_LETTER_TEXT = COMMITMENT_LETTER_PARAGRAPHS.join('\n')
