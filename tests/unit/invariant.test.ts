import { describe, expect, it } from "vitest";
import { invariantResponse, rowId } from "~/utils/invariant";

function thrown(fn: () => void): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe("invariantResponse", () => {
  it("does nothing when the condition holds", () => {
    expect(() => invariantResponse({ id: 1 }, "unused", { status: 404 })).not.toThrow();
  });

  it("throws a 400 with the message by default", async () => {
    const response = thrown(() => invariantResponse(undefined, "Bad request."));
    expect(response).toBeInstanceOf(Response);
    expect((response as Response).status).toBe(400);
    expect(await (response as Response).text()).toBe("Bad request.");
  });

  it("throws with the status and headers it is given", async () => {
    const response = thrown(() =>
      invariantResponse(null, "There is no such incident in this team.", {
        status: 404,
        headers: { "Cache-Control": "no-store" },
      }),
    ) as Response;
    expect(response.status).toBe(404);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(await response.text()).toBe("There is no such incident in this team.");
  });

  it("builds the message lazily, and throws a Response the function returns as it is", async () => {
    let built = 0;
    invariantResponse(true, () => `built ${++built}`);
    expect(built).toBe(0);
    const api = Response.json({ error: "not_found" }, { status: 404 });
    expect(thrown(() => invariantResponse(false, () => api))).toBe(api);
  });
});

describe("rowId", () => {
  it("reads a whole-number :id parameter", () => {
    expect(rowId("7")).toBe(7);
    expect(rowId("007")).toBe(7);
  });

  it("gives 0, which names no row, for anything else", () => {
    for (const param of [undefined, "", "abc", "-1", "1.5", "1e3", " 7", "7 "]) expect(rowId(param)).toBe(0);
  });
});
