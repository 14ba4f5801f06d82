-- Idempotency records that survive a crash and expire (issue 10, item 4): the run that owns a
-- pending record (`claim`), when it started and when the record expires (24 h), both by the
-- application clock. Existing records keep their answers for 24 h from when they were made.

ALTER TABLE `IdempotencyRecord`
    ADD COLUMN `claim` VARCHAR(32) NULL AFTER `requestHash`,
    ADD COLUMN `startedAt` DATETIME(3) NULL AFTER `createdAt`,
    ADD COLUMN `expiresAt` DATETIME(3) NULL AFTER `startedAt`;

UPDATE `IdempotencyRecord`
SET `claim` = `id`, `startedAt` = `createdAt`, `expiresAt` = `createdAt` + INTERVAL 1 DAY;

ALTER TABLE `IdempotencyRecord`
    MODIFY `claim` VARCHAR(32) NOT NULL,
    MODIFY `startedAt` DATETIME(3) NOT NULL,
    MODIFY `expiresAt` DATETIME(3) NOT NULL,
    DROP INDEX `IdempotencyRecord_createdAt_idx`,
    ADD INDEX `IdempotencyRecord_expiresAt_idx`(`expiresAt`);
