/** How pager priorities and urgencies map to incident severities. No zod here: the pager page draws these. */
import type { Severity } from "./severity";

export const PRIORITIES = ["P1", "P2", "P3", "P4", "P5"] as const;
export const URGENCIES = ["high", "low"] as const;
export type PriorityName = (typeof PRIORITIES)[number];
export type SeverityMap = {
  priorities: Record<(typeof PRIORITIES)[number], Severity>;
  urgency: Record<(typeof URGENCIES)[number], Severity>;
};
export const DEFAULT_SEVERITY_MAP: SeverityMap = {
  priorities: { P1: "SEV1", P2: "SEV2", P3: "SEV3", P4: "SEV4", P5: "SEV4" },
  urgency: { high: "SEV2", low: "SEV4" },
};

/** "P1" (or "p1 - critical") by the priority map; otherwise the urgency; otherwise the low-urgency severity. */
export function severityFor(map: SeverityMap, priority: string | null, urgency: string | null): Severity {
  const p = /^\s*(P[1-5])\b/i.exec(priority ?? "")?.[1]?.toUpperCase() as PriorityName | undefined;
  if (p) return map.priorities[p];
  if (urgency === "high" || urgency === "low") return map.urgency[urgency];
  return map.urgency.low;
}
