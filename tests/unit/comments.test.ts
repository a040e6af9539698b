import { describe, expect, it } from "vitest";
import { groupComments, groupVotes, nearIdentical, normaliseComment } from "~/domain/comments";

describe("grouping near-identical comments", () => {
  it("ignores case, whitespace and punctuation", () => {
    expect(normaliseComment("  Deploys are SLOW!!  again… ")).toBe("deploys are slow again");
    expect(nearIdentical("Deploys are slow.", "deploys   are slow")).toBe(true);
  });

  it("groups a typo or a plural, not different words, numbers or short replies", () => {
    expect(nearIdentical("The deploy pipeline is too slow", "The deploy pipline is too slow")).toBe(true);
    expect(nearIdentical("We need more pairing sessions", "We need more pairing session")).toBe(true);
    expect(nearIdentical("The deploy pipeline is too slow", "The test suite is too flaky")).toBe(false);
    expect(nearIdentical("Incident 3 was handled well", "Incident 4 was handled well")).toBe(false);
    expect(nearIdentical("alpha why 0", "alpha why 1")).toBe(false);
    expect(nearIdentical("ok", "OK!")).toBe(true);
    expect(nearIdentical("ok", "no")).toBe(false);
    expect(nearIdentical("", "")).toBe(false);
  });

  it("shows each group once with its count; the group's key is its smallest, whatever the order", () => {
    const comments = [
      { key: "c", text: "More pairing, please." },
      { key: "a", text: "Something else entirely" },
      { key: "b", text: "more pairing please" },
      { key: "d", text: "More  pairing please!" },
    ];
    const groups = groupComments(comments);
    expect(groups).toEqual([
      { key: "b", keys: ["b", "c", "d"], text: "More pairing, please.", count: 3 },
      { key: "a", keys: ["a"], text: "Something else entirely", count: 1 },
    ]);
    expect(
      groupComments([...comments].reverse())
        .map((g) => g.key)
        .sort(),
    ).toEqual(["a", "b"]);
    expect(groupVotes(groups[0]!.keys, { b: 2, d: 1, a: 5 })).toBe(3);
  });
});
