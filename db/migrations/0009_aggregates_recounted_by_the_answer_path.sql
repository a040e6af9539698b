-- The weekly-aggregate triggers on INSERT and DELETE go (decision 0025, revised). Each answer
-- rewrites its week in key order (anonymous-store.server.ts), which fired them once per row of
-- the week, twice: a quarter of the cost of an answer in a full week, to find no aggregate row,
-- since an open week has none. The answer path now recounts its week's aggregate once per answer,
-- should the week have one (app/models/aggregates.server.ts, recountWeek). The UPDATE trigger
-- stays: a stored answer changed by hand is still followed.
DROP TRIGGER IF EXISTS `weekly_aggregates_after_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `weekly_aggregates_after_delete`;
