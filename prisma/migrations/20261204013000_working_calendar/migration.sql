-- The working-day calendar's own days: holidays and make-up workdays the platform admin records for years
-- the chinese-days package does not know yet (app/domain/clock/working-days.ts).

-- CreateTable
CREATE TABLE `CalendarDay` (
    `date` DATE NOT NULL,
    `kind` ENUM('HOLIDAY','WORKDAY') NOT NULL,
    `name` VARCHAR(64) NOT NULL,
    `createdByUserId` VARCHAR(32) NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (`date`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
