-- CreateTable
CREATE TABLE `IntermediaryProfile` (
    `organizationId` VARCHAR(32) NOT NULL,
    `shortName` VARCHAR(64) NULL,
    `introduction` TEXT NULL,
    `website` VARCHAR(255) NULL,
    `contactEmail` VARCHAR(191) NULL,
    `commitmentVersion` VARCHAR(32) NULL,
    `commitmentAcceptedAt` DATETIME(3) NULL,
    `commitmentAcceptedByUserId` VARCHAR(32) NULL,
    `listedAt` DATETIME(3) NULL,
    `updatedAt` DATETIME(3) NOT NULL,
    INDEX `IntermediaryProfile_listedAt_idx`(`listedAt`),
    PRIMARY KEY (`organizationId`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `OfferedService` (
    `organizationId` VARCHAR(32) NOT NULL,
    `serviceItemCode` VARCHAR(32) NOT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    INDEX `OfferedService_serviceItemCode_idx`(`serviceItemCode`),
    PRIMARY KEY (`organizationId`, `serviceItemCode`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `ServiceCommitment` (
    `organizationId` VARCHAR(32) NOT NULL,
    `serviceItemCode` VARCHAR(32) NOT NULL,
    `promisedDays` INT NOT NULL,
    `feeStandard` VARCHAR(500) NOT NULL,
    `feeBasisNote` VARCHAR(500) NULL,
    `updatedAt` DATETIME(3) NOT NULL,
    INDEX `ServiceCommitment_serviceItemCode_idx`(`serviceItemCode`),
    PRIMARY KEY (`organizationId`, `serviceItemCode`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `Qualification` (
    `id` VARCHAR(32) NOT NULL,
    `organizationId` VARCHAR(32) NOT NULL,
    `typeCode` VARCHAR(32) NOT NULL,
    `levelCode` VARCHAR(32) NOT NULL,
    `certificateNo` VARCHAR(64) NOT NULL,
    `issuer` VARCHAR(200) NOT NULL,
    `validFrom` DATE NOT NULL,
    `validTo` DATE NOT NULL,
    `status` ENUM('SELF_DECLARED','VERIFIED','REJECTED') NOT NULL DEFAULT 'SELF_DECLARED',
    `scanFileId` VARCHAR(32) NULL,
    `reviewedByOrganizationId` VARCHAR(32) NULL,
    `reviewedByUserId` VARCHAR(32) NULL,
    `reviewedAt` DATETIME(3) NULL,
    `reviewNote` VARCHAR(500) NULL,
    `expiryRemindedAt` DATETIME(3) NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updatedAt` DATETIME(3) NOT NULL,
    INDEX `Qualification_organizationId_idx`(`organizationId`),
    INDEX `Qualification_typeCode_levelCode_idx`(`typeCode`, `levelCode`),
    INDEX `Qualification_validTo_idx`(`validTo`),
    INDEX `Qualification_scanFileId_idx`(`scanFileId`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `StoredFile` (
    `id` VARCHAR(32) NOT NULL,
    `organizationId` VARCHAR(32) NOT NULL,
    `purpose` VARCHAR(32) NOT NULL,
    `originalName` VARCHAR(255) NOT NULL,
    `contentType` VARCHAR(100) NOT NULL,
    `size` INT NOT NULL,
    `sha256` CHAR(64) NOT NULL,
    `storageKey` VARCHAR(255) NOT NULL,
    `createdByUserId` VARCHAR(32) NOT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE INDEX `StoredFile_storageKey_key`(`storageKey`),
    INDEX `StoredFile_organizationId_idx`(`organizationId`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `Practitioner` (
    `id` VARCHAR(32) NOT NULL,
    `organizationId` VARCHAR(32) NOT NULL,
    `name` VARCHAR(64) NOT NULL,
    `certificateNo` VARCHAR(64) NOT NULL,
    `title` VARCHAR(100) NOT NULL,
    `specialty` VARCHAR(100) NULL,
    `active` TINYINT(1) NOT NULL DEFAULT true,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updatedAt` DATETIME(3) NOT NULL,
    INDEX `Practitioner_organizationId_idx`(`organizationId`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `BlacklistEntry` (
    `id` VARCHAR(32) NOT NULL,
    `organizationId` VARCHAR(32) NOT NULL,
    `issuedByOrganizationId` VARCHAR(32) NULL,
    `reason` VARCHAR(500) NOT NULL,
    `evidence` TEXT NOT NULL,
    `startsAt` DATETIME(3) NOT NULL,
    `endsAt` DATETIME(3) NOT NULL,
    `liftedAt` DATETIME(3) NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    INDEX `BlacklistEntry_organizationId_endsAt_idx`(`organizationId`, `endsAt`),
    INDEX `BlacklistEntry_issuedByOrganizationId_idx`(`issuedByOrganizationId`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `Notification` (
    `id` VARCHAR(32) NOT NULL,
    `organizationId` VARCHAR(32) NOT NULL,
    `userId` VARCHAR(32) NULL,
    `kind` VARCHAR(64) NOT NULL,
    `title` VARCHAR(200) NOT NULL,
    `body` TEXT NOT NULL,
    `link` VARCHAR(500) NULL,
    `dedupeKey` VARCHAR(191) NULL,
    `readAt` DATETIME(3) NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE INDEX `Notification_dedupeKey_key`(`dedupeKey`),
    INDEX `Notification_organizationId_readAt_idx`(`organizationId`, `readAt`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `EmailOutbox` (
    `id` VARCHAR(32) NOT NULL,
    `toAddress` VARCHAR(191) NOT NULL,
    `subject` VARCHAR(200) NOT NULL,
    `body` TEXT NOT NULL,
    `status` ENUM('PENDING','SENT','FAILED') NOT NULL DEFAULT 'PENDING',
    `attempts` INT NOT NULL DEFAULT 0,
    `nextAttemptAt` DATETIME(3) NOT NULL,
    `sentAt` DATETIME(3) NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    INDEX `EmailOutbox_status_nextAttemptAt_idx`(`status`, `nextAttemptAt`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `SearchOutbox` (
    `id` BIGINT NOT NULL AUTO_INCREMENT,
    `entityType` VARCHAR(32) NOT NULL,
    `entityId` VARCHAR(32) NOT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `processedAt` DATETIME(3) NULL,
    `attempts` INT NOT NULL DEFAULT 0,
    INDEX `SearchOutbox_processedAt_id_idx`(`processedAt`, `id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `IntermediaryProfile` ADD CONSTRAINT `IntermediaryProfile_organizationId_fkey` FOREIGN KEY (`organizationId`) REFERENCES `Organization`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `OfferedService` ADD CONSTRAINT `OfferedService_organizationId_fkey` FOREIGN KEY (`organizationId`) REFERENCES `Organization`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `OfferedService` ADD CONSTRAINT `OfferedService_serviceItemCode_fkey` FOREIGN KEY (`serviceItemCode`) REFERENCES `ServiceItem`(`code`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `ServiceCommitment` ADD CONSTRAINT `ServiceCommitment_organizationId_fkey` FOREIGN KEY (`organizationId`) REFERENCES `Organization`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `ServiceCommitment` ADD CONSTRAINT `ServiceCommitment_serviceItemCode_fkey` FOREIGN KEY (`serviceItemCode`) REFERENCES `ServiceItem`(`code`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `Qualification` ADD CONSTRAINT `Qualification_organizationId_fkey` FOREIGN KEY (`organizationId`) REFERENCES `Organization`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `Qualification` ADD CONSTRAINT `Qualification_typeCode_levelCode_fkey` FOREIGN KEY (`typeCode`, `levelCode`) REFERENCES `QualificationLevel`(`typeCode`, `code`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `Qualification` ADD CONSTRAINT `Qualification_scanFileId_fkey` FOREIGN KEY (`scanFileId`) REFERENCES `StoredFile`(`id`) ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `StoredFile` ADD CONSTRAINT `StoredFile_organizationId_fkey` FOREIGN KEY (`organizationId`) REFERENCES `Organization`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `Practitioner` ADD CONSTRAINT `Practitioner_organizationId_fkey` FOREIGN KEY (`organizationId`) REFERENCES `Organization`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `BlacklistEntry` ADD CONSTRAINT `BlacklistEntry_organizationId_fkey` FOREIGN KEY (`organizationId`) REFERENCES `Organization`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `BlacklistEntry` ADD CONSTRAINT `BlacklistEntry_issuedByOrganizationId_fkey` FOREIGN KEY (`issuedByOrganizationId`) REFERENCES `Organization`(`id`) ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `Notification` ADD CONSTRAINT `Notification_organizationId_fkey` FOREIGN KEY (`organizationId`) REFERENCES `Organization`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
