import { describe, it, expect, expectTypeOf } from "vitest";
import fc from "fast-check";
import {
  ACTION_SOURCES,
  ACTION_SOURCE_LABELS,
  ACTION_STATUSES,
  ACTION_STATUS_LABELS,
  AUDIT_QUESTIONS,
  RECOVERY_CHECKLIST,
  type ActionSource,
  type ActionStatus,
  type AuditAnswer,
  type AuditKey,
  type Severity,
} from "../../app/domain/incidents";
import {
  actionItemInputSchema,
  incidentInputSchema,
  makeIncidentInputSchema,
  type ActionItemInput,
  type IncidentInput,
} from "../../app/domain/incident-input.server";
import { addCalendarDays, parseCalendarDate, parseDateTime } from "../../app/domain/wall-time";
import { issuesToFieldErrors } from "../../app/utils/forms.server";

const iso = (d: Date | null) => d?.toISOString() ?? null;

describe("vocabulary", () => {
  it("has six audit questions and eight recovery questions with unique keys", () => {
    expect(AUDIT_QUESTIONS).toHaveLength(6);
    expect(new Set(AUDIT_QUESTIONS.map((q) => q.key)).size).toBe(6);
    expect(RECOVERY_CHECKLIST).toHaveLength(8);
    expect(new Set(RECOVERY_CHECKLIST.map((q) => q.key)).size).toBe(8);
    expect(RECOVERY_CHECKLIST[0]).toEqual({
      key: "blamelessPostmortem",
      text: "Blameless postmortem held with all stakeholders",
    });
  });

  it("labels every status and source", () => {
    expect(Object.keys(ACTION_STATUS_LABELS).sort()).toEqual([...ACTION_STATUSES].sort());
    expect(Object.keys(ACTION_SOURCE_LABELS).sort()).toEqual([...ACTION_SOURCES].sort());
  });
});

describe("parseCalendarDate", () => {
  it("accepts real dates only", () => {
    expect(parseCalendarDate("2026-11-30")).toEqual({
      year: 2026,
      month: 11,
      day: 30,
    });
    expect(parseCalendarDate("2028-02-29")).toEqual({
      year: 2028,
      month: 2,
      day: 29,
    });
    expect(parseCalendarDate("2026-02-29")).toBeNull();
    expect(parseCalendarDate("2026-02-30")).toBeNull();
    expect(parseCalendarDate("2026-13-01")).toBeNull();
    expect(parseCalendarDate("2026-00-10")).toBeNull();
    expect(parseCalendarDate("2026-11-31")).toBeNull();
    expect(parseCalendarDate("tomorrow")).toBeNull();
    expect(parseCalendarDate("30/11/2026")).toBeNull();
    expect(parseCalendarDate("2026-11-30T00:00")).toBeNull();
  });

  it("adds days across month and year ends", () => {
    expect(addCalendarDays({ year: 2026, month: 12, day: 31 }, 1)).toEqual({
      year: 2027,
      month: 1,
      day: 1,
    });
    expect(addCalendarDays({ year: 2028, month: 2, day: 28 }, 1)).toEqual({
      year: 2028,
      month: 2,
      day: 29,
    });
  });
});

describe("parseDateTime", () => {
  it("reads ISO 8601 with an offset or Z", () => {
    expect(iso(parseDateTime("2026-11-20T14:05:00+01:00"))).toBe("2026-11-20T13:05:00.000Z");
    expect(iso(parseDateTime("2026-11-20T14:05:00-05:30"))).toBe("2026-11-20T19:35:00.000Z");
    expect(iso(parseDateTime("2026-11-20T14:05Z"))).toBe("2026-11-20T14:05:00.000Z");
    expect(iso(parseDateTime("2026-11-20T14:05:07.25Z"))).toBe("2026-11-20T14:05:07.250Z");
    expect(iso(parseDateTime("2026-11-20T14:05:00+0100"))).toBe("2026-11-20T13:05:00.000Z");
  });

  it("lets an explicit offset win over the time zone", () => {
    expect(iso(parseDateTime("2026-11-20T14:05:00Z", "Europe/Berlin"))).toBe("2026-11-20T14:05:00.000Z");
  });

  it("needs a time zone for a datetime-local value", () => {
    expect(parseDateTime("2026-11-20T14:05")).toBeNull();
    expect(iso(parseDateTime("2026-11-20T14:05", "Europe/Berlin"))).toBe("2026-11-20T13:05:00.000Z");
    expect(iso(parseDateTime("2026-07-01T14:05", "Europe/Berlin"))).toBe("2026-07-01T12:05:00.000Z");
    expect(iso(parseDateTime("2026-07-01T14:05:30", "Europe/Berlin"))).toBe("2026-07-01T12:05:30.000Z");
  });

  it("handles the Berlin spring-forward gap (2026-03-29, 02:00 → 03:00)", () => {
    expect(iso(parseDateTime("2026-03-29T01:59", "Europe/Berlin"))).toBe("2026-03-29T00:59:00.000Z");
    // 02:30 never happens on the clock: it is read as 03:30 CEST.
    expect(iso(parseDateTime("2026-03-29T02:30", "Europe/Berlin"))).toBe("2026-03-29T01:30:00.000Z");
    expect(iso(parseDateTime("2026-03-29T03:00", "Europe/Berlin"))).toBe("2026-03-29T01:00:00.000Z");
  });

  it("handles the Berlin fall-back overlap (2026-10-25, 03:00 → 02:00)", () => {
    expect(iso(parseDateTime("2026-10-25T01:59", "Europe/Berlin"))).toBe("2026-10-24T23:59:00.000Z");
    // 02:30 happens twice: the earlier one (CEST, +02:00) is chosen.
    expect(iso(parseDateTime("2026-10-25T02:30", "Europe/Berlin"))).toBe("2026-10-25T00:30:00.000Z");
    expect(iso(parseDateTime("2026-10-25T03:00", "Europe/Berlin"))).toBe("2026-10-25T02:00:00.000Z");
  });

  it("handles a zone west of UTC across its gap", () => {
    expect(iso(parseDateTime("2026-03-08T02:30", "America/New_York"))).toBe("2026-03-08T07:30:00.000Z");
    expect(iso(parseDateTime("2026-03-08T12:00", "America/New_York"))).toBe("2026-03-08T16:00:00.000Z");
  });

  it("rejects bad dates and times", () => {
    for (const bad of [
      "tomorrow",
      "",
      "2026-02-30T10:00Z",
      "2026-02-30T10:00",
      "2026-11-20",
      "2026-11-20T24:00Z",
      "2026-11-20T12:60Z",
      "2026-11-20T12:00:60Z",
      "2026-11-20T12:00+24:00",
      "20/11/2026 14:05",
      "2026-11-20T14:05:00+01:00 extra",
    ]) {
      expect(parseDateTime(bad, "Europe/Berlin"), bad).toBeNull();
    }
    expect(iso(parseDateTime("2028-02-29T12:00Z"))).toBe("2028-02-29T12:00:00.000Z");
  });

  it("throws for an unknown time zone", () => {
    expect(() => parseDateTime("2026-11-20T14:05", "Mars/Olympus_Mons")).toThrow(RangeError);
  });

  it("round-trips any instant written by toISOString", () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("1000-01-01T00:00:00Z"),
          max: new Date("9999-12-31T23:59:59Z"),
          noInvalidDate: true,
        }),
        (d) => parseDateTime(d.toISOString())?.getTime() === d.getTime(),
      ),
    );
  });

  it("round-trips a Berlin wall time outside the fall-back hour", () => {
    const fmt = new Intl.DateTimeFormat("sv-SE", {
      timeZone: "Europe/Berlin",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    fc.assert(
      fc.property(
        fc.integer({
          min: Date.UTC(2020, 0, 1) / 1000,
          max: Date.UTC(2030, 0, 1) / 1000,
        }),
        (seconds) => {
          const instant = new Date(seconds * 1000);
          const local = fmt.format(instant).replace(" ", "T");
          const parsed = parseDateTime(local, "Europe/Berlin");
          // In the repeated hour the earlier instant is chosen, one hour before.
          return (
            parsed !== null &&
            (parsed.getTime() === instant.getTime() || instant.getTime() - parsed.getTime() === 3_600_000)
          );
        },
      ),
    );
  });
});

const berlin = makeIncidentInputSchema("Europe/Berlin");

const formIncident = {
  title: "  Checkout down  ",
  severity: "SEV2",
  startedAt: "2026-11-20T14:05",
  detectedAt: "2026-11-20T14:09",
  resolvedAt: "2026-11-20T15:35",
  summary: "",
  postmortemUrl: "",
  postmortemPublishedAt: "",
  audit: {
    investigatingWithin5m: "yes",
    updatesEvery15to20m: "no",
    creditsOffered: "na",
    customerEmailWithin2h: "",
  },
};

function errorsOf(result: { success: boolean; error?: unknown }) {
  expect(result.success).toBe(false);
  return issuesToFieldErrors(result.error as Parameters<typeof issuesToFieldErrors>[0], "data");
}

describe("incident schema", () => {
  it("parses a form post read in the team's time zone", () => {
    const result = berlin.safeParse(formIncident);
    expect(result.success).toBe(true);
    expect(result.data).toEqual({
      title: "Checkout down",
      severity: "SEV2",
      startedAt: new Date("2026-11-20T13:05:00Z"),
      detectedAt: new Date("2026-11-20T13:09:00Z"),
      resolvedAt: new Date("2026-11-20T14:35:00Z"),
      summary: null,
      postmortemUrl: null,
      postmortemPublishedAt: null,
      audit: {
        investigatingWithin5m: "yes",
        updatesEvery15to20m: "no",
        creditsOffered: "na",
      },
    });
  });

  it("parses a JSON body with offsets, nulls and no audit", () => {
    const result = incidentInputSchema.safeParse({
      title: "DNS",
      severity: "sev1",
      startedAt: "2026-11-20T14:05:00+01:00",
      detectedAt: null,
      resolvedAt: "2026-11-20T15:00:00Z",
      summary: "Resolver outage",
      postmortemUrl: "https://wiki.example.com/pm/42",
      postmortemPublishedAt: "2026-11-22T09:00:00Z",
    });
    expect(result.success).toBe(true);
    expect(result.data).toMatchObject({
      severity: "SEV1",
      startedAt: new Date("2026-11-20T13:05:00Z"),
      detectedAt: null,
      postmortemUrl: "https://wiki.example.com/pm/42",
      postmortemPublishedAt: new Date("2026-11-22T09:00:00Z"),
      audit: {},
    });
  });

  it("without a time zone, asks for an offset", () => {
    expect(errorsOf(incidentInputSchema.safeParse(formIncident))).toEqual({
      startedAt: "Enter a date and time with an offset, like 2026-11-20T14:05:00+01:00",
      detectedAt: "Enter a date and time with an offset, like 2026-11-20T14:05:00+01:00",
      resolvedAt: "Enter a date and time with an offset, like 2026-11-20T14:05:00+01:00",
    });
  });

  it("throws for an unknown team time zone", () => {
    expect(() => makeIncidentInputSchema("Europe/Atlantis")).toThrow(RangeError);
  });

  it("requires a title of at most 200 characters", () => {
    expect(errorsOf(berlin.safeParse({ ...formIncident, title: "   " }))).toEqual({
      title: "Give the incident a title",
    });
    const noTitle: Record<string, unknown> = { ...formIncident };
    delete noTitle.title;
    expect(errorsOf(berlin.safeParse(noTitle))).toEqual({
      title: "Give the incident a title",
    });
    expect(berlin.safeParse({ ...formIncident, title: "x".repeat(200) }).success).toBe(true);
    expect(errorsOf(berlin.safeParse({ ...formIncident, title: "x".repeat(201) }))).toEqual({
      title: "Keep the title to 200 characters or fewer",
    });
  });

  it("requires a known severity", () => {
    for (const severity of ["", "SEV5", "critical", undefined]) {
      expect(errorsOf(berlin.safeParse({ ...formIncident, severity }))).toEqual({
        severity: "Choose SEV1, SEV2, SEV3 or SEV4",
      });
    }
  });

  it("requires a valid start", () => {
    expect(errorsOf(berlin.safeParse({ ...formIncident, startedAt: "" }))).toEqual({
      startedAt: "Enter when the incident started",
    });
    expect(errorsOf(berlin.safeParse({ ...formIncident, startedAt: "tomorrow" }))).toEqual({
      startedAt: "Enter a date and time like 2026-11-20T14:05",
    });
    expect(errorsOf(berlin.safeParse({ ...formIncident, startedAt: "2026-02-30T10:00" }))).toEqual({
      startedAt: "Enter a date and time like 2026-11-20T14:05",
    });
  });

  it("rejects detection before the start", () => {
    expect(errorsOf(berlin.safeParse({ ...formIncident, detectedAt: "2026-11-20T14:04" }))).toEqual({
      detectedAt: "Detected time is before the start",
    });
    expect(berlin.safeParse({ ...formIncident, detectedAt: "2026-11-20T14:05" }).success).toBe(true);
  });

  it("rejects resolution before the start", () => {
    expect(
      errorsOf(
        berlin.safeParse({
          ...formIncident,
          detectedAt: "",
          resolvedAt: "2026-11-20T13:00",
        }),
      ),
    ).toEqual({
      resolvedAt: "Resolved time is before the start",
    });
  });

  it("requires a resolution before a postmortem publication", () => {
    expect(
      errorsOf(
        berlin.safeParse({
          ...formIncident,
          resolvedAt: "",
          postmortemPublishedAt: "2026-11-21T10:00",
        }),
      ),
    ).toEqual({
      postmortemPublishedAt: "Enter the resolved time: a postmortem is published after resolution",
    });
  });

  it("rejects publication before resolution", () => {
    expect(
      errorsOf(
        berlin.safeParse({
          ...formIncident,
          postmortemPublishedAt: "2026-11-20T15:00",
        }),
      ),
    ).toEqual({
      postmortemPublishedAt: "Publication is before resolution",
    });
    expect(
      berlin.safeParse({
        ...formIncident,
        postmortemPublishedAt: "2026-11-20T15:35",
      }).success,
    ).toBe(true);
  });

  it("reports cross-field and field errors together", () => {
    expect(
      errorsOf(
        berlin.safeParse({
          ...formIncident,
          title: "",
          resolvedAt: "2026-11-20T13:00",
          detectedAt: "",
        }),
      ),
    ).toEqual({
      title: "Give the incident a title",
      resolvedAt: "Resolved time is before the start",
    });
  });

  it("does not run a cross-field rule on a field that failed to parse", () => {
    expect(errorsOf(berlin.safeParse({ ...formIncident, startedAt: "nope" }))).toEqual({
      startedAt: "Enter a date and time like 2026-11-20T14:05",
    });
  });

  it("limits the summary to 5000 characters", () => {
    expect(berlin.safeParse({ ...formIncident, summary: "s".repeat(5000) }).success).toBe(true);
    expect(errorsOf(berlin.safeParse({ ...formIncident, summary: "s".repeat(5001) }))).toEqual({
      summary: "Keep the summary to 5000 characters or fewer",
    });
  });

  it("accepts only http and https postmortem links", () => {
    expect(berlin.safeParse({ ...formIncident, postmortemUrl: "http://wiki/pm/1" }).success).toBe(true);
    for (const postmortemUrl of ["ftp://example.com/pm", "javascript:alert(1)", "wiki page", "example.com/pm"]) {
      expect(errorsOf(berlin.safeParse({ ...formIncident, postmortemUrl })), postmortemUrl).toEqual({
        postmortemUrl: "Enter a link starting with http:// or https://",
      });
    }
  });

  it("checks each audit answer and rejects unknown questions", () => {
    expect(
      errorsOf(
        berlin.safeParse({
          ...formIncident,
          audit: { creditsOffered: "maybe" },
        }),
      ),
    ).toEqual({
      "audit.creditsOffered": "Answer yes, no or not applicable",
    });
    expect(errorsOf(berlin.safeParse({ ...formIncident, audit: { creditOffered: "yes" } }))).toEqual({
      audit: "Unknown audit question: creditOffered",
    });
    expect(berlin.parse({ ...formIncident, audit: { postmortemPublished: "YES" } }).audit).toEqual({
      postmortemPublished: "yes",
    });
  });
});

const formAction = {
  title: "Add alerting on queue depth",
  ownerId: "7",
  dueDate: "2026-11-30",
  status: "open",
  source: "postmortem",
  incidentId: "",
  notes: "",
};

describe("action item schema", () => {
  it("parses a form post", () => {
    expect(actionItemInputSchema.parse(formAction)).toEqual({
      title: "Add alerting on queue depth",
      ownerId: 7,
      dueDate: "2026-11-30",
      status: "open",
      source: "postmortem",
      incidentId: null,
      notes: null,
    });
  });

  it("parses a JSON body", () => {
    expect(
      actionItemInputSchema.parse({
        ...formAction,
        ownerId: 7,
        incidentId: 12,
        status: "in_progress",
        notes: "x",
      }),
    ).toMatchObject({
      ownerId: 7,
      incidentId: 12,
      status: "in_progress",
      notes: "x",
    });
  });

  it("requires a title of at most 200 characters", () => {
    expect(errorsOf(actionItemInputSchema.safeParse({ ...formAction, title: "" }))).toEqual({
      title: "Give the action item a title",
    });
    expect(
      errorsOf(
        actionItemInputSchema.safeParse({
          ...formAction,
          title: "x".repeat(201),
        }),
      ),
    ).toEqual({
      title: "Keep the title to 200 characters or fewer",
    });
  });

  it("requires a positive whole owner id", () => {
    for (const ownerId of ["", "0", "-1", "abc", "1.5", 1.5, 0, undefined]) {
      expect(errorsOf(actionItemInputSchema.safeParse({ ...formAction, ownerId })), String(ownerId)).toEqual({
        ownerId: "Choose an owner",
      });
    }
  });

  it("checks the incident id only when given", () => {
    expect(actionItemInputSchema.parse({ ...formAction, incidentId: "3" }).incidentId).toBe(3);
    expect(errorsOf(actionItemInputSchema.safeParse({ ...formAction, incidentId: "x" }))).toEqual({
      incidentId: "Choose an incident",
    });
  });

  it("requires a real calendar due date", () => {
    for (const dueDate of ["", "2026-02-30", "tomorrow", "30/11/2026", "2026-11-30T10:00", undefined]) {
      expect(errorsOf(actionItemInputSchema.safeParse({ ...formAction, dueDate })), String(dueDate)).toEqual({
        dueDate: "Due date must be a date like 2026-11-30",
      });
    }
    expect(actionItemInputSchema.parse({ ...formAction, dueDate: "2028-02-29" }).dueDate).toBe("2028-02-29");
  });

  it("requires a known status and source", () => {
    expect(
      errorsOf(
        actionItemInputSchema.safeParse({
          ...formAction,
          status: "closed",
          source: "",
        }),
      ),
    ).toEqual({
      status: "Choose open, in progress, done or dropped",
      source: "Choose postmortem, pre-mortem, retro or trust check",
    });
  });

  it("limits notes to 2000 characters", () => {
    expect(
      errorsOf(
        actionItemInputSchema.safeParse({
          ...formAction,
          notes: "n".repeat(2001),
        }),
      ),
    ).toEqual({
      notes: "Keep the notes to 2000 characters or fewer",
    });
  });
});

describe("issuesToFieldErrors for data", () => {
  it("keeps the first message per path and keys whole-input issues with ''", () => {
    const result = actionItemInputSchema.safeParse("not an object");
    expect(errorsOf(result)).toEqual({ "": expect.any(String) });
    const many = actionItemInputSchema.safeParse({});
    expect(Object.keys(errorsOf(many)).sort()).toEqual(["dueDate", "ownerId", "source", "status", "title"]);
  });
});

describe("parsed types", () => {
  it("match the records the app stores", () => {
    expectTypeOf<IncidentInput>().toEqualTypeOf<{
      title: string;
      severity: Severity;
      startedAt: Date;
      detectedAt: Date | null;
      resolvedAt: Date | null;
      summary: string | null;
      postmortemUrl: string | null;
      postmortemPublishedAt: Date | null;
      audit: Partial<Record<AuditKey, AuditAnswer>>;
    }>();
    expectTypeOf<ActionItemInput>().toEqualTypeOf<{
      title: string;
      ownerId: number;
      dueDate: string;
      status: ActionStatus;
      source: ActionSource;
      incidentId: number | null;
      notes: string | null;
    }>();
  });
});
