-- Open data and integration: OCDS 1.1 releases (one immutable row per release), webhook
-- subscriptions with their events and deliveries, and approval systems (审批系统): organizations of a
-- new type whose service user holds the API tokens the admin issues, scoped to regions and
-- departments. Roles and permissions for them are seeded here.

ALTER TABLE `Organization` MODIFY `type` ENUM('OWNER','INTERMEDIARY','DEPARTMENT','PLATFORM','APPROVAL_SYSTEM') NOT NULL;
ALTER TABLE `Role` MODIFY `organizationType` ENUM('OWNER','INTERMEDIARY','DEPARTMENT','PLATFORM','APPROVAL_SYSTEM') NOT NULL;

-- CreateTable
CREATE TABLE `ApprovalSystem` (
    `organizationId` VARCHAR(32) NOT NULL,
    `regionCodes` TEXT NOT NULL,
    `departmentIds` TEXT NOT NULL,
    `createdByUserId` VARCHAR(32) NOT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (`organizationId`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `OcdsRelease` (
    `seq` BIGINT NOT NULL AUTO_INCREMENT,
    `releaseId` VARCHAR(160) NOT NULL,
    `ocid` VARCHAR(100) NOT NULL,
    `date` DATETIME(3) NOT NULL,
    `release` MEDIUMTEXT NOT NULL,
    UNIQUE INDEX `OcdsRelease_releaseId_key`(`releaseId`),
    INDEX `OcdsRelease_ocid_seq_idx`(`ocid`, `seq`),
    INDEX `OcdsRelease_date_seq_idx`(`date`, `seq`),
    PRIMARY KEY (`seq`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `WebhookSubscription` (
    `id` VARCHAR(32) NOT NULL,
    `organizationId` VARCHAR(32) NOT NULL,
    `createdByUserId` VARCHAR(32) NOT NULL,
    `url` VARCHAR(2000) NOT NULL,
    `events` TEXT NOT NULL,
    `secret` VARCHAR(100) NOT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `disabledAt` DATETIME(3) NULL,
    INDEX `WebhookSubscription_organizationId_idx`(`organizationId`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `WebhookEvent` (
    `id` VARCHAR(40) NOT NULL,
    `type` VARCHAR(64) NOT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `data` MEDIUMTEXT NOT NULL,
    `fannedOutAt` DATETIME(3) NULL,
    INDEX `WebhookEvent_fannedOutAt_idx`(`fannedOutAt`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `WebhookDelivery` (
    `id` VARCHAR(32) NOT NULL,
    `subscriptionId` VARCHAR(32) NOT NULL,
    `eventId` VARCHAR(40) NOT NULL,
    `status` VARCHAR(16) NOT NULL,
    `attempts` INT NOT NULL DEFAULT 0,
    `nextAttemptAt` DATETIME(3) NULL,
    `leaseUntil` DATETIME(3) NULL,
    `lastAttemptAt` DATETIME(3) NULL,
    `responseStatus` INT NULL,
    `lastError` VARCHAR(500) NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE INDEX `WebhookDelivery_subscriptionId_eventId_key`(`subscriptionId`, `eventId`),
    INDEX `WebhookDelivery_status_nextAttemptAt_idx`(`status`, `nextAttemptAt`),
    INDEX `WebhookDelivery_eventId_idx`(`eventId`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `ApprovalSystem` ADD CONSTRAINT `ApprovalSystem_organizationId_fkey` FOREIGN KEY (`organizationId`) REFERENCES `Organization`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `WebhookSubscription` ADD CONSTRAINT `WebhookSubscription_organizationId_fkey` FOREIGN KEY (`organizationId`) REFERENCES `Organization`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `WebhookDelivery` ADD CONSTRAINT `WebhookDelivery_subscriptionId_fkey` FOREIGN KEY (`subscriptionId`) REFERENCES `WebhookSubscription`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `WebhookDelivery` ADD CONSTRAINT `WebhookDelivery_eventId_fkey` FOREIGN KEY (`eventId`) REFERENCES `WebhookEvent`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

INSERT INTO `Role` (`name`, `organizationType`, `description`) VALUES
  ('approval-system.client', 'APPROVAL_SYSTEM', '审批系统接口');

INSERT INTO `Permission` (`code`, `description`) VALUES
  ('manage:approval-system:any', '登记审批系统并签发其接口令牌'),
  ('manage:webhook:own', '订阅事件推送（Webhook）并查看投递记录');

INSERT INTO `RolePermission` (`roleName`, `permissionCode`) VALUES
  ('platform.admin', 'manage:approval-system:any'),
  ('owner.admin', 'manage:webhook:own'), ('owner.member', 'manage:webhook:own'),
  ('intermediary.admin', 'manage:webhook:own'), ('intermediary.member', 'manage:webhook:own'),
  ('approval-system.client', 'read:me:own'), ('approval-system.client', 'manage:token:own'), ('approval-system.client', 'read:project:field'),
  ('approval-system.client', 'manage:webhook:own');
