-- Roles and permissions are data. A permission code reads action:entity:scope, where the scope is
-- own (rows of the acting organization), field (rows of the department's supervised service items
-- in its region and below) or any (platform-wide).

INSERT INTO `Role` (`name`, `organizationType`, `description`) VALUES
  ('owner.admin', 'OWNER', '项目业主管理员'),
  ('owner.member', 'OWNER', '项目业主经办人'),
  ('intermediary.admin', 'INTERMEDIARY', '中介机构管理员'),
  ('intermediary.member', 'INTERMEDIARY', '中介机构经办人'),
  ('department.admin', 'DEPARTMENT', '行业主管部门管理员'),
  ('department.member', 'DEPARTMENT', '行业主管部门工作人员'),
  ('platform.admin', 'PLATFORM', '平台管理员');

INSERT INTO `Permission` (`code`, `description`) VALUES
  ('read:me:own', '查看本人及所属机构信息'),
  ('manage:token:own', '创建和吊销本人的接口令牌'),
  ('update:organization:own', '修改本机构信息'),
  ('manage:member:own', '管理本机构人员'),
  ('update:profile:own', '维护中介机构入驻信息'),
  ('create:qualification:own', '申报资质'),
  ('create:project:own', '创建项目'),
  ('manage:announcement:own', '编制、发布、变更、终止采购公告'),
  ('create:bid:own', '报名及报价'),
  ('verify:qualification:field', '核验本领域中介机构资质'),
  ('verify:qualification:any', '核验任何中介机构资质'),
  ('suspend:organization:field', '暂停或恢复本领域中介机构'),
  ('suspend:organization:any', '暂停或恢复任何机构'),
  ('read:supervision:field', '查看本领域监管信息'),
  ('manage:catalogue:any', '维护事项目录、资质类型和行政区划'),
  ('manage:department:any', '创建和维护行业主管部门'),
  ('manage:platform-rule:any', '维护平台规则'),
  ('read:audit:any', '查看审计日志');

INSERT INTO `RolePermission` (`roleName`, `permissionCode`) VALUES
  ('owner.admin', 'read:me:own'), ('owner.admin', 'manage:token:own'),
  ('owner.admin', 'update:organization:own'), ('owner.admin', 'manage:member:own'),
  ('owner.admin', 'create:project:own'), ('owner.admin', 'manage:announcement:own'),
  ('owner.member', 'read:me:own'), ('owner.member', 'manage:token:own'),
  ('owner.member', 'create:project:own'), ('owner.member', 'manage:announcement:own'),
  ('intermediary.admin', 'read:me:own'), ('intermediary.admin', 'manage:token:own'),
  ('intermediary.admin', 'update:organization:own'), ('intermediary.admin', 'manage:member:own'),
  ('intermediary.admin', 'update:profile:own'), ('intermediary.admin', 'create:qualification:own'),
  ('intermediary.admin', 'create:bid:own'),
  ('intermediary.member', 'read:me:own'), ('intermediary.member', 'manage:token:own'),
  ('intermediary.member', 'update:profile:own'), ('intermediary.member', 'create:qualification:own'),
  ('intermediary.member', 'create:bid:own'),
  ('department.admin', 'read:me:own'), ('department.admin', 'manage:token:own'),
  ('department.admin', 'manage:member:own'), ('department.admin', 'verify:qualification:field'),
  ('department.admin', 'suspend:organization:field'), ('department.admin', 'read:supervision:field'),
  ('department.member', 'read:me:own'), ('department.member', 'manage:token:own'),
  ('department.member', 'verify:qualification:field'), ('department.member', 'read:supervision:field'),
  ('platform.admin', 'read:me:own'), ('platform.admin', 'manage:token:own'),
  ('platform.admin', 'manage:member:own'), ('platform.admin', 'verify:qualification:any'),
  ('platform.admin', 'suspend:organization:any'), ('platform.admin', 'manage:catalogue:any'),
  ('platform.admin', 'manage:department:any'), ('platform.admin', 'manage:platform-rule:any'),
  ('platform.admin', 'read:audit:any');
