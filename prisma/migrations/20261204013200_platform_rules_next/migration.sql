-- The platform rules of contracts, ratings, credit, complaints, blacklist repair and inspections,
-- stored with their defaults so that a later change of a default in the code does not silently
-- change a running platform (units: app/domain/announcements/rules.server.ts, RULE_LIMITS).
INSERT IGNORE INTO `AppSetting` (`key`, `value`, `updatedAt`) VALUES
  ('rule.signingDays', '5', CURRENT_TIMESTAMP(3)),
  ('rule.ratingWindowDays', '15', CURRENT_TIMESTAMP(3)),
  ('rule.creditObjectionWorkdays', '5', CURRENT_TIMESTAMP(3)),
  ('rule.complaintWorkdays', '10', CURRENT_TIMESTAMP(3)),
  ('rule.repairMinDays', '90', CURRENT_TIMESTAMP(3)),
  ('rule.inspectionDrawHours', '24', CURRENT_TIMESTAMP(3));
