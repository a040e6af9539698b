/**
 * What the server prints (docs/anonymity.md § Logs): after invites, calendar fetches, API calls
 * and answers, no token or secret appears in its output, and no line names an answer route.
 */
import { describe, expect, it } from "vitest";
import { weeklyCycleAt } from "~/domain/cycles";
import { createInvite } from "~/models/invites.server";
import { requestLogLine } from "~/utils/request-log.server";
import { Client, signedIn } from "../support/client";
import { makeTeamWithPeople, PASSWORD } from "../support/factories";
import { serverForFile } from "../support/server";

const server = serverForFile({ LOG_REQUESTS: "1" });

describe("request log", () => {
  it("never prints a token or secret, and writes no line for answers", async () => {
    const { team, lead, members } = await makeTeamWithPeople(3);
    const secrets: string[] = [];

    // An invite, opened and accepted through its link.
    const invite = createInvite({
      teamId: team.id,
      email: "new.person@example.com",
      role: "member",
      invitedBy: lead.id,
    });
    secrets.push(invite);
    const invitee = new Client(server.baseUrl);
    expect((await invitee.get(`/invite/${invite}`)).status).toBe(200);
    const accepted = await invitee.post(`/invite/${invite}`, {
      displayName: "New Person",
      password: PASSWORD,
      passwordConfirm: PASSWORD,
    });
    expect(accepted.status).toBe(302);

    // A calendar feed: the secret URL is created on /me and fetched.
    const member = await signedIn(server, members[0]!.email);
    const created = await (await member.post("/me", { intent: "calendar-rotate" })).text();
    const calendarSecret = created.match(/\/calendar\/([A-Za-z0-9_-]+)\.ics/)![1]!;
    secrets.push(calendarSecret);
    expect((await new Client(server.baseUrl).get(`/calendar/${calendarSecret}.ics`)).status).toBe(200);

    // An API token, created by the lead and used.
    const leadClient = await signedIn(server, lead.email);
    const tokenPage = await (
      await leadClient.post(`/teams/${team.slug}/tokens`, { intent: "create", name: "Logs" })
    ).text();
    const apiToken = tokenPage.match(/th_[A-Za-z0-9_-]{43}/)![0];
    secrets.push(apiToken);
    const api = await fetch(`${server.baseUrl}/api/v1/teams/${team.slug}/incidents`, {
      headers: { Authorization: `Bearer ${apiToken}` },
    });
    expect(api.status).toBe(200);
    // Even a token sent where no route expects one.
    await (await fetch(`${server.baseUrl}/teams/${apiToken}`)).text();

    // Answers.
    const periodKey = weeklyCycleAt(new Date(), team.timeZone).periodKey;
    for (const m of members) {
      const client = await signedIn(server, m.email);
      expect((await client.get(`/teams/${team.slug}/check-in`)).status).toBe(200);
      expect((await client.post(`/teams/${team.slug}/check-in`, { periodKey, score: 4 })).status).toBe(302);
    }
    // The last request's line is written when its response finishes: wait for a marker request's line.
    await fetch(`${server.baseUrl}/healthz`);
    await expect.poll(() => server.logs.join("").includes("GET /healthz")).toBe(true);

    const output = server.logs.join("");
    for (const secret of secrets) expect(output, "a secret in the server's output").not.toContain(secret);
    expect(output).toContain("GET /invite/:token 200");
    expect(output).toContain("GET /calendar/:token.ics 200");
    expect(output).not.toMatch(/check-in|survey/);
    expect(output).not.toMatch(/@example\.com/);
  });

  it("formats one line per request from method, redacted path, status and time", () => {
    expect(requestLogLine("GET", "/teams/platform/dashboard", 200, 12.34)).toBe(
      "GET /teams/platform/dashboard 200 12.3ms",
    );
    expect(requestLogLine("POST", "/teams/platform/check-in", 302, 3)).toBeNull();
    expect(requestLogLine("GET", "/teams/platform/survey", 200, 3)).toBeNull();
    expect(requestLogLine("POST", "/invite/abcDEF123_-xyz", 302, 1)).toBe("POST /invite/:token 302 1.0ms");
    expect(requestLogLine("GET", "/x/th_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", 404, 1)).toBe(
      "GET /x/:secret 404 1.0ms",
    );
  });
});
