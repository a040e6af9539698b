import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

// Times are stored as integer milliseconds since the epoch (UTC).
const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

export const users = sqliteTable("users", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  email: text("email").notNull().unique(),
  displayName: text("display_name").notNull(),
  passwordHash: text("password_hash").notNull(),
  isAdmin: integer("is_admin", { mode: "boolean" }).notNull().default(false),
  // sha256 of the secret in the person's calendar-feed URL; rotating replaces it.
  calendarTokenHash: text("calendar_token_hash").unique(),
  createdAt: createdAt(),
});

export const teams = sqliteTable(
  "teams",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    slug: text("slug").notNull().unique(),
    timeZone: text("time_zone").notNull().default("UTC"),
    threshold: integer("threshold").notNull().default(3),
    surveyWindowDays: integer("survey_window_days").notNull().default(14),
    isDemo: integer("is_demo", { mode: "boolean" }).notNull().default(false),
    // Slack-compatible incoming webhook for team-level messages only.
    webhookUrl: text("webhook_url"),
    createdAt: createdAt(),
  },
  (t) => [
    check("teams_threshold_min", sql`${t.threshold} >= 3`),
    check("teams_window_range", sql`${t.surveyWindowDays} between 1 and 60`),
  ],
);

export const ROLES = ["lead", "member"] as const;
export type Role = (typeof ROLES)[number];

// A membership is kept (with left_at) when someone leaves, so the number of
// members a team had when a cycle closed can still be counted later.
export const memberships = sqliteTable(
  "memberships",
  {
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ROLES }).notNull(),
    joinedAt: integer("joined_at", { mode: "timestamp_ms" }).notNull(),
    leftAt: integer("left_at", { mode: "timestamp_ms" }),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index("memberships_user").on(t.userId)],
);

export const invites = sqliteTable(
  "invites",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tokenHash: text("token_hash").notNull().unique(),
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    invitedBy: integer("invited_by").references(() => users.id, {
      onDelete: "set null",
    }),
    createdAt: createdAt(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    acceptedAt: integer("accepted_at", { mode: "timestamp_ms" }),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("invites_team").on(t.teamId)],
);

export const loginFailures = sqliteTable(
  "login_failures",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    key: text("key").notNull(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("login_failures_key_at").on(t.key, t.at)],
);

// Server-side sessions: the cookie carries a random id, only its sha256 is stored.
// Written at sign-in, sign-out and password change only — never on other requests, so
// no row can ever tell when someone used the app (or answered a ritual).
export const sessions = sqliteTable(
  "sessions",
  {
    idHash: text("id_hash").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("sessions_user").on(t.userId), index("sessions_expires").on(t.expiresAt)],
);

// One-time password reset links: issued by a lead or an admin (shown like an invite) or
// emailed by "Forgot password". Only the token's sha256 is stored.
export const passwordResets = sqliteTable(
  "password_resets",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tokenHash: text("token_hash").notNull().unique(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    issuedBy: integer("issued_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("password_resets_user").on(t.userId)],
);

export const CYCLE_KINDS = ["weekly", "quarterly"] as const;

// A cycle row is materialised the first time the calendar's cycle is used.
// survey_items freezes the quarterly item set once the cycle has opened.
export const cycles = sqliteTable(
  "cycles",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: CYCLE_KINDS }).notNull(),
    periodKey: text("period_key").notNull(),
    opensAt: integer("opens_at", { mode: "timestamp_ms" }).notNull(),
    closesAt: integer("closes_at", { mode: "timestamp_ms" }).notNull(),
    surveyItems: text("survey_items"),
    memberCountAtClose: integer("member_count_at_close"),
  },
  (t) => [
    uniqueIndex("cycles_team_kind_period").on(t.teamId, t.kind, t.periodKey),
    index("cycles_team_kind_opens").on(t.teamId, t.kind, t.opensAt),
    // Closed cycles whose member count (and weekly aggregate) is still to be written:
    // the scheduler's tick finds them here without scanning every cycle ever held.
    index("cycles_pending_close")
      .on(t.closesAt)
      .where(sql`member_count_at_close is null`),
  ],
);

// The released-figure inputs of a closed weekly cycle, written once when it closes
// (the scheduler's tick, and server start-up for cycles closed while it was down):
// how many answered 1…5 and how many were members at close. Raw counts, not results:
// every read still goes through the release gate with the team's threshold of today.
// Triggers (migration 0006) keep a row equal to the answers it counts should they change.
export const weeklyAggregates = sqliteTable(
  "weekly_aggregates",
  {
    cycleId: integer("cycle_id")
      .notNull()
      .references(() => cycles.id, { onDelete: "cascade" }),
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    periodKey: text("period_key").notNull(),
    opensAt: integer("opens_at", { mode: "timestamp_ms" }).notNull(),
    d1: integer("d1").notNull(),
    d2: integer("d2").notNull(),
    d3: integer("d3").notNull(),
    d4: integer("d4").notNull(),
    d5: integer("d5").notNull(),
    memberCount: integer("member_count").notNull(),
  },
  // WITHOUT ROWID (added in the migration), keyed by week first: the org rollup reads
  // a range of weeks of every team, which is then a contiguous run of pages.
  (t) => [
    primaryKey({ columns: [t.opensAt, t.teamId, t.cycleId] }),
    uniqueIndex("weekly_aggregates_cycle").on(t.cycleId),
    index("weekly_aggregates_team_opens").on(t.teamId, t.opensAt),
  ],
);

// "Member M took part in cycle X" — nothing else, no time. WITHOUT ROWID
// (added in the migration) so storage follows (cycle, user), not insertion.
export const participations = sqliteTable(
  "participations",
  {
    cycleId: integer("cycle_id")
      .notNull()
      .references(() => cycles.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.cycleId, t.userId] })],
);

// Answers: the cycle, a random key and the answers only. WITHOUT ROWID (added in the
// migration) so the table's physical order is the key's order: by cycle, then the random key.
export const checkInResponses = sqliteTable(
  "check_in_responses",
  {
    id: text("id").notNull(),
    cycleId: integer("cycle_id")
      .notNull()
      .references(() => cycles.id, { onDelete: "restrict" }),
    score: integer("score").notNull(),
    why: text("why"),
    help: text("help"),
    appreciation: text("appreciation"),
  },
  (t) => [
    // Keyed by cycle first, so a cycle's answers share a few pages and rewriting them in key
    // order touches only those (decision 0035).
    primaryKey({ columns: [t.cycleId, t.id] }),
    index("check_in_responses_cycle_score").on(t.cycleId, t.score),
    check("check_in_score_range", sql`${t.score} between 1 and 5`),
  ],
);

export const surveyResponses = sqliteTable(
  "survey_responses",
  {
    id: text("id").notNull(),
    cycleId: integer("cycle_id")
      .notNull()
      .references(() => cycles.id, { onDelete: "restrict" }),
    answers: text("answers").notNull(),
    comment: text("comment"),
  },
  (t) => [primaryKey({ columns: [t.cycleId, t.id] }), index("survey_responses_cycle").on(t.cycleId)],
);

export const teamSurveyItems = sqliteTable(
  "team_survey_items",
  {
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    itemId: text("item_id").notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.itemId] })],
);

export const incidents = sqliteTable(
  "incidents",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    severity: text("severity", {
      enum: ["SEV1", "SEV2", "SEV3", "SEV4"],
    }).notNull(),
    startedAt: integer("started_at", { mode: "timestamp_ms" }).notNull(),
    detectedAt: integer("detected_at", { mode: "timestamp_ms" }),
    resolvedAt: integer("resolved_at", { mode: "timestamp_ms" }),
    summary: text("summary"),
    postmortemUrl: text("postmortem_url"),
    postmortemPublishedAt: integer("postmortem_published_at", {
      mode: "timestamp_ms",
    }),
    audit: text("audit").notNull().default("{}"),
    // The incident's page in PagerDuty, when it came from there.
    pagerUrl: text("pager_url"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("incidents_team_started").on(t.teamId, t.startedAt)],
);

export const premortems = sqliteTable(
  "premortems",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    imaginedFailure: text("imagined_failure").notNull(),
    causes: text("causes").notNull(),
    createdBy: integer("created_by").references(() => users.id, {
      onDelete: "set null",
    }),
    createdAt: createdAt(),
  },
  (t) => [index("premortems_team").on(t.teamId)],
);

export const actionItems = sqliteTable(
  "action_items",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    ownerId: integer("owner_id").references(() => users.id, {
      onDelete: "set null",
    }),
    dueDate: text("due_date").notNull(),
    status: text("status", {
      enum: ["open", "in_progress", "done", "dropped"],
    }).notNull(),
    source: text("source", {
      enum: ["postmortem", "premortem", "retro", "trust_check"],
    }).notNull(),
    incidentId: integer("incident_id").references(() => incidents.id, {
      onDelete: "set null",
    }),
    premortemId: integer("premortem_id").references(() => premortems.id, {
      onDelete: "set null",
    }),
    notes: text("notes"),
    createdAt: createdAt(),
    completedAt: integer("completed_at", { mode: "timestamp_ms" }),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("action_items_team_due").on(t.teamId, t.dueDate), index("action_items_owner").on(t.ownerId)],
);

export const checklistEvents = sqliteTable(
  "checklist_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    questionKey: text("question_key").notNull(),
    answer: integer("answer", { mode: "boolean" }).notNull(),
    changedBy: integer("changed_by").references(() => users.id, {
      onDelete: "set null",
    }),
    changedAt: integer("changed_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("checklist_team_key_at").on(t.teamId, t.questionKey, t.changedAt)],
);

export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    createdBy: integer("created_by").references(() => users.id, {
      onDelete: "set null",
    }),
    createdAt: createdAt(),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
    lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("api_tokens_team").on(t.teamId)],
);

export const REMINDER_KINDS = [
  "weekly_open",
  "weekly_followup",
  "survey_open",
  "survey_followup",
  "action_due_soon",
  "action_overdue",
  "review_summary",
  "dip_alert",
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

// One row per message the app decided to send. The unique key makes a send
// happen once across restarts and across processes: a process claims the row
// first (status "sending"), then sends, then records the outcome.
export const reminderSends = sqliteTable(
  "reminder_sends",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: REMINDER_KINDS }).notNull(),
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    subjectKey: text("subject_key").notNull(),
    recipientKey: text("recipient_key").notNull(),
    channel: text("channel", { enum: ["email", "webhook", "app"] }).notNull(),
    status: text("status", { enum: ["sending", "sent", "failed", "skipped"] }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    error: text("error"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("reminder_sends_once").on(t.kind, t.subjectKey, t.recipientKey, t.channel),
    index("reminder_sends_team_created").on(t.teamId, t.createdAt),
  ],
);

export const reminderPrefs = sqliteTable(
  "reminder_prefs",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: REMINDER_KINDS }).notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

// ---------------------------------------------------------------------------
// Pager integrations (PagerDuty v3 webhooks, Opsgenie outgoing webhooks)

export const PAGER_SOURCES = ["pagerduty", "opsgenie"] as const;
export type PagerSource = (typeof PAGER_SOURCES)[number];

// PagerDuty signs with HMAC-SHA256, which needs the secret itself, so `secret` holds it as
// PagerDuty issued it. Opsgenie sends its secret as is, so only its sha256 is kept.
export const pagerSecrets = sqliteTable(
  "pager_secrets",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    source: text("source", { enum: PAGER_SOURCES }).notNull(),
    secret: text("secret").notNull(),
    hint: text("hint").notNull(),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [index("pager_secrets_team").on(t.teamId, t.source)],
);

// A PagerDuty service whose incidents belong to this team.
export const pagerServices = sqliteTable(
  "pager_services",
  {
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    serviceId: text("service_id").notNull(),
    label: text("label"),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.serviceId] })],
);

// Priority (P1–P5) and urgency (high/low) → SEV1–4, as JSON; absent = the defaults.
export const pagerSettings = sqliteTable("pager_settings", {
  teamId: integer("team_id")
    .primaryKey()
    .references(() => teams.id, { onDelete: "cascade" }),
  severityMap: text("severity_map").notNull(),
});

// One pager incident (or Opsgenie alert) ↔ one of our incidents. The times say which
// event last set the resolved state and the severity, so older events cannot undo newer ones.
export const pagerLinks = sqliteTable(
  "pager_links",
  {
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    source: text("source", { enum: PAGER_SOURCES }).notNull(),
    externalId: text("external_id").notNull(),
    incidentId: integer("incident_id")
      .notNull()
      .references(() => incidents.id, { onDelete: "cascade" }),
    stateAt: integer("state_at", { mode: "timestamp_ms" }),
    severityAt: integer("severity_at", { mode: "timestamp_ms" }),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.source, t.externalId] })],
);

export const PAGER_RESULTS = ["created", "updated", "unchanged", "unknown_service"] as const;
export type PagerResult = (typeof PAGER_RESULTS)[number];

// Every verified delivery of a known event: the replay guard (unique event id) and the
// lead's delivery log. Unknown services keep no event id, so a replay after mapping works.
export const pagerDeliveries = sqliteTable(
  "pager_deliveries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    source: text("source", { enum: PAGER_SOURCES }).notNull(),
    eventId: text("event_id"),
    eventType: text("event_type").notNull(),
    externalId: text("external_id"),
    result: text("result", { enum: PAGER_RESULTS }).notNull(),
    incidentId: integer("incident_id").references(() => incidents.id, { onDelete: "set null" }),
    receivedAt: integer("received_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("pager_deliveries_event").on(t.teamId, t.source, t.eventId),
    index("pager_deliveries_team_received").on(t.teamId, t.receivedAt),
  ],
);

// Bearer tokens for GET /metrics, created by admins; only the sha256 is kept.
export const metricsTokens = sqliteTable("metrics_tokens", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  tokenHash: text("token_hash").notNull().unique(),
  createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: createdAt(),
  revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
  lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }),
});

// "You said → we did": what a lead did with one released comment. Keyed by the comment's
// derived key (sha256 of response id and field; never the response id itself), holding the
// released words so the team home can show them. No user id: nobody's name sits next to a comment.
export const commentFollowUps = sqliteTable(
  "comment_follow_ups",
  {
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    commentKey: text("comment_key").notNull(),
    kind: text("kind", { enum: ["why", "help", "appreciation", "survey"] }).notNull(),
    text: text("text").notNull(),
    heardAt: integer("heard_at", { mode: "timestamp_ms" }),
    reply: text("reply"),
    actionItemId: integer("action_item_id").references(() => actionItems.id, { onDelete: "set null" }),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.teamId, t.commentKey] }),
    index("comment_follow_ups_team_updated").on(t.teamId, t.updatedAt),
  ],
);

// A lead's acknowledgement of a dip alert ("weekly:2026-W40", "quarterly:2026-Q3:C").
export const dipAcknowledgements = sqliteTable(
  "dip_acknowledgements",
  {
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    dipKey: text("dip_key").notNull(),
    note: text("note").notNull(),
    acknowledgedAt: integer("acknowledged_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.dipKey] })],
);

// "Review held" for the two-weekly action-item review, with the follow-through it found:
// items due since the previous review and how many of them were done on time.
export const actionReviews = sqliteTable(
  "action_reviews",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    heldOn: text("held_on").notNull(),
    dueCount: integer("due_count").notNull(),
    doneOnTimeCount: integer("done_on_time_count").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("action_reviews_team_held").on(t.teamId, t.heldOn)],
);

// Dot votes: only a count per released comment and voting round (the retro's last week).
// WITHOUT ROWID (added in the migration) and rewritten in key order by writeAnonymously.
export const commentVotes = sqliteTable(
  "comment_votes",
  {
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    roundKey: text("round_key").notNull(),
    commentKey: text("comment_key").notNull(),
    votes: integer("votes").notNull(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.roundKey, t.commentKey] })],
);

// How many votes each member used in a round — apart from the counts, with no comment.
export const voteUsage = sqliteTable(
  "vote_usage",
  {
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    roundKey: text("round_key").notNull(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    used: integer("used").notNull(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.roundKey, t.userId] })],
);
