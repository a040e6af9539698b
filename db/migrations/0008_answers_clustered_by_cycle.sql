-- Answers keyed by (cycle_id, id) instead of the random id alone, so a cycle's answers sit together
-- on a few pages (decision 0035). Each answer rewrites its cycle's rows in key order
-- (anonymous-store.server.ts); with the random id alone those rows were spread over the whole
-- table, one page each, and every answer dirtied and checkpointed a page per earlier answer.
-- The rebuild copies the rows in key order; the old pages are zeroed (secure_delete) and the
-- file is rewritten once more by the start-up VACUUM (CANONICAL_LAYOUT 2, db/client.server.ts).
-- The triggers of migration 0006 go with the old tables and are created again, unchanged.
CREATE TABLE `check_in_responses_by_cycle` (
	`id` text NOT NULL,
	`cycle_id` integer NOT NULL,
	`score` integer NOT NULL,
	`why` text,
	`help` text,
	`appreciation` text,
	PRIMARY KEY(`cycle_id`, `id`),
	FOREIGN KEY (`cycle_id`) REFERENCES `cycles`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "check_in_score_range" CHECK("check_in_responses_by_cycle"."score" between 1 and 5)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `check_in_responses_by_cycle` (`id`, `cycle_id`, `score`, `why`, `help`, `appreciation`)
  SELECT `id`, `cycle_id`, `score`, `why`, `help`, `appreciation` FROM `check_in_responses` ORDER BY `cycle_id`, `id`;
--> statement-breakpoint
DROP TABLE `check_in_responses`;
--> statement-breakpoint
ALTER TABLE `check_in_responses_by_cycle` RENAME TO `check_in_responses`;
--> statement-breakpoint
CREATE INDEX `check_in_responses_cycle_score` ON `check_in_responses` (`cycle_id`,`score`);
--> statement-breakpoint
CREATE TRIGGER `weekly_aggregates_after_insert` AFTER INSERT ON `check_in_responses` BEGIN
  UPDATE `weekly_aggregates` SET d1 = (select count(*) from `check_in_responses` where cycle_id = new.cycle_id and score = 1), d2 = (select count(*) from `check_in_responses` where cycle_id = new.cycle_id and score = 2), d3 = (select count(*) from `check_in_responses` where cycle_id = new.cycle_id and score = 3), d4 = (select count(*) from `check_in_responses` where cycle_id = new.cycle_id and score = 4), d5 = (select count(*) from `check_in_responses` where cycle_id = new.cycle_id and score = 5) WHERE cycle_id = new.cycle_id;
END;
--> statement-breakpoint
CREATE TRIGGER `weekly_aggregates_after_delete` AFTER DELETE ON `check_in_responses` BEGIN
  UPDATE `weekly_aggregates` SET d1 = (select count(*) from `check_in_responses` where cycle_id = old.cycle_id and score = 1), d2 = (select count(*) from `check_in_responses` where cycle_id = old.cycle_id and score = 2), d3 = (select count(*) from `check_in_responses` where cycle_id = old.cycle_id and score = 3), d4 = (select count(*) from `check_in_responses` where cycle_id = old.cycle_id and score = 4), d5 = (select count(*) from `check_in_responses` where cycle_id = old.cycle_id and score = 5) WHERE cycle_id = old.cycle_id;
END;
--> statement-breakpoint
CREATE TRIGGER `weekly_aggregates_after_update` AFTER UPDATE OF `score`, `cycle_id` ON `check_in_responses` BEGIN
  UPDATE `weekly_aggregates` SET d1 = (select count(*) from `check_in_responses` where cycle_id = old.cycle_id and score = 1), d2 = (select count(*) from `check_in_responses` where cycle_id = old.cycle_id and score = 2), d3 = (select count(*) from `check_in_responses` where cycle_id = old.cycle_id and score = 3), d4 = (select count(*) from `check_in_responses` where cycle_id = old.cycle_id and score = 4), d5 = (select count(*) from `check_in_responses` where cycle_id = old.cycle_id and score = 5) WHERE cycle_id = old.cycle_id;
  UPDATE `weekly_aggregates` SET d1 = (select count(*) from `check_in_responses` where cycle_id = new.cycle_id and score = 1), d2 = (select count(*) from `check_in_responses` where cycle_id = new.cycle_id and score = 2), d3 = (select count(*) from `check_in_responses` where cycle_id = new.cycle_id and score = 3), d4 = (select count(*) from `check_in_responses` where cycle_id = new.cycle_id and score = 4), d5 = (select count(*) from `check_in_responses` where cycle_id = new.cycle_id and score = 5) WHERE cycle_id = new.cycle_id;
END;
--> statement-breakpoint
CREATE TABLE `survey_responses_by_cycle` (
	`id` text NOT NULL,
	`cycle_id` integer NOT NULL,
	`answers` text NOT NULL,
	`comment` text,
	PRIMARY KEY(`cycle_id`, `id`),
	FOREIGN KEY (`cycle_id`) REFERENCES `cycles`(`id`) ON UPDATE no action ON DELETE restrict
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `survey_responses_by_cycle` (`id`, `cycle_id`, `answers`, `comment`)
  SELECT `id`, `cycle_id`, `answers`, `comment` FROM `survey_responses` ORDER BY `cycle_id`, `id`;
--> statement-breakpoint
DROP TABLE `survey_responses`;
--> statement-breakpoint
ALTER TABLE `survey_responses_by_cycle` RENAME TO `survey_responses`;
--> statement-breakpoint
CREATE INDEX `survey_responses_cycle` ON `survey_responses` (`cycle_id`);
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
