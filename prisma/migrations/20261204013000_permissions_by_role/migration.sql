-- What an organization may do follows from the roles' permissions, not from tests of its type in
-- the code: the permissions that only one kind of organization holds, and that the code used to
-- infer from "is an owner" / "is an intermediary" / "is the platform", become rows.
-- (The list of codes is kept in app/domain/permissions/codes.ts as well; a test compares them.)

INSERT INTO `Permission` (`code`, `description`) VALUES
  ('read:project:own', '查看本机构的项目'),
  ('read:profile:own', '查看本机构的入驻信息、资质和从业人员'),
  ('respond:direct-selection:own', '答复直接选取、放弃中选'),
  ('file:objection:own', '对中选结果提出质疑'),
  ('read:supervision:any', '查看所有监管信息');

INSERT INTO `RolePermission` (`roleName`, `permissionCode`) VALUES
  ('owner.admin', 'read:project:own'), ('owner.member', 'read:project:own'),
  ('intermediary.admin', 'read:profile:own'), ('intermediary.member', 'read:profile:own'),
  ('intermediary.admin', 'respond:direct-selection:own'), ('intermediary.member', 'respond:direct-selection:own'),
  ('intermediary.admin', 'file:objection:own'), ('intermediary.member', 'file:objection:own'),
  ('platform.admin', 'read:supervision:any');
