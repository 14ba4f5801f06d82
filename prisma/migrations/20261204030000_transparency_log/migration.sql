-- The transparency log (RFC 9162) in place of the linear hash chain: business transactions only
-- insert their AuditEntry (no shared row lock); the sequencer integrates committed entries in id
-- order into a Merkle tree (leafIndex), stores every complete subtree's hash and one signed
-- checkpoint per batch. Existing entries are integrated by the first sequencer run. AuditHead stays
-- for the benchmark's comparison with the old serialized chain only.

ALTER TABLE `AuditEntry`
    DROP INDEX `AuditEntry_hash_key`,
    DROP COLUMN `prevHash`,
    DROP COLUMN `hash`,
    ADD COLUMN `sealed` TINYINT(1) NOT NULL DEFAULT false AFTER `after`,
    ADD COLUMN `leafIndex` BIGINT NULL AFTER `sealed`,
    ADD UNIQUE INDEX `AuditEntry_leafIndex_key`(`leafIndex`);

-- Sealed events (bids before their opening) were audited without actor: mark them.
UPDATE `AuditEntry` SET `sealed` = true WHERE `entityType` = 'Bid';

-- CreateTable
CREATE TABLE `TransparencyHead` (
    `id` INT NOT NULL,
    `treeSize` BIGINT NOT NULL,
    `rootHash` CHAR(64) NOT NULL,
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- The empty tree: SHA-256 of the empty string.
INSERT INTO `TransparencyHead` (`id`, `treeSize`, `rootHash`) VALUES (1, 0, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');

-- CreateTable
CREATE TABLE `TransparencyNode` (
    `level` TINYINT NOT NULL,
    `idx` BIGINT NOT NULL,
    `hash` CHAR(64) NOT NULL,
    PRIMARY KEY (`level`, `idx`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `TransparencyCheckpoint` (
    `treeSize` BIGINT NOT NULL,
    `rootHash` CHAR(64) NOT NULL,
    `timestamp` DATETIME(3) NOT NULL,
    `signature` VARCHAR(128) NOT NULL,
    `verifiedAt` DATETIME(3) NULL,
    `verifyError` TEXT NULL,
    INDEX `TransparencyCheckpoint_verifiedAt_idx`(`verifiedAt`),
    PRIMARY KEY (`treeSize`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
