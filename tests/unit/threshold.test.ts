import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { statusWords } from "~/domain/dashboard";
import { effectiveThreshold, MIN_THRESHOLD, thresholdWarning } from "~/domain/threshold";

const appDir = path.join(import.meta.dirname, "../../app");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) ? [full] : [];
  });
}

describe("the anonymity threshold rule (domain/threshold.ts)", () => {
  it("never applies less than MIN_THRESHOLD, whatever a team's setting says", () => {
    expect(MIN_THRESHOLD).toBe(3);
    for (const setting of [-5, 0, 1, 2, 3]) expect(effectiveThreshold(setting)).toBe(3);
    expect(effectiveThreshold(7)).toBe(7);
    expect(() => effectiveThreshold(Number.NaN)).toThrow(RangeError);
  });

  it("is the number people read: a team set to 1 is told 'fewer than 3'", () => {
    expect(statusWords("insufficient", 1)).toBe("not enough responses (fewer than 3)");
    expect(statusWords("insufficient", 6)).toBe("not enough responses (fewer than 6)");
    expect(thresholdWarning(1, 2)).toBe(
      "No week can be released with this setting: it needs 3 answers and the team has 2 people.",
    );
  });

  it("is written once: no other file in app/ spells the floor out", () => {
    const offenders = sourceFiles(appDir)
      .filter((file) => !file.endsWith(path.join("domain", "threshold.ts")))
      .filter((file) => /Math\.max\(\s*3\b|Math\.max\([^)]*,\s*3\s*\)/.test(readFileSync(file, "utf8")))
      .map((file) => path.relative(appDir, file));
    expect(offenders).toEqual([]);
  });
});
