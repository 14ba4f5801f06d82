-- CreateTable
CREATE TABLE `Region` (
    `code` VARCHAR(12) NOT NULL,
    `name` VARCHAR(64) NOT NULL,
    `level` TINYINT NOT NULL,
    `parentCode` VARCHAR(12) NULL,
    INDEX `Region_parentCode_idx`(`parentCode`),
    PRIMARY KEY (`code`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `Field` (
    `code` VARCHAR(32) NOT NULL,
    `name` VARCHAR(64) NOT NULL,
    `sortOrder` INT NOT NULL DEFAULT 0,
    UNIQUE INDEX `Field_name_key`(`name`),
    PRIMARY KEY (`code`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `Organization` (
    `id` VARCHAR(32) NOT NULL,
    `type` ENUM('OWNER','INTERMEDIARY','DEPARTMENT','PLATFORM') NOT NULL,
    `uscc` CHAR(18) NOT NULL,
    `name` VARCHAR(200) NOT NULL,
    `regionCode` VARCHAR(12) NOT NULL,
    `legalRepresentative` VARCHAR(64) NULL,
    `address` VARCHAR(255) NULL,
    `contactName` VARCHAR(64) NULL,
    `contactPhone` VARCHAR(32) NULL,
    `status` ENUM('ACTIVE','SUSPENDED') NOT NULL DEFAULT 'ACTIVE',
    `statusReason` VARCHAR(500) NULL,
    `statusChangedAt` DATETIME(3) NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updatedAt` DATETIME(3) NOT NULL,
    UNIQUE INDEX `Organization_uscc_key`(`uscc`),
    INDEX `Organization_type_status_idx`(`type`, `status`),
    INDEX `Organization_regionCode_idx`(`regionCode`),
    INDEX `Organization_name_idx`(`name`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `User` (
    `id` VARCHAR(32) NOT NULL,
    `email` VARCHAR(191) NOT NULL,
    `name` VARCHAR(64) NOT NULL,
    `passwordHash` VARCHAR(255) NOT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updatedAt` DATETIME(3) NOT NULL,
    UNIQUE INDEX `User_email_key`(`email`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `Role` (
    `name` VARCHAR(32) NOT NULL,
    `organizationType` ENUM('OWNER','INTERMEDIARY','DEPARTMENT','PLATFORM') NOT NULL,
    `description` VARCHAR(200) NOT NULL,
    PRIMARY KEY (`name`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `Permission` (
    `code` VARCHAR(64) NOT NULL,
    `description` VARCHAR(200) NOT NULL,
    PRIMARY KEY (`code`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `RolePermission` (
    `roleName` VARCHAR(32) NOT NULL,
    `permissionCode` VARCHAR(64) NOT NULL,
    INDEX `RolePermission_permissionCode_idx`(`permissionCode`),
    PRIMARY KEY (`roleName`, `permissionCode`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `Membership` (
    `id` VARCHAR(32) NOT NULL,
    `userId` VARCHAR(32) NOT NULL,
    `organizationId` VARCHAR(32) NOT NULL,
    `roleName` VARCHAR(32) NOT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE INDEX `Membership_userId_organizationId_key`(`userId`, `organizationId`),
    INDEX `Membership_organizationId_idx`(`organizationId`),
    INDEX `Membership_roleName_idx`(`roleName`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `Session` (
    `id` VARCHAR(32) NOT NULL,
    `tokenHash` CHAR(64) NOT NULL,
    `userId` VARCHAR(32) NOT NULL,
    `organizationId` VARCHAR(32) NOT NULL,
    `expiresAt` DATETIME(3) NOT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE INDEX `Session_tokenHash_key`(`tokenHash`),
    INDEX `Session_userId_idx`(`userId`),
    INDEX `Session_organizationId_idx`(`organizationId`),
    INDEX `Session_expiresAt_idx`(`expiresAt`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `ApiToken` (
    `id` VARCHAR(32) NOT NULL,
    `tokenHash` CHAR(64) NOT NULL,
    `name` VARCHAR(100) NOT NULL,
    `userId` VARCHAR(32) NOT NULL,
    `organizationId` VARCHAR(32) NOT NULL,
    `expiresAt` DATETIME(3) NOT NULL,
    `revokedAt` DATETIME(3) NULL,
    `lastUsedAt` DATETIME(3) NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE INDEX `ApiToken_tokenHash_key`(`tokenHash`),
    INDEX `ApiToken_userId_idx`(`userId`),
    INDEX `ApiToken_organizationId_idx`(`organizationId`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `SignInThrottle` (
    `key` VARCHAR(191) NOT NULL,
    `failures` INT NOT NULL DEFAULT 0,
    `windowStartAt` DATETIME(3) NOT NULL,
    `blockedUntil` DATETIME(3) NULL,
    PRIMARY KEY (`key`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `Department` (
    `organizationId` VARCHAR(32) NOT NULL,
    `fieldCode` VARCHAR(32) NOT NULL,
    INDEX `Department_fieldCode_idx`(`fieldCode`),
    PRIMARY KEY (`organizationId`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `DepartmentServiceItem` (
    `departmentId` VARCHAR(32) NOT NULL,
    `serviceItemCode` VARCHAR(32) NOT NULL,
    INDEX `DepartmentServiceItem_serviceItemCode_idx`(`serviceItemCode`),
    PRIMARY KEY (`departmentId`, `serviceItemCode`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `ApprovalItem` (
    `code` VARCHAR(32) NOT NULL,
    `name` VARCHAR(200) NOT NULL,
    `department` VARCHAR(100) NOT NULL,
    `fieldCode` VARCHAR(32) NOT NULL,
    `kind` ENUM('LICENSE','OTHER') NOT NULL DEFAULT 'LICENSE',
    `legalBasis` TEXT NOT NULL,
    `active` TINYINT(1) NOT NULL DEFAULT true,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updatedAt` DATETIME(3) NOT NULL,
    INDEX `ApprovalItem_fieldCode_idx`(`fieldCode`),
    PRIMARY KEY (`code`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `ServiceItem` (
    `code` VARCHAR(32) NOT NULL,
    `name` VARCHAR(200) NOT NULL,
    `department` VARCHAR(100) NOT NULL,
    `fieldCode` VARCHAR(32) NOT NULL,
    `legalBasis` TEXT NOT NULL,
    `qualificationTypeCode` VARCHAR(32) NULL,
    `qualificationMinLevel` VARCHAR(32) NULL,
    `feeBasis` ENUM('MARKET','GOVERNMENT_GUIDED') NOT NULL DEFAULT 'MARKET',
    `standardDays` INT NOT NULL,
    `active` TINYINT(1) NOT NULL DEFAULT true,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updatedAt` DATETIME(3) NOT NULL,
    INDEX `ServiceItem_fieldCode_idx`(`fieldCode`),
    INDEX `ServiceItem_qualificationTypeCode_idx`(`qualificationTypeCode`),
    PRIMARY KEY (`code`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `ApprovalServiceLink` (
    `approvalItemCode` VARCHAR(32) NOT NULL,
    `serviceItemCode` VARCHAR(32) NOT NULL,
    `required` TINYINT(1) NOT NULL DEFAULT true,
    `note` VARCHAR(500) NULL,
    `active` TINYINT(1) NOT NULL DEFAULT true,
    INDEX `ApprovalServiceLink_serviceItemCode_idx`(`serviceItemCode`),
    PRIMARY KEY (`approvalItemCode`, `serviceItemCode`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `QualificationType` (
    `code` VARCHAR(32) NOT NULL,
    `name` VARCHAR(200) NOT NULL,
    `issuingAuthority` VARCHAR(200) NOT NULL,
    `active` TINYINT(1) NOT NULL DEFAULT true,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updatedAt` DATETIME(3) NOT NULL,
    PRIMARY KEY (`code`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `QualificationLevel` (
    `typeCode` VARCHAR(32) NOT NULL,
    `code` VARCHAR(32) NOT NULL,
    `rank` INT NOT NULL,
    UNIQUE INDEX `QualificationLevel_typeCode_rank_key`(`typeCode`, `rank`),
    PRIMARY KEY (`typeCode`, `code`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `IdempotencyRecord` (
    `id` VARCHAR(32) NOT NULL,
    `scope` VARCHAR(64) NOT NULL,
    `key` VARCHAR(255) NOT NULL,
    `method` VARCHAR(10) NOT NULL,
    `path` VARCHAR(500) NOT NULL,
    `requestHash` CHAR(64) NOT NULL,
    `status` INT NULL,
    `responseBody` LONGTEXT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE INDEX `IdempotencyRecord_scope_key_key`(`scope`, `key`),
    INDEX `IdempotencyRecord_createdAt_idx`(`createdAt`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `AuditEntry` (
    `id` BIGINT NOT NULL AUTO_INCREMENT,
    `at` DATETIME(3) NOT NULL,
    `actorUserId` VARCHAR(32) NULL,
    `actorOrganizationId` VARCHAR(32) NULL,
    `requestId` VARCHAR(64) NULL,
    `entityType` VARCHAR(64) NOT NULL,
    `entityId` VARCHAR(64) NOT NULL,
    `action` VARCHAR(64) NOT NULL,
    `before` LONGTEXT NULL,
    `after` LONGTEXT NULL,
    `prevHash` CHAR(64) NOT NULL,
    `hash` CHAR(64) NOT NULL,
    UNIQUE INDEX `AuditEntry_hash_key`(`hash`),
    INDEX `AuditEntry_entityType_entityId_idx`(`entityType`, `entityId`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `AuditHead` (
    `id` INT NOT NULL,
    `lastId` BIGINT NOT NULL,
    `hash` CHAR(64) NOT NULL,
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `AppSetting` (
    `key` VARCHAR(64) NOT NULL,
    `value` TEXT NOT NULL,
    `updatedAt` DATETIME(3) NOT NULL,
    PRIMARY KEY (`key`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `Region` ADD CONSTRAINT `Region_parentCode_fkey` FOREIGN KEY (`parentCode`) REFERENCES `Region`(`code`) ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `Organization` ADD CONSTRAINT `Organization_regionCode_fkey` FOREIGN KEY (`regionCode`) REFERENCES `Region`(`code`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `RolePermission` ADD CONSTRAINT `RolePermission_roleName_fkey` FOREIGN KEY (`roleName`) REFERENCES `Role`(`name`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `RolePermission` ADD CONSTRAINT `RolePermission_permissionCode_fkey` FOREIGN KEY (`permissionCode`) REFERENCES `Permission`(`code`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `Membership` ADD CONSTRAINT `Membership_userId_fkey` FOREIGN KEY (`userId`) REFERENCES `User`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `Membership` ADD CONSTRAINT `Membership_organizationId_fkey` FOREIGN KEY (`organizationId`) REFERENCES `Organization`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `Membership` ADD CONSTRAINT `Membership_roleName_fkey` FOREIGN KEY (`roleName`) REFERENCES `Role`(`name`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `Session` ADD CONSTRAINT `Session_userId_fkey` FOREIGN KEY (`userId`) REFERENCES `User`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `Session` ADD CONSTRAINT `Session_organizationId_fkey` FOREIGN KEY (`organizationId`) REFERENCES `Organization`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `ApiToken` ADD CONSTRAINT `ApiToken_userId_fkey` FOREIGN KEY (`userId`) REFERENCES `User`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `ApiToken` ADD CONSTRAINT `ApiToken_organizationId_fkey` FOREIGN KEY (`organizationId`) REFERENCES `Organization`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `Department` ADD CONSTRAINT `Department_organizationId_fkey` FOREIGN KEY (`organizationId`) REFERENCES `Organization`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `Department` ADD CONSTRAINT `Department_fieldCode_fkey` FOREIGN KEY (`fieldCode`) REFERENCES `Field`(`code`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `DepartmentServiceItem` ADD CONSTRAINT `DepartmentServiceItem_departmentId_fkey` FOREIGN KEY (`departmentId`) REFERENCES `Department`(`organizationId`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `DepartmentServiceItem` ADD CONSTRAINT `DepartmentServiceItem_serviceItemCode_fkey` FOREIGN KEY (`serviceItemCode`) REFERENCES `ServiceItem`(`code`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `ApprovalItem` ADD CONSTRAINT `ApprovalItem_fieldCode_fkey` FOREIGN KEY (`fieldCode`) REFERENCES `Field`(`code`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `ServiceItem` ADD CONSTRAINT `ServiceItem_fieldCode_fkey` FOREIGN KEY (`fieldCode`) REFERENCES `Field`(`code`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `ServiceItem` ADD CONSTRAINT `ServiceItem_qualificationTypeCode_fkey` FOREIGN KEY (`qualificationTypeCode`) REFERENCES `QualificationType`(`code`) ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `ApprovalServiceLink` ADD CONSTRAINT `ApprovalServiceLink_approvalItemCode_fkey` FOREIGN KEY (`approvalItemCode`) REFERENCES `ApprovalItem`(`code`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `ApprovalServiceLink` ADD CONSTRAINT `ApprovalServiceLink_serviceItemCode_fkey` FOREIGN KEY (`serviceItemCode`) REFERENCES `ServiceItem`(`code`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `QualificationLevel` ADD CONSTRAINT `QualificationLevel_typeCode_fkey` FOREIGN KEY (`typeCode`) REFERENCES `QualificationType`(`code`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- The audit chain starts from a genesis head.
INSERT INTO `AuditHead` (`id`, `lastId`, `hash`) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
