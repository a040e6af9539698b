import { describe, expect, it } from "vitest";
import { DEFAULT_SURVEY_BANK } from "~/domain/survey-bank";
import { addPagerDutySecret } from "~/models/pager.server";
import { Client, signedIn } from "../support/client";
import { makeTeamWithPeople, PASSWORD } from "../support/factories";
import { serverForFile } from "../support/server";

/** One form path: a failed post answers 4xx with its messages and re-renders everything that was sent. */
const server = serverForFile();

/** The values of the checked boxes named `name`, in page order. */
function checkedBoxes(html: string, name: string): string[] {
  return [...html.matchAll(/<input[^>]*>/g)]
    .map((m) => m[0])
    .filter((tag) => tag.includes('type="checkbox"') && tag.includes(`name="${name}"`) && /\schecked=""/.test(tag))
    .map((tag) => tag.match(/value="([^"]*)"/)?.[1] ?? "");
}

/** The selected option of the select named `name`. */
function selectedOption(html: string, name: string): string | undefined {
  const select = html.match(new RegExp(`<select[^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`))?.[1] ?? "";
  return select.match(/<option[^>]*value="([^"]*)"[^>]*selected=""/)?.[1];
}

describe("a failed form keeps what was sent", () => {
  it("the survey's question list re-renders the boxes that were ticked, not the saved ones", async () => {
    const { team, lead } = await makeTeamWithPeople(1);
    const client = await signedIn(server, lead.email);
    const path = `/teams/${team.slug}/survey`;
    // Saved: every question but one.
    const saved = DEFAULT_SURVEY_BANK.filter((i) => i.id !== "c-claims-false-certainty").map((i) => i.id);
    expect((await client.post(path, { intent: "items", enabled: saved })).status).toBe(302);
    expect(checkedBoxes(await (await client.get(path)).text(), "enabled")).toEqual(saved);

    // Sent: the unsaved question and one other, which leaves three components without a question.
    const sent = ["c-knows-their-craft", "c-claims-false-certainty"];
    const res = await client.post(path, { intent: "items", enabled: sent });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Keep at least one Reliability question");
    expect(checkedBoxes(html, "enabled").sort()).toEqual([...sent].sort());

    // Sent: nothing ticked. Every box comes back empty, not as saved.
    const none = await client.post(path, { intent: "items" });
    expect(none.status).toBe(400);
    expect(checkedBoxes(await none.text(), "enabled")).toEqual([]);
  });

  it("team settings keep the typed name, the chosen zone and the numbers", async () => {
    const { team, lead } = await makeTeamWithPeople(1);
    const client = await signedIn(server, lead.email);
    const res = await client.post(`/teams/${team.slug}/settings`, {
      intent: "settings",
      name: "Renamed team",
      timeZone: "Pacific/Kiritimati",
      threshold: "4",
      surveyWindowDays: "61",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Keep the survey window at 60 days or fewer");
    expect(html).toContain('value="Renamed team"');
    expect(html).toContain('value="61"');
    expect(html).toContain('value="4"');
    expect(selectedOption(html, "timeZone")).toBe("Pacific/Kiritimati");
  });

  it("a new pre-mortem keeps its rows and names the row's field that failed", async () => {
    const { team, lead } = await makeTeamWithPeople(1);
    const other = await makeTeamWithPeople(1);
    const client = await signedIn(server, lead.email);
    const res = await client.post(`/teams/${team.slug}/premortem/new`, {
      title: "Move to the new queue",
      imaginedFailure: "",
      causes: "No replay tool",
      "actions.1.title": "Build a replay tool",
      // Someone from another team cannot own this team's action.
      "actions.1.ownerId": String(other.lead.id),
      "actions.1.dueDate": "2026-07-15",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Describe the failure you imagine");
    expect(html).toContain("Choose an owner who is on this team");
    expect(html).toContain('id="field-actions.1.ownerId-error"');
    expect(html).toContain('value="Build a replay tool"');
    expect(html).toContain('value="2026-07-15"');
  });

  it("the pager's severity map keeps the choices that were sent", async () => {
    const { team, lead } = await makeTeamWithPeople(1);
    addPagerDutySecret(team.id, "0123456789abcdef0123", lead.id);
    const client = await signedIn(server, lead.email);
    const res = await client.post(`/teams/${team.slug}/pager`, {
      intent: "save-map",
      P1: "SEV2",
      P2: "SEV3",
      P3: "SEV9",
      P4: "SEV4",
      P5: "SEV4",
      high: "SEV1",
      low: "SEV4",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Choose SEV1, SEV2, SEV3 or SEV4");
    expect(selectedOption(html, "P1")).toBe("SEV2");
    expect(selectedOption(html, "high")).toBe("SEV1");
  });

  it("sign-in keeps the email and never the password", async () => {
    const { lead } = await makeTeamWithPeople(0);
    const client = new Client(server.baseUrl);
    const res = await client.post("/login", { email: lead.email, password: `${PASSWORD}-wrong` });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("That email and password do not match an account.");
    expect(html).toContain(`value="${lead.email}"`);
    expect(html).not.toContain(`${PASSWORD}-wrong`);
  });
});

describe("one intent style: an unknown intent is an out-of-date page", () => {
  it("answers 400 with one message above the form, never a 500", async () => {
    const { team, lead } = await makeTeamWithPeople(1);
    const client = await signedIn(server, lead.email);
    for (const path of [
      `/teams/${team.slug}/settings`,
      `/teams/${team.slug}/tokens`,
      `/teams/${team.slug}/reminders`,
      `/teams/${team.slug}/review`,
      `/teams/${team.slug}/survey`,
      `/teams/${team.slug}/import`,
      "/me",
    ]) {
      const res = await client.post(path, { intent: "no-such-intent" });
      expect(res.status, path).toBe(400);
      expect(await res.text(), path).toContain("This form is out of date. Reload the page and try again.");
    }
  });
});

// That no page's JavaScript carries zod (decision 0010) is checked for every page, forms or not,
// in dashboard.test.ts ("page JavaScript").
