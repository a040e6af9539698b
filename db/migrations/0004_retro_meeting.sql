-- Hand-edited: comment_votes and vote_usage are WITHOUT ROWID, so their physical order is their keys' order.
CREATE TABLE `action_reviews` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`held_on` text NOT NULL,
	`due_count` integer NOT NULL,
	`done_on_time_count` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `action_reviews_team_held` ON `action_reviews` (`team_id`,`held_on`);--> statement-breakpoint
CREATE TABLE `comment_follow_ups` (
	`team_id` integer NOT NULL,
	`comment_key` text NOT NULL,
	`kind` text NOT NULL,
	`text` text NOT NULL,
	`heard_at` integer,
	`reply` text,
	`action_item_id` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`team_id`, `comment_key`),
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`action_item_id`) REFERENCES `action_items`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `comment_follow_ups_team_updated` ON `comment_follow_ups` (`team_id`,`updated_at`);--> statement-breakpoint
CREATE TABLE `comment_votes` (
	`team_id` integer NOT NULL,
	`round_key` text NOT NULL,
	`comment_key` text NOT NULL,
	`votes` integer NOT NULL,
	PRIMARY KEY(`team_id`, `round_key`, `comment_key`),
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `dip_acknowledgements` (
	`team_id` integer NOT NULL,
	`dip_key` text NOT NULL,
	`note` text NOT NULL,
	`acknowledged_at` integer NOT NULL,
	PRIMARY KEY(`team_id`, `dip_key`),
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `vote_usage` (
	`team_id` integer NOT NULL,
	`round_key` text NOT NULL,
	`user_id` integer NOT NULL,
	`used` integer NOT NULL,
	PRIMARY KEY(`team_id`, `round_key`, `user_id`),
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
