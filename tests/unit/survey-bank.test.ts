import { describe, it, expect } from "vitest";
import fc from "fast-check";
import {
  COMPONENT_NAMES,
  COMPONENTS,
  DEFAULT_SURVEY_BANK,
  itemSelectionProblem,
  LIKERT_LABELS,
  scoreItem,
  type Component,
  type SurveyItem,
} from "../../app/domain/survey-bank";
import { at } from "../support/elements";

describe("DEFAULT_SURVEY_BANK", () => {
  it("has 3–4 items for each of C, R, I, S and nothing else", () => {
    for (const comp of ["C", "R", "I", "S"] as Component[]) {
      const n = DEFAULT_SURVEY_BANK.filter((i) => i.component === comp).length;
      expect(n, comp).toBeGreaterThanOrEqual(3);
      expect(n, comp).toBeLessThanOrEqual(4);
    }
    expect(DEFAULT_SURVEY_BANK.every((i) => COMPONENTS.includes(i.component))).toBe(true);
  });

  it("has unique, stable-looking slugs prefixed by their component", () => {
    const ids = DEFAULT_SURVEY_BANK.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const item of DEFAULT_SURVEY_BANK) {
      expect(item.id).toMatch(/^[cris]-[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(item.id.charAt(0).toUpperCase()).toBe(item.component);
    }
  });

  it("pins the shipped ids, because stored answers refer to them", () => {
    expect(DEFAULT_SURVEY_BANK.map((i) => i.id)).toMatchInlineSnapshot(`
      [
        "c-knows-their-craft",
        "c-says-i-dont-know",
        "c-claims-false-certainty",
        "c-explanations-hold-up",
        "r-does-what-they-say",
        "r-slips-without-warning",
        "r-follows-through-actions",
        "r-steady-under-pressure",
        "i-admit-mistakes",
        "i-bad-news-early",
        "i-hold-things-back",
        "i-ask-for-help",
        "s-credit-over-outcome",
        "s-listens-fully",
        "s-protects-own-area",
        "s-decides-for-team",
      ]
    `);
  });

  it("mixes directions: every component has at least one reversed and one plain item", () => {
    for (const comp of COMPONENTS) {
      const items = DEFAULT_SURVEY_BANK.filter((i) => i.component === comp);
      expect(
        items.some((i) => i.reversed),
        comp,
      ).toBe(true);
      expect(
        items.some((i) => !i.reversed),
        comp,
      ).toBe(true);
    }
  });

  it("reverse-scores the false-certainty credibility item", () => {
    const item = DEFAULT_SURVEY_BANK.find((i) => i.id === "c-claims-false-certainty")!;
    expect(item.component).toBe("C");
    expect(item.reversed).toBe(true);
    expect(item.text).toMatch(/certainty they don't have/);
  });

  it("scores S so that agreeing with a self-serving statement raises S", () => {
    const credit = DEFAULT_SURVEY_BANK.find((i) => i.id === "s-credit-over-outcome")!;
    expect(scoreItem(credit, 5)).toBe(5);
    const listens = DEFAULT_SURVEY_BANK.find((i) => i.id === "s-listens-fully")!;
    expect(scoreItem(listens, 5)).toBe(1);
  });

  it("has non-empty single-sentence texts with no duplicates", () => {
    const texts = DEFAULT_SURVEY_BANK.map((i) => i.text);
    expect(new Set(texts).size).toBe(texts.length);
    for (const t of texts) {
      expect(t.length).toBeGreaterThan(20);
      expect(t.length).toBeLessThan(140);
      expect(t).toMatch(/^[A-Z].*\.$/);
    }
  });

  it("is frozen so no caller can edit the shared default", () => {
    expect(Object.isFrozen(DEFAULT_SURVEY_BANK)).toBe(true);
    expect(Object.isFrozen(DEFAULT_SURVEY_BANK[0])).toBe(true);
    const first = at(DEFAULT_SURVEY_BANK, 0);
    expect(() => (DEFAULT_SURVEY_BANK as SurveyItem[]).push(first)).toThrow();
  });
});

describe("labels", () => {
  it("names the components", () => {
    expect(COMPONENT_NAMES).toEqual({ C: "Credibility", R: "Reliability", I: "Intimacy", S: "Self-orientation" });
  });
  it("has five Likert labels from strongly disagree to strongly agree", () => {
    expect(LIKERT_LABELS).toHaveLength(5);
    expect(LIKERT_LABELS[0]).toBe("Strongly disagree");
    expect(LIKERT_LABELS[4]).toBe("Strongly agree");
    expect(new Set(LIKERT_LABELS).size).toBe(5);
  });
});

describe("scoreItem", () => {
  const plain: SurveyItem = { id: "x-plain", component: "C", text: "Plain.", reversed: false };
  const rev: SurveyItem = { id: "x-rev", component: "C", text: "Reversed.", reversed: true };

  it("keeps plain answers and reverses reversed ones as 6 − answer", () => {
    expect([1, 2, 3, 4, 5].map((a) => scoreItem(plain, a))).toEqual([1, 2, 3, 4, 5]);
    expect([1, 2, 3, 4, 5].map((a) => scoreItem(rev, a))).toEqual([5, 4, 3, 2, 1]);
  });

  it.each([0, 6, 2.5, NaN, -1, Infinity])("rejects answer %s", (a) => {
    expect(() => scoreItem(plain, a)).toThrow(RangeError);
  });

  it("property: scores stay on 1–5, neutral stays neutral, reversing twice is identity", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.constantFrom(...DEFAULT_SURVEY_BANK), (a, item) => {
        const s = scoreItem(item, a);
        expect(s).toBeGreaterThanOrEqual(1);
        expect(s).toBeLessThanOrEqual(5);
        if (a === 3) expect(s).toBe(3);
        expect(scoreItem({ ...item, reversed: !item.reversed }, a)).toBe(6 - s);
        return true;
      }),
    );
  });
});

describe("itemSelectionProblem (at least one question per component)", () => {
  const all = new Set(DEFAULT_SURVEY_BANK.map((i) => i.id));
  it("accepts the whole bank and one question of each component", () => {
    expect(itemSelectionProblem(DEFAULT_SURVEY_BANK, all)).toBeNull();
    const one = new Set(
      COMPONENTS.flatMap((c) => DEFAULT_SURVEY_BANK.filter((i) => i.component === c).slice(0, 1)).map((i) => i.id),
    );
    expect(itemSelectionProblem(DEFAULT_SURVEY_BANK, one)).toBeNull();
  });
  it("names the first component a selection leaves out", () => {
    const withoutR = new Set(DEFAULT_SURVEY_BANK.filter((i) => i.component !== "R").map((i) => i.id));
    expect(itemSelectionProblem(DEFAULT_SURVEY_BANK, withoutR)).toBe(
      "Keep at least one Reliability question: Trust needs all four components",
    );
    expect(itemSelectionProblem(DEFAULT_SURVEY_BANK, new Set())).toContain(`Keep at least one ${COMPONENT_NAMES.C}`);
  });
});
