import { describe, expect, it } from "vitest";
import { parseInviteList } from "~/domain/invite-list";

describe("a pasted list of people to invite", () => {
  it("reads one address per line, or separated by commas or semicolons, ignoring blank entries", () => {
    const entries = parseInviteList("ada@example.com\n\n  Bob@Example.com , carol@example.org;dan@example.net,\r\n");
    expect(entries).toEqual([
      { line: 1, text: "ada@example.com", email: "ada@example.com" },
      { line: 3, text: "Bob@Example.com", email: "bob@example.com" },
      { line: 3, text: "carol@example.org", email: "carol@example.org" },
      { line: 3, text: "dan@example.net", email: "dan@example.net" },
    ]);
  });

  it("takes the address out of a name as mail clients copy it", () => {
    expect(parseInviteList("Ada Lovelace <ada@example.com>\nmailto:bob@example.com")).toEqual([
      { line: 1, text: "Ada Lovelace <ada@example.com>", email: "ada@example.com" },
      { line: 2, text: "mailto:bob@example.com", email: "bob@example.com" },
    ]);
  });

  it("gives each bad entry its own message with its line, and keeps the good ones", () => {
    const entries = parseInviteList("ada@example.com\nbob@\nnot an address\nada@EXAMPLE.com\ncarol@example.org");
    expect(entries).toEqual([
      { line: 1, text: "ada@example.com", email: "ada@example.com" },
      { line: 2, text: "bob@", kind: "invalid", error: "Line 2: “bob@” is not an email address" },
      { line: 3, text: "not an address", kind: "invalid", error: "Line 3: “not an address” is not an email address" },
      {
        line: 4,
        text: "ada@EXAMPLE.com",
        kind: "duplicate",
        error: "Line 4: ada@example.com is already listed on line 1",
      },
      { line: 5, text: "carol@example.org", email: "carol@example.org" },
    ]);
  });

  it("finds nothing in an empty or blank list", () => {
    expect(parseInviteList("")).toEqual([]);
    expect(parseInviteList(" \n , ;\n")).toEqual([]);
  });
});
