-- Hand-written (decision 0030): the weekly ritual's answers are the check-in's. A rename, never a
-- rebuild: the table keeps WITHOUT ROWID, its rows and its pages. SQLite rewrites the table's
-- CHECK and the weekly_aggregates triggers (migration 0006) to the new name.
ALTER TABLE `weekly_responses` RENAME TO `check_in_responses`;--> statement-breakpoint
DROP INDEX `weekly_responses_cycle_score`;--> statement-breakpoint
CREATE INDEX `check_in_responses_cycle_score` ON `check_in_responses` (`cycle_id`,`score`);
