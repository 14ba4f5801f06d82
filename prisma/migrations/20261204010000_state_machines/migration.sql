-- One state machine per aggregate (app/domain/engine): the deadlines an objection's machine reads
-- are stored (nextCheckAt is derived from them), the floor price of 竞价选取, and the record of
-- deadline steps that failed (retried with backoff, then stuck until the admin retries them).

ALTER TABLE `Announcement` ADD COLUMN `priceFloor` DECIMAL(14, 2) NULL AFTER `priceCeiling`;

ALTER TABLE `Objection`
  ADD COLUMN `answerDueAt` DATETIME(3) NULL AFTER `decidedByOrganizationId`,
  ADD COLUMN `escalationDueAt` DATETIME(3) NULL AFTER `answerDueAt`;

UPDATE `Objection` SET `answerDueAt` = `nextCheckAt` WHERE `status` = 'OPEN';
UPDATE `Objection` SET `escalationDueAt` = `nextCheckAt` WHERE `status` = 'ANSWERED';

-- CreateTable
CREATE TABLE `ScheduleFailure` (
    `entityType` VARCHAR(32) NOT NULL,
    `entityId` VARCHAR(32) NOT NULL,
    `attempts` INT NOT NULL,
    `lastError` TEXT NOT NULL,
    `firstFailedAt` DATETIME(3) NOT NULL,
    `lastFailedAt` DATETIME(3) NOT NULL,
    `retryAt` DATETIME(3) NULL,
    `stuckAt` DATETIME(3) NULL,
    INDEX `ScheduleFailure_stuckAt_idx`(`stuckAt`),
    PRIMARY KEY (`entityType`, `entityId`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
