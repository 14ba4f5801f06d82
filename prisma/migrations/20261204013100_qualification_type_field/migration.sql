-- A qualification type is governed by one field (领域): the departments of that field verify or
-- reject qualifications of the type, in their region and below (by the firm's region). A type
-- without a field is verified by the platform admin only.
ALTER TABLE `QualificationType` ADD COLUMN `fieldCode` VARCHAR(32) NULL AFTER `issuingAuthority`;

CREATE INDEX `QualificationType_fieldCode_idx` ON `QualificationType`(`fieldCode`);

ALTER TABLE `QualificationType` ADD CONSTRAINT `QualificationType_fieldCode_fkey` FOREIGN KEY (`fieldCode`) REFERENCES `Field`(`code`) ON DELETE SET NULL ON UPDATE CASCADE;

-- The seeded types, by the authority that issues them (prisma/seed/catalogue.ts lists the same):
-- 测绘、地质灾害危险性评估 → 自然资源; 工程勘察、工程设计、施工图审查 → 住房城乡建设;
-- 安全评价 → 应急管理; 职业卫生 → 卫生健康; 雷电防护 → 气象; 资产评估 → 财政/国资.
UPDATE `QualificationType` t
  JOIN `Field` f ON f.`code` = CASE t.`code`
    WHEN 'SURVEYING' THEN 'NATURAL_RESOURCES'
    WHEN 'GEOHAZARD_ASSESSMENT' THEN 'NATURAL_RESOURCES'
    WHEN 'ENGINEERING_INVESTIGATION' THEN 'HOUSING'
    WHEN 'ENGINEERING_DESIGN' THEN 'HOUSING'
    WHEN 'DRAWING_REVIEW' THEN 'HOUSING'
    WHEN 'SAFETY_EVALUATION' THEN 'EMERGENCY'
    WHEN 'OCCUPATIONAL_HEALTH' THEN 'HEALTH'
    WHEN 'LIGHTNING_PROTECTION' THEN 'METEOROLOGY'
    WHEN 'ASSET_APPRAISAL' THEN 'FINANCE'
  END
   SET t.`fieldCode` = f.`code`
 WHERE t.`fieldCode` IS NULL;
