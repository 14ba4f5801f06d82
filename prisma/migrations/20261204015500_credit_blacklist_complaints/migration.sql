-- Credit (DESIGN §6, issue 12): the public rule table of credit records (data, with the performance
-- event kinds that trigger each rule), credit records, the stored credit score and its history,
-- blacklist entries as a state machine (status, source, who decided, lifted by a credit repair),
-- credit repair applications, complaints, and the activity of each intermediary's entry (dormant
-- entries, 僵尸中介). Permission codes of these actions (listed in app/domain/permissions/codes.ts too).

-- CreateTable
CREATE TABLE `EntryActivity` (
    `id` VARCHAR(32) NOT NULL,
    `status` ENUM('ACTIVE','ASKED','DORMANT') NOT NULL DEFAULT 'ACTIVE',
    `lastActiveAt` DATETIME(3) NOT NULL,
    `askedAt` DATETIME(3) NULL,
    `dormantAt` DATETIME(3) NULL,
    `nextCheckAt` DATETIME(3) NULL,
    `updatedAt` DATETIME(3) NOT NULL,
    INDEX `EntryActivity_nextCheckAt_idx`(`nextCheckAt`),
    INDEX `EntryActivity_status_idx`(`status`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `RepairApplication` (
    `id` VARCHAR(32) NOT NULL,
    `blacklistEntryId` VARCHAR(32) NOT NULL,
    `organizationId` VARCHAR(32) NOT NULL,
    `status` ENUM('PENDING','APPROVED','REJECTED') NOT NULL DEFAULT 'PENDING',
    `statement` TEXT NOT NULL,
    `evidence` TEXT NOT NULL,
    `submittedByUserId` VARCHAR(32) NOT NULL,
    `decisionReason` VARCHAR(1000) NULL,
    `decidedAt` DATETIME(3) NULL,
    `decidedByOrganizationId` VARCHAR(32) NULL,
    `decidedByUserId` VARCHAR(32) NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updatedAt` DATETIME(3) NOT NULL,
    INDEX `RepairApplication_blacklistEntryId_status_idx`(`blacklistEntryId`, `status`),
    INDEX `RepairApplication_organizationId_idx`(`organizationId`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `CreditRule` (
    `code` VARCHAR(48) NOT NULL,
    `description` VARCHAR(300) NOT NULL,
    `points` INT NOT NULL,
    `validityDays` INT NOT NULL,
    `subjectType` ENUM('INTERMEDIARY','OWNER') NULL,
    `departmentMayRecord` TINYINT(1) NOT NULL DEFAULT false,
    `countThreshold` INT NOT NULL DEFAULT 1,
    `countWindowDays` INT NULL,
    `countPerAnnouncement` TINYINT(1) NOT NULL DEFAULT false,
    `sortOrder` INT NOT NULL DEFAULT 0,
    `active` TINYINT(1) NOT NULL DEFAULT true,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updatedAt` DATETIME(3) NOT NULL,
    PRIMARY KEY (`code`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `CreditRuleTrigger` (
    `ruleCode` VARCHAR(48) NOT NULL,
    `eventKind` VARCHAR(32) NOT NULL,
    INDEX `CreditRuleTrigger_eventKind_idx`(`eventKind`),
    PRIMARY KEY (`ruleCode`, `eventKind`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `CreditRecord` (
    `id` VARCHAR(32) NOT NULL,
    `organizationId` VARCHAR(32) NOT NULL,
    `ruleCode` VARCHAR(48) NOT NULL,
    `points` INT NOT NULL,
    `source` ENUM('SYSTEM','DEPARTMENT') NOT NULL,
    `status` ENUM('PENDING','CONTESTED','EFFECTIVE','ANNULLED','EXPIRED') NOT NULL DEFAULT 'PENDING',
    `evidence` TEXT NOT NULL,
    `evidenceFileId` VARCHAR(32) NULL,
    `serviceItemCode` VARCHAR(32) NULL,
    `announcementId` VARCHAR(32) NULL,
    `performanceEventId` VARCHAR(32) NULL,
    `recordedByOrganizationId` VARCHAR(32) NULL,
    `recordedByUserId` VARCHAR(32) NULL,
    `occurredAt` DATETIME(3) NOT NULL,
    `objectionEndsAt` DATETIME(3) NOT NULL,
    `expiresAt` DATETIME(3) NOT NULL,
    `effectiveAt` DATETIME(3) NULL,
    `contestReason` TEXT NULL,
    `contestedAt` DATETIME(3) NULL,
    `contestedByUserId` VARCHAR(32) NULL,
    `reviewReason` TEXT NULL,
    `reviewedAt` DATETIME(3) NULL,
    `reviewedByOrganizationId` VARCHAR(32) NULL,
    `reviewedByUserId` VARCHAR(32) NULL,
    `nextCheckAt` DATETIME(3) NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updatedAt` DATETIME(3) NOT NULL,
    UNIQUE INDEX `CreditRecord_performanceEventId_ruleCode_key`(`performanceEventId`, `ruleCode`),
    INDEX `CreditRecord_organizationId_status_idx`(`organizationId`, `status`),
    INDEX `CreditRecord_ruleCode_idx`(`ruleCode`),
    INDEX `CreditRecord_evidenceFileId_idx`(`evidenceFileId`),
    INDEX `CreditRecord_nextCheckAt_idx`(`nextCheckAt`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `CreditStanding` (
    `organizationId` VARCHAR(32) NOT NULL,
    `score` INT NOT NULL,
    `level` CHAR(1) NOT NULL,
    `updatedAt` DATETIME(3) NOT NULL,
    PRIMARY KEY (`organizationId`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `CreditScoreChange` (
    `id` BIGINT NOT NULL AUTO_INCREMENT,
    `organizationId` VARCHAR(32) NOT NULL,
    `previousScore` INT NOT NULL,
    `score` INT NOT NULL,
    `level` CHAR(1) NOT NULL,
    `cause` VARCHAR(64) NOT NULL,
    `creditRecordId` VARCHAR(32) NULL,
    `at` DATETIME(3) NOT NULL,
    INDEX `CreditScoreChange_organizationId_at_idx`(`organizationId`, `at`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `Complaint` (
    `id` VARCHAR(32) NOT NULL,
    `complainantUserId` VARCHAR(32) NOT NULL,
    `complainantOrganizationId` VARCHAR(32) NOT NULL,
    `subjectOrganizationId` VARCHAR(32) NOT NULL,
    `announcementId` VARCHAR(32) NULL,
    `contractId` VARCHAR(32) NULL,
    `serviceItemCode` VARCHAR(32) NULL,
    `regionCode` VARCHAR(12) NOT NULL,
    `departmentId` VARCHAR(32) NULL,
    `reason` TEXT NOT NULL,
    `status` ENUM('SUBMITTED','ESCALATED','UPHELD','REJECTED') NOT NULL DEFAULT 'SUBMITTED',
    `dueAt` DATETIME(3) NOT NULL,
    `remindAt` DATETIME(3) NULL,
    `remindedAt` DATETIME(3) NULL,
    `escalatedAt` DATETIME(3) NULL,
    `reply` TEXT NULL,
    `decidedAt` DATETIME(3) NULL,
    `decidedByOrganizationId` VARCHAR(32) NULL,
    `decidedByUserId` VARCHAR(32) NULL,
    `creditRecordId` VARCHAR(32) NULL,
    `nextCheckAt` DATETIME(3) NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updatedAt` DATETIME(3) NOT NULL,
    INDEX `Complaint_departmentId_status_idx`(`departmentId`, `status`),
    INDEX `Complaint_complainantUserId_createdAt_idx`(`complainantUserId`, `createdAt`),
    INDEX `Complaint_subjectOrganizationId_idx`(`subjectOrganizationId`),
    INDEX `Complaint_announcementId_idx`(`announcementId`),
    INDEX `Complaint_status_decidedAt_idx`(`status`, `decidedAt`),
    INDEX `Complaint_nextCheckAt_idx`(`nextCheckAt`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `EntryActivity` ADD CONSTRAINT `EntryActivity_id_fkey` FOREIGN KEY (`id`) REFERENCES `Organization`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `RepairApplication` ADD CONSTRAINT `RepairApplication_blacklistEntryId_fkey` FOREIGN KEY (`blacklistEntryId`) REFERENCES `BlacklistEntry`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `RepairApplication` ADD CONSTRAINT `RepairApplication_organizationId_fkey` FOREIGN KEY (`organizationId`) REFERENCES `Organization`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `CreditRuleTrigger` ADD CONSTRAINT `CreditRuleTrigger_ruleCode_fkey` FOREIGN KEY (`ruleCode`) REFERENCES `CreditRule`(`code`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `CreditRecord` ADD CONSTRAINT `CreditRecord_organizationId_fkey` FOREIGN KEY (`organizationId`) REFERENCES `Organization`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `CreditRecord` ADD CONSTRAINT `CreditRecord_ruleCode_fkey` FOREIGN KEY (`ruleCode`) REFERENCES `CreditRule`(`code`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `CreditRecord` ADD CONSTRAINT `CreditRecord_evidenceFileId_fkey` FOREIGN KEY (`evidenceFileId`) REFERENCES `StoredFile`(`id`) ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `CreditStanding` ADD CONSTRAINT `CreditStanding_organizationId_fkey` FOREIGN KEY (`organizationId`) REFERENCES `Organization`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `Complaint` ADD CONSTRAINT `Complaint_subjectOrganizationId_fkey` FOREIGN KEY (`subjectOrganizationId`) REFERENCES `Organization`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- The blacklist entry becomes a state machine: its status follows startsAt/endsAt/liftedAt (the
-- instants eligibility reads), so existing rows get the status those instants say.
ALTER TABLE `BlacklistEntry`
  ADD COLUMN `decidedByUserId` VARCHAR(32) NULL AFTER `issuedByOrganizationId`,
  ADD COLUMN `source` ENUM('DEPARTMENT','AUTOMATIC') NOT NULL DEFAULT 'DEPARTMENT' AFTER `decidedByUserId`,
  ADD COLUMN `status` ENUM('SCHEDULED','ACTIVE','ENDED','LIFTED') NOT NULL DEFAULT 'ACTIVE' AFTER `source`,
  ADD COLUMN `liftedReason` VARCHAR(500) NULL AFTER `liftedAt`,
  ADD COLUMN `nextCheckAt` DATETIME(3) NULL AFTER `liftedReason`,
  ADD COLUMN `updatedAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) AFTER `createdAt`;
ALTER TABLE `BlacklistEntry` ALTER COLUMN `updatedAt` DROP DEFAULT;
CREATE INDEX `BlacklistEntry_status_startsAt_idx` ON `BlacklistEntry`(`status`, `startsAt`);
CREATE INDEX `BlacklistEntry_nextCheckAt_idx` ON `BlacklistEntry`(`nextCheckAt`);
UPDATE `BlacklistEntry` SET `status` = CASE
    WHEN `liftedAt` IS NOT NULL THEN 'LIFTED'
    WHEN `endsAt` <= CURRENT_TIMESTAMP(3) THEN 'ENDED'
    WHEN `startsAt` > CURRENT_TIMESTAMP(3) THEN 'SCHEDULED'
    ELSE 'ACTIVE' END;
UPDATE `BlacklistEntry` SET `nextCheckAt` = CASE `status` WHEN 'SCHEDULED' THEN `startsAt` WHEN 'ACTIVE' THEN `endsAt` ELSE NULL END;

-- Performance events are consumed once by the credit rules (the marker makes the consumer idempotent).
ALTER TABLE `PerformanceEvent` ADD COLUMN `creditProcessedAt` DATETIME(3) NULL AFTER `createdAt`;
CREATE INDEX `PerformanceEvent_creditProcessedAt_idx` ON `PerformanceEvent`(`creditProcessedAt`);

-- The rule table, close to the negative-behaviour lists of real 中介超市 (e.g. 湖口县 2025): negative
-- records count for two years, positive ones for one.
INSERT INTO `CreditRule` (`code`, `description`, `points`, `validityDays`, `subjectType`, `departmentMayRecord`, `countThreshold`, `countWindowDays`, `countPerAnnouncement`, `sortOrder`, `updatedAt`) VALUES
  ('WINNER_ABANDONED', '中选后无正当理由放弃中选，或未在规定期限内签订服务合同', -10, 730, 'INTERMEDIARY', 1, 1, NULL, 0, 10, CURRENT_TIMESTAMP(3)),
  ('ABANDONED_REPEATEDLY', '一年内累计 3 次放弃中选或不签订服务合同', -20, 730, 'INTERMEDIARY', 0, 3, 365, 0, 20, CURRENT_TIMESTAMP(3)),
  ('SERVICE_OVERDUE', '未在约定的服务时限内完成服务', -5, 730, 'INTERMEDIARY', 1, 1, NULL, 0, 30, CURRENT_TIMESTAMP(3)),
  ('SERVICE_OVERDUE_SEVERE', '超过约定服务时限 10 个工作日以上仍未完成服务', -15, 730, 'INTERMEDIARY', 1, 1, NULL, 0, 40, CURRENT_TIMESTAMP(3)),
  ('DELIVERABLE_RETURNED_TWICE', '同一项目的服务成果两次被业主退回修改', -3, 730, 'INTERMEDIARY', 0, 2, NULL, 1, 50, CURRENT_TIMESTAMP(3)),
  ('FEE_RAISED', '擅自提高收费标准，或要求业主额外支付费用', -20, 730, 'INTERMEDIARY', 1, 1, NULL, 0, 60, CURRENT_TIMESTAMP(3)),
  ('FALSE_MATERIALS', '提供虚假材料、出具虚假报告或隐瞒真实情况', -30, 730, 'INTERMEDIARY', 1, 1, NULL, 0, 70, CURRENT_TIMESTAMP(3)),
  ('BID_RIGGING', '串通报价、围标，或以其他不正当手段谋取中选', -40, 730, 'INTERMEDIARY', 1, 1, NULL, 0, 80, CURRENT_TIMESTAMP(3)),
  ('EXPIRED_QUALIFICATION', '资质证书已过期仍以该资质申报参与', -5, 730, 'INTERMEDIARY', 1, 1, NULL, 0, 90, CURRENT_TIMESTAMP(3)),
  ('COMPLAINT_UPHELD', '被投诉并经行业主管部门查实', -10, 730, NULL, 0, 1, NULL, 0, 100, CURRENT_TIMESTAMP(3)),
  ('OWNER_PAYMENT_OVERDUE', '项目业主验收后无正当理由拖欠服务费用', -10, 730, 'OWNER', 0, 1, NULL, 0, 110, CURRENT_TIMESTAMP(3)),
  ('COMPLETED_ON_TIME', '按期完成服务并通过业主验收', 2, 365, 'INTERMEDIARY', 0, 1, NULL, 0, 200, CURRENT_TIMESTAMP(3)),
  ('FIVE_STAR_RATING', '获得业主五星服务评价', 1, 365, 'INTERMEDIARY', 0, 1, NULL, 0, 210, CURRENT_TIMESTAMP(3)),
  ('DEPARTMENT_COMMENDATION', '受到行业主管部门通报表扬', 5, 365, 'INTERMEDIARY', 1, 1, NULL, 0, 220, CURRENT_TIMESTAMP(3));

INSERT INTO `CreditRuleTrigger` (`ruleCode`, `eventKind`) VALUES
  ('WINNER_ABANDONED', 'AWARD_DECLINED'),
  ('WINNER_ABANDONED', 'WINNER_ABANDONED'),
  ('ABANDONED_REPEATEDLY', 'AWARD_DECLINED'),
  ('ABANDONED_REPEATEDLY', 'WINNER_ABANDONED'),
  ('SERVICE_OVERDUE', 'SERVICE_OVERDUE'),
  ('SERVICE_OVERDUE_SEVERE', 'SERVICE_OVERDUE_SEVERE'),
  ('DELIVERABLE_RETURNED_TWICE', 'DELIVERABLE_RETURNED'),
  ('COMPLAINT_UPHELD', 'COMPLAINT_UPHELD'),
  ('OWNER_PAYMENT_OVERDUE', 'OWNER_PAYMENT_OVERDUE'),
  ('COMPLETED_ON_TIME', 'COMPLETED_ON_TIME'),
  ('FIVE_STAR_RATING', 'RATING_FIVE_STARS');

-- Every intermediary starts as active, from its last sign-in (or its entry).
INSERT INTO `EntryActivity` (`id`, `status`, `lastActiveAt`, `nextCheckAt`, `updatedAt`)
SELECT o.`id`, 'ACTIVE', a.`lastActiveAt`, DATE_ADD(a.`lastActiveAt`, INTERVAL 365 DAY), CURRENT_TIMESTAMP(3)
  FROM `Organization` o
  JOIN (SELECT o2.`id`, GREATEST(o2.`updatedAt`,
               COALESCE((SELECT MAX(s.`createdAt`) FROM `Session` s WHERE s.`organizationId` = o2.`id`), o2.`updatedAt`),
               COALESCE((SELECT p.`updatedAt` FROM `IntermediaryProfile` p WHERE p.`organizationId` = o2.`id`), o2.`updatedAt`)) AS `lastActiveAt`
          FROM `Organization` o2 WHERE o2.`type` = 'INTERMEDIARY') a ON a.`id` = o.`id`;

INSERT INTO `Permission` (`code`, `description`) VALUES
  ('record:credit-record:field', '记录本领域中介机构的信用记录'),
  ('review:credit-record:field', '复核本领域有异议的信用记录'),
  ('review:credit-record:any', '复核任何有异议的信用记录'),
  ('contest:credit-record:own', '对本机构待生效的信用记录提出异议'),
  ('decide:blacklist:field', '将本领域中介机构列入黑名单'),
  ('apply:credit-repair:own', '申请信用修复'),
  ('decide:credit-repair:field', '审核本领域的信用修复申请'),
  ('file:complaint:own', '提出投诉'),
  ('decide:complaint:field', '办理本部门受理的投诉'),
  ('decide:complaint:any', '办理逾期督办或无主管部门的投诉');

INSERT INTO `RolePermission` (`roleName`, `permissionCode`) VALUES
  ('department.admin', 'record:credit-record:field'), ('department.member', 'record:credit-record:field'),
  ('department.admin', 'review:credit-record:field'), ('department.member', 'review:credit-record:field'),
  ('platform.admin', 'review:credit-record:any'),
  ('owner.admin', 'contest:credit-record:own'), ('owner.member', 'contest:credit-record:own'),
  ('intermediary.admin', 'contest:credit-record:own'), ('intermediary.member', 'contest:credit-record:own'),
  ('department.admin', 'decide:blacklist:field'), ('department.member', 'decide:blacklist:field'),
  ('intermediary.admin', 'apply:credit-repair:own'), ('intermediary.member', 'apply:credit-repair:own'),
  ('department.admin', 'decide:credit-repair:field'), ('department.member', 'decide:credit-repair:field'),
  ('owner.admin', 'file:complaint:own'), ('owner.member', 'file:complaint:own'),
  ('intermediary.admin', 'file:complaint:own'), ('intermediary.member', 'file:complaint:own'),
  ('department.admin', 'decide:complaint:field'), ('department.member', 'decide:complaint:field'),
  ('platform.admin', 'decide:complaint:any');
