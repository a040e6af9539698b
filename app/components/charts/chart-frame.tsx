import { startTransition, useEffect, useRef, useState, type ReactNode } from "react";
import { DataTable } from "~/components/data-table";
import type { SeriesTable } from "~/domain/dashboard";

/** The width charts are drawn at on the server, where nothing can be measured. */
export const SERVER_CHART_WIDTH = 1000;

/**
 * Server render at a fixed width (the SVG scales down by its viewBox until the
 * browser measures the real width); once a chart comes near the viewport it is redrawn at
 * the width of its box, so text keeps its size on a phone.
 *
 * Only near the viewport, and in a transition: redrawing every chart of a page at once right
 * after hydration was one long task of new SVG layout (Lighthouse mobile, dashboard: blocking
 * time 640–1,060 ms and a score of 78–84; docs/performance.md). Each chart now redraws on its
 * own when it is about to be seen, in slices that yield to input.
 */
function useMeasuredWidth(fallback: number) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let near = typeof IntersectionObserver === "undefined";
    const measure = () => {
      const w = Math.floor(el.clientWidth);
      if (near && w > 0) startTransition(() => setWidth(w));
    };
    const visibility =
      typeof IntersectionObserver === "undefined"
        ? null
        : new IntersectionObserver(
            (entries) => {
              if (!entries.some((e) => e.isIntersecting)) return;
              near = true;
              measure();
              // From now on it follows its box's size; it never goes back to the server width.
              visibility?.disconnect();
            },
            { rootMargin: "300px 0px" },
          );
    visibility?.observe(el);
    measure();
    const resize = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(measure);
    resize?.observe(el);
    return () => {
      visibility?.disconnect();
      resize?.disconnect();
    };
  }, []);
  return { ref, width };
}

export function ChartFrame({
  id,
  title,
  description,
  table,
  csvHref,
  children,
  legend,
}: {
  id: string;
  title: string;
  description?: ReactNode;
  table: SeriesTable;
  csvHref?: string;
  legend?: ReactNode;
  children: (width: number) => ReactNode;
}) {
  const { ref, width } = useMeasuredWidth(SERVER_CHART_WIDTH);
  return (
    <figure className="chart" aria-labelledby={`${id}-title`} data-testid={`chart-${id}`}>
      <figcaption>
        <h3 id={`${id}-title`}>{title}</h3>
        {description ? <p className="muted small">{description}</p> : null}
      </figcaption>
      {legend ? <div className="chart-legend small">{legend}</div> : null}
      {/* The <svg> inside names and summarises itself (role="img", <title>, <desc>). */}
      <div className="chart-canvas" ref={ref}>
        {children(width)}
      </div>
      <div className="chart-tools">
        <details>
          <summary>Show as table</summary>
          <DataTable table={table} />
        </details>
        {csvHref ? (
          <a href={csvHref} className="small" download>
            Download CSV
          </a>
        ) : null}
      </div>
    </figure>
  );
}

export function LegendItem({
  color,
  label,
  shape = "line",
}: {
  color: string;
  label: string;
  shape?: "line" | "box" | "dot" | "ring";
}) {
  return (
    <span className="legend-item">
      <span
        className={`legend-swatch ${shape}`}
        style={shape === "ring" ? { borderColor: color } : { background: color }}
        aria-hidden="true"
      />
      {label}
    </span>
  );
}
