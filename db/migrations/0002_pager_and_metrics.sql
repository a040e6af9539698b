CREATE TABLE `metrics_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`revoked_at` integer,
	`last_used_at` integer,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `metrics_tokens_token_hash_unique` ON `metrics_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `pager_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`source` text NOT NULL,
	`event_id` text,
	`event_type` text NOT NULL,
	`external_id` text,
	`result` text NOT NULL,
	`incident_id` integer,
	`received_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pager_deliveries_event` ON `pager_deliveries` (`team_id`,`source`,`event_id`);--> statement-breakpoint
CREATE INDEX `pager_deliveries_team_received` ON `pager_deliveries` (`team_id`,`received_at`);--> statement-breakpoint
CREATE TABLE `pager_links` (
	`team_id` integer NOT NULL,
	`source` text NOT NULL,
	`external_id` text NOT NULL,
	`incident_id` integer NOT NULL,
	`state_at` integer,
	`severity_at` integer,
	PRIMARY KEY(`team_id`, `source`, `external_id`),
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `pager_secrets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`source` text NOT NULL,
	`secret` text NOT NULL,
	`hint` text NOT NULL,
	`created_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `pager_secrets_team` ON `pager_secrets` (`team_id`,`source`);--> statement-breakpoint
CREATE TABLE `pager_services` (
	`team_id` integer NOT NULL,
	`service_id` text NOT NULL,
	`label` text,
	PRIMARY KEY(`team_id`, `service_id`),
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `pager_settings` (
	`team_id` integer PRIMARY KEY NOT NULL,
	`severity_map` text NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `incidents` ADD `pager_url` text;