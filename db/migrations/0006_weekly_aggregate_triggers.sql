-- A weekly aggregate counts the answers of its cycle. Answers are not taken after a cycle
-- closes, but should a stored answer ever change (a repair, an import), the counts follow:
-- each trigger recounts the affected cycle's row, if it has one (open cycles have none,
-- so an answer being submitted costs one primary-key lookup here).
CREATE TRIGGER `weekly_aggregates_after_insert` AFTER INSERT ON `weekly_responses` BEGIN
  UPDATE `weekly_aggregates` SET d1 = (select count(*) from weekly_responses where cycle_id = new.cycle_id and score = 1), d2 = (select count(*) from weekly_responses where cycle_id = new.cycle_id and score = 2), d3 = (select count(*) from weekly_responses where cycle_id = new.cycle_id and score = 3), d4 = (select count(*) from weekly_responses where cycle_id = new.cycle_id and score = 4), d5 = (select count(*) from weekly_responses where cycle_id = new.cycle_id and score = 5) WHERE cycle_id = new.cycle_id;
END;
--> statement-breakpoint
CREATE TRIGGER `weekly_aggregates_after_delete` AFTER DELETE ON `weekly_responses` BEGIN
  UPDATE `weekly_aggregates` SET d1 = (select count(*) from weekly_responses where cycle_id = old.cycle_id and score = 1), d2 = (select count(*) from weekly_responses where cycle_id = old.cycle_id and score = 2), d3 = (select count(*) from weekly_responses where cycle_id = old.cycle_id and score = 3), d4 = (select count(*) from weekly_responses where cycle_id = old.cycle_id and score = 4), d5 = (select count(*) from weekly_responses where cycle_id = old.cycle_id and score = 5) WHERE cycle_id = old.cycle_id;
END;
--> statement-breakpoint
CREATE TRIGGER `weekly_aggregates_after_update` AFTER UPDATE OF `score`, `cycle_id` ON `weekly_responses` BEGIN
  UPDATE `weekly_aggregates` SET d1 = (select count(*) from weekly_responses where cycle_id = old.cycle_id and score = 1), d2 = (select count(*) from weekly_responses where cycle_id = old.cycle_id and score = 2), d3 = (select count(*) from weekly_responses where cycle_id = old.cycle_id and score = 3), d4 = (select count(*) from weekly_responses where cycle_id = old.cycle_id and score = 4), d5 = (select count(*) from weekly_responses where cycle_id = old.cycle_id and score = 5) WHERE cycle_id = old.cycle_id;
  UPDATE `weekly_aggregates` SET d1 = (select count(*) from weekly_responses where cycle_id = new.cycle_id and score = 1), d2 = (select count(*) from weekly_responses where cycle_id = new.cycle_id and score = 2), d3 = (select count(*) from weekly_responses where cycle_id = new.cycle_id and score = 3), d4 = (select count(*) from weekly_responses where cycle_id = new.cycle_id and score = 4), d5 = (select count(*) from weekly_responses where cycle_id = new.cycle_id and score = 5) WHERE cycle_id = new.cycle_id;
END;
--> statement-breakpoint
-- Memberships change member counts only of cycles not yet counted; a cycle's count at
-- close is written once. Should it be rewritten, the aggregate follows.
CREATE TRIGGER `weekly_aggregates_member_count` AFTER UPDATE OF `member_count_at_close` ON `cycles`
WHEN new.member_count_at_close IS NOT NULL BEGIN
  UPDATE `weekly_aggregates` SET member_count = new.member_count_at_close WHERE cycle_id = new.id;
END;
--> statement-breakpoint
-- A counter that moves whenever any survey answer is written, changed or removed, so a
-- process may keep closed quarters' results in memory and know exactly when to drop them.
CREATE TABLE `survey_answer_changes` (
  `id` integer PRIMARY KEY NOT NULL CHECK (`id` = 1),
  `version` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `survey_answer_changes` (`id`, `version`) VALUES (1, 0);
--> statement-breakpoint
CREATE TRIGGER `survey_answer_changes_insert` AFTER INSERT ON `survey_responses` BEGIN
  UPDATE `survey_answer_changes` SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `survey_answer_changes_update` AFTER UPDATE ON `survey_responses` BEGIN
  UPDATE `survey_answer_changes` SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `survey_answer_changes_delete` AFTER DELETE ON `survey_responses` BEGIN
  UPDATE `survey_answer_changes` SET version = version + 1 WHERE id = 1;
END;
