CREATE TABLE `weekly_aggregates` (
	`cycle_id` integer NOT NULL,
	`team_id` integer NOT NULL,
	`period_key` text NOT NULL,
	`opens_at` integer NOT NULL,
	`d1` integer NOT NULL,
	`d2` integer NOT NULL,
	`d3` integer NOT NULL,
	`d4` integer NOT NULL,
	`d5` integer NOT NULL,
	`member_count` integer NOT NULL,
	PRIMARY KEY(`opens_at`, `team_id`, `cycle_id`),
	FOREIGN KEY (`cycle_id`) REFERENCES `cycles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
CREATE UNIQUE INDEX `weekly_aggregates_cycle` ON `weekly_aggregates` (`cycle_id`);--> statement-breakpoint
CREATE INDEX `weekly_aggregates_team_opens` ON `weekly_aggregates` (`team_id`,`opens_at`);--> statement-breakpoint
CREATE INDEX `cycles_pending_close` ON `cycles` (`closes_at`) WHERE member_count_at_close is null;