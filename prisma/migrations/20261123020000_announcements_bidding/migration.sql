-- Projects, purchase announcements, sealed bids, objections, subscriptions, performance events (DESIGN §4).

-- CreateTable
CREATE TABLE `Project` (
    `id` VARCHAR(32) NOT NULL,
    `ownerOrganizationId` VARCHAR(32) NOT NULL,
    `name` VARCHAR(200) NOT NULL,
    `investmentCode` VARCHAR(64) NULL,
    `regionCode` VARCHAR(12) NOT NULL,
    `description` TEXT NULL,
    `funding` ENUM('PUBLIC','SELF') NOT NULL,
    `createdByUserId` VARCHAR(32) NOT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updatedAt` DATETIME(3) NOT NULL,
    INDEX `Project_ownerOrganizationId_createdAt_idx`(`ownerOrganizationId`, `createdAt`),
    INDEX `Project_regionCode_idx`(`regionCode`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `ProjectApprovalItem` (
    `projectId` VARCHAR(32) NOT NULL,
    `approvalItemCode` VARCHAR(32) NOT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    INDEX `ProjectApprovalItem_approvalItemCode_idx`(`approvalItemCode`),
    PRIMARY KEY (`projectId`, `approvalItemCode`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `Announcement` (
    `id` VARCHAR(32) NOT NULL,
    `projectId` VARCHAR(32) NOT NULL,
    `ownerOrganizationId` VARCHAR(32) NOT NULL,
    `approvalItemCode` VARCHAR(32) NOT NULL,
    `serviceItemCode` VARCHAR(32) NOT NULL,
    `regionCode` VARCHAR(12) NOT NULL,
    `title` VARCHAR(200) NOT NULL,
    `scope` TEXT NOT NULL,
    `method` ENUM('DIRECT','LOTTERY','LOWEST_PRICE','AVERAGE_PRICE','SCORE') NOT NULL,
    `priceCeiling` DECIMAL(14,2) NULL,
    `fixedPrice` DECIMAL(14,2) NULL,
    `directIntermediaryId` VARCHAR(32) NULL,
    `directResponse` VARCHAR(16) NULL,
    `directRespondedAt` DATETIME(3) NULL,
    `weightPrice` INT NULL,
    `weightCredit` INT NULL,
    `weightRating` INT NULL,
    `weightTechnical` INT NULL,
    `deadline` DATETIME(3) NOT NULL,
    `serviceDays` INT NOT NULL,
    `paymentTerms` VARCHAR(1000) NULL,
    `contactName` VARCHAR(64) NULL,
    `contactPhone` VARCHAR(32) NULL,
    `status` ENUM('DRAFT','PUBLISHED','EVALUATING','PUBLICITY','AWARDED','CANCELLED','FAILED') NOT NULL DEFAULT 'DRAFT',
    `statusReason` VARCHAR(500) NULL,
    `seed` CHAR(64) NULL,
    `seedCommitment` CHAR(64) NULL,
    `minimumBids` INT NOT NULL DEFAULT 3,
    `publicityDays` INT NOT NULL DEFAULT 3,
    `previousId` VARCHAR(32) NULL,
    `evaluationEndsAt` DATETIME(3) NULL,
    `winnerBidId` VARCHAR(32) NULL,
    `result` MEDIUMTEXT NULL,
    `evaluationRound` INT NOT NULL DEFAULT 0,
    `publishedAt` DATETIME(3) NULL,
    `openedAt` DATETIME(3) NULL,
    `evaluatedAt` DATETIME(3) NULL,
    `publicityEndsAt` DATETIME(3) NULL,
    `awardedAt` DATETIME(3) NULL,
    `closedAt` DATETIME(3) NULL,
    `subscribersNotifiedAt` DATETIME(3) NULL,
    `nextCheckAt` DATETIME(3) NULL,
    `createdByUserId` VARCHAR(32) NOT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updatedAt` DATETIME(3) NOT NULL,
    INDEX `Announcement_nextCheckAt_idx`(`nextCheckAt`),
    INDEX `Announcement_status_publishedAt_idx`(`status`, `publishedAt`),
    INDEX `Announcement_serviceItemCode_status_idx`(`serviceItemCode`, `status`),
    INDEX `Announcement_regionCode_idx`(`regionCode`),
    INDEX `Announcement_projectId_idx`(`projectId`),
    INDEX `Announcement_ownerOrganizationId_idx`(`ownerOrganizationId`),
    INDEX `Announcement_approvalItemCode_idx`(`approvalItemCode`),
    INDEX `Announcement_directIntermediaryId_idx`(`directIntermediaryId`),
    INDEX `Announcement_previousId_idx`(`previousId`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `AnnouncementAmendment` (
    `id` VARCHAR(32) NOT NULL,
    `announcementId` VARCHAR(32) NOT NULL,
    `number` INT NOT NULL,
    `reason` VARCHAR(500) NOT NULL,
    `changes` TEXT NOT NULL,
    `createdByUserId` VARCHAR(32) NOT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE INDEX `AnnouncementAmendment_announcementId_number_key`(`announcementId`, `number`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `AnnouncementAttachment` (
    `announcementId` VARCHAR(32) NOT NULL,
    `fileId` VARCHAR(32) NOT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    INDEX `AnnouncementAttachment_fileId_idx`(`fileId`),
    PRIMARY KEY (`announcementId`, `fileId`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `Bid` (
    `id` VARCHAR(32) NOT NULL,
    `announcementId` VARCHAR(32) NOT NULL,
    `intermediaryId` VARCHAR(32) NOT NULL,
    `status` ENUM('ACTIVE','WITHDRAWN') NOT NULL DEFAULT 'ACTIVE',
    `currentVersion` INT NOT NULL DEFAULT 1,
    `nonce` VARCHAR(64) NOT NULL,
    `needsReconfirmation` TINYINT(1) NOT NULL DEFAULT false,
    `openedPrice` DECIMAL(14,2) NULL,
    `valid` TINYINT(1) NULL,
    `invalidReason` VARCHAR(500) NULL,
    `excludedAt` DATETIME(3) NULL,
    `excludedReason` VARCHAR(500) NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updatedAt` DATETIME(3) NOT NULL,
    UNIQUE INDEX `Bid_announcementId_intermediaryId_key`(`announcementId`, `intermediaryId`),
    INDEX `Bid_intermediaryId_idx`(`intermediaryId`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `BidVersion` (
    `id` VARCHAR(32) NOT NULL,
    `bidId` VARCHAR(32) NOT NULL,
    `version` INT NOT NULL,
    `action` VARCHAR(16) NOT NULL,
    `priceCiphertext` VARCHAR(255) NULL,
    `createdByUserId` VARCHAR(32) NOT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE INDEX `BidVersion_bidId_version_key`(`bidId`, `version`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `AnnouncementEvaluator` (
    `announcementId` VARCHAR(32) NOT NULL,
    `userId` VARCHAR(32) NOT NULL,
    `submittedAt` DATETIME(3) NULL,
    INDEX `AnnouncementEvaluator_userId_idx`(`userId`),
    PRIMARY KEY (`announcementId`, `userId`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `TechnicalScore` (
    `bidId` VARCHAR(32) NOT NULL,
    `evaluatorUserId` VARCHAR(32) NOT NULL,
    `score` DECIMAL(5,2) NOT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (`bidId`, `evaluatorUserId`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `Objection` (
    `id` VARCHAR(32) NOT NULL,
    `announcementId` VARCHAR(32) NOT NULL,
    `bidId` VARCHAR(32) NOT NULL,
    `intermediaryId` VARCHAR(32) NOT NULL,
    `evaluationRound` INT NOT NULL,
    `reason` TEXT NOT NULL,
    `status` ENUM('OPEN','ANSWERED','ESCALATED','UPHELD','REJECTED') NOT NULL DEFAULT 'OPEN',
    `answer` TEXT NULL,
    `answeredAt` DATETIME(3) NULL,
    `answeredByUserId` VARCHAR(32) NULL,
    `escalatedAt` DATETIME(3) NULL,
    `decision` TEXT NULL,
    `decidedAt` DATETIME(3) NULL,
    `decidedByUserId` VARCHAR(32) NULL,
    `decidedByOrganizationId` VARCHAR(32) NULL,
    `nextCheckAt` DATETIME(3) NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updatedAt` DATETIME(3) NOT NULL,
    INDEX `Objection_announcementId_status_idx`(`announcementId`, `status`),
    INDEX `Objection_bidId_idx`(`bidId`),
    INDEX `Objection_nextCheckAt_idx`(`nextCheckAt`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `ServiceItemSubscription` (
    `organizationId` VARCHAR(32) NOT NULL,
    `serviceItemCode` VARCHAR(32) NOT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    INDEX `ServiceItemSubscription_serviceItemCode_idx`(`serviceItemCode`),
    PRIMARY KEY (`organizationId`, `serviceItemCode`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `PerformanceEvent` (
    `id` VARCHAR(32) NOT NULL,
    `organizationId` VARCHAR(32) NOT NULL,
    `kind` VARCHAR(32) NOT NULL,
    `announcementId` VARCHAR(32) NULL,
    `detail` VARCHAR(500) NOT NULL,
    `occurredAt` DATETIME(3) NOT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    INDEX `PerformanceEvent_organizationId_occurredAt_idx`(`organizationId`, `occurredAt`),
    INDEX `PerformanceEvent_announcementId_idx`(`announcementId`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `Project` ADD CONSTRAINT `Project_ownerOrganizationId_fkey` FOREIGN KEY (`ownerOrganizationId`) REFERENCES `Organization`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `Project` ADD CONSTRAINT `Project_regionCode_fkey` FOREIGN KEY (`regionCode`) REFERENCES `Region`(`code`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `ProjectApprovalItem` ADD CONSTRAINT `ProjectApprovalItem_projectId_fkey` FOREIGN KEY (`projectId`) REFERENCES `Project`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `ProjectApprovalItem` ADD CONSTRAINT `ProjectApprovalItem_approvalItemCode_fkey` FOREIGN KEY (`approvalItemCode`) REFERENCES `ApprovalItem`(`code`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `Announcement` ADD CONSTRAINT `Announcement_projectId_fkey` FOREIGN KEY (`projectId`) REFERENCES `Project`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `Announcement` ADD CONSTRAINT `Announcement_ownerOrganizationId_fkey` FOREIGN KEY (`ownerOrganizationId`) REFERENCES `Organization`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `Announcement` ADD CONSTRAINT `Announcement_approvalItemCode_fkey` FOREIGN KEY (`approvalItemCode`) REFERENCES `ApprovalItem`(`code`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `Announcement` ADD CONSTRAINT `Announcement_serviceItemCode_fkey` FOREIGN KEY (`serviceItemCode`) REFERENCES `ServiceItem`(`code`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `Announcement` ADD CONSTRAINT `Announcement_directIntermediaryId_fkey` FOREIGN KEY (`directIntermediaryId`) REFERENCES `Organization`(`id`) ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `Announcement` ADD CONSTRAINT `Announcement_previousId_fkey` FOREIGN KEY (`previousId`) REFERENCES `Announcement`(`id`) ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `AnnouncementAmendment` ADD CONSTRAINT `AnnouncementAmendment_announcementId_fkey` FOREIGN KEY (`announcementId`) REFERENCES `Announcement`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `AnnouncementAttachment` ADD CONSTRAINT `AnnouncementAttachment_announcementId_fkey` FOREIGN KEY (`announcementId`) REFERENCES `Announcement`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `AnnouncementAttachment` ADD CONSTRAINT `AnnouncementAttachment_fileId_fkey` FOREIGN KEY (`fileId`) REFERENCES `StoredFile`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `Bid` ADD CONSTRAINT `Bid_announcementId_fkey` FOREIGN KEY (`announcementId`) REFERENCES `Announcement`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `Bid` ADD CONSTRAINT `Bid_intermediaryId_fkey` FOREIGN KEY (`intermediaryId`) REFERENCES `Organization`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `BidVersion` ADD CONSTRAINT `BidVersion_bidId_fkey` FOREIGN KEY (`bidId`) REFERENCES `Bid`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `AnnouncementEvaluator` ADD CONSTRAINT `AnnouncementEvaluator_announcementId_fkey` FOREIGN KEY (`announcementId`) REFERENCES `Announcement`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `AnnouncementEvaluator` ADD CONSTRAINT `AnnouncementEvaluator_userId_fkey` FOREIGN KEY (`userId`) REFERENCES `User`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `TechnicalScore` ADD CONSTRAINT `TechnicalScore_bidId_fkey` FOREIGN KEY (`bidId`) REFERENCES `Bid`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `Objection` ADD CONSTRAINT `Objection_announcementId_fkey` FOREIGN KEY (`announcementId`) REFERENCES `Announcement`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `Objection` ADD CONSTRAINT `Objection_bidId_fkey` FOREIGN KEY (`bidId`) REFERENCES `Bid`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `ServiceItemSubscription` ADD CONSTRAINT `ServiceItemSubscription_organizationId_fkey` FOREIGN KEY (`organizationId`) REFERENCES `Organization`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `ServiceItemSubscription` ADD CONSTRAINT `ServiceItemSubscription_serviceItemCode_fkey` FOREIGN KEY (`serviceItemCode`) REFERENCES `ServiceItem`(`code`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `PerformanceEvent` ADD CONSTRAINT `PerformanceEvent_organizationId_fkey` FOREIGN KEY (`organizationId`) REFERENCES `Organization`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- Platform rules as data (calendar days from the server clock; counts).
INSERT IGNORE INTO `AppSetting` (`key`, `value`, `updatedAt`) VALUES
  ('rule.minBiddingDays', '3', CURRENT_TIMESTAMP(3)),
  ('rule.publicityDays', '3', CURRENT_TIMESTAMP(3)),
  ('rule.minimumBids', '3', CURRENT_TIMESTAMP(3)),
  ('rule.objectionAnswerDays', '3', CURRENT_TIMESTAMP(3)),
  ('rule.objectionEscalationDays', '3', CURRENT_TIMESTAMP(3)),
  ('rule.technicalScoringDays', '3', CURRENT_TIMESTAMP(3));

INSERT INTO `Permission` (`code`, `description`) VALUES
  ('decide:objection:field', '裁决本领域有争议的质疑'),
  ('decide:objection:any', '裁决任何有争议的质疑'),
  ('read:project:field', '查看涉及本领域事项的项目'),
  ('read:project:any', '查看所有项目');

INSERT INTO `RolePermission` (`roleName`, `permissionCode`) VALUES
  ('department.admin', 'decide:objection:field'), ('department.member', 'decide:objection:field'),
  ('department.admin', 'read:project:field'), ('department.member', 'read:project:field'),
  ('platform.admin', 'decide:objection:any'), ('platform.admin', 'read:project:any');
