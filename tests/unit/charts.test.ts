import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { IncidentsChart } from "~/components/charts/incidents-chart";
import { TrustChart } from "~/components/charts/trust-chart";
import type { DashboardAxis, DashboardWeek } from "~/domain/dashboard";
import type { IncidentBucket } from "~/domain/bucket-activity";

const DAY = 86_400_000;
const from = Date.parse("2026-09-07T00:00:00Z"); // a Monday
// Twelve weeks on a 1000 px chart: the plot runs from x = 60 to x = 940, 880 px, 73.33 px a week.
const axis: DashboardAxis = { from, to: from + 84 * DAY, granularity: "week", ticks: [] };

const bucket = (start: number, end: number, count: number, ttrMinutes: number | null): IncidentBucket => ({
  key: String(start),
  label: new Date(start).toISOString().slice(0, 10),
  start,
  end,
  count,
  bySeverity: { SEV1: 0, SEV2: count, SEV3: 0, SEV4: 0 },
  ttrMedianMinutes: ttrMinutes,
  resolved: ttrMinutes === null ? 0 : count,
});

describe("incident bars (issue #12, figure 8)", () => {
  const svg = renderToStaticMarkup(
    createElement(IncidentsChart, {
      id: "bars",
      width: 1000,
      axis,
      buckets: [
        bucket(from, from + 7 * DAY, 1, 90), // a whole week
        bucket(from + 7 * DAY, from + 7 * DAY + 3_600_000, 1, 45), // one hour: far below a pixel
        bucket(from + 14 * DAY, from + 21 * DAY, 2, null), // nothing resolved: no point
      ],
    }),
  );
  const bars = [...svg.matchAll(/<rect x="[^"]+" width="([^"]+)" y="([^"]+)" height="([^"]+)"/g)];

  it("are a bar's width wide, and never thinner than 5 px", () => {
    // floor(73.33 × 0.8) = 58 px for a week; an hour would be 0.35 px, so it gets the minimum 5 px.
    expect(bars.map((b) => Number(b[1]))).toEqual([58, 5, 58]);
  });

  it("draw time to recover as points, never a line through periods without one", () => {
    expect(svg).not.toContain("<path");
    const points = [...svg.matchAll(/<circle class="recovery-point" cx="([^"]+)" cy="([^"]+)"/g)];
    expect(points).toHaveLength(2);
    // Hour axis 0, 0.5, 1, 1.5 h over the plot's 184 px (y 196 → 12): 1.5 h at the top, 0.75 h halfway.
    expect(Number(points[0]![2])).toBeCloseTo(12, 6);
    expect(Number(points[1]![2])).toBeCloseTo(104, 6);
  });

  it("carry their numbers as hover text", () => {
    expect(svg).toContain("<title>2026-09-07: 1 incident (1 SEV2), median time to recover 1.5 h</title>");
    expect(svg).toContain("<title>2026-09-21: 2 incidents (2 SEV2)</title>");
  });
});

describe("chart text alternatives", () => {
  it("name the chart and summarise it in words", () => {
    const week = (i: number, mean: number | null): DashboardWeek => ({
      periodKey: `2026-W${37 + i}`,
      label: `Week ${37 + i}`,
      start: from + i * 7 * DAY,
      end: from + (i + 1) * 7 * DAY,
      x: from + (i + 0.5) * 7 * DAY,
      status: mean === null ? "insufficient" : "released",
      mean,
      low: mean === null ? null : mean - 0.3,
      high: mean === null ? null : mean + 0.3,
      n: mean === null ? null : 5,
      participation: mean === null ? null : 0.8,
      distribution: null,
    });
    const svg = renderToStaticMarkup(
      createElement(TrustChart, {
        id: "t",
        width: 1000,
        axis,
        timeZone: "UTC",
        weeks: [week(0, 3.5), week(1, null), week(2, 4.25)],
        incidents: [],
        dips: [],
      }),
    );
    expect(svg).toMatch(/^<svg id="t" class="chart-svg"[^>]* role="img" aria-labelledby="t-svg-title t-svg-desc"/);
    expect(svg).toContain('<title id="t-svg-title">Weekly trust</title>');
    expect(svg).toContain(
      '<desc id="t-svg-desc">2 of 3 weeks released. Latest, Week 39: mean 4.25 (n = 5). Lowest 3.50 (Week 37), highest 4.25 (Week 39). 0 incidents marked, 0 dip alerts.</desc>',
    );
    // The line stops at the gap: two separate pieces.
    expect(svg.match(/class="mean-line"/g)).toHaveLength(2);
  });
});
