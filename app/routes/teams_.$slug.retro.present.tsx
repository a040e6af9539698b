import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useNavigate, useSearchParams, type ShouldRevalidateFunction } from "@remix-run/react";
import { useEffect, useState } from "react";
import { PresentStep } from "~/components/present-steps";
import { RETRO_STEPS, stepFromSearch } from "~/domain/retro-steps";
import { retroQuerySchema } from "~/domain/retro-query";
import { lastClosedWeekKey, loadRetro } from "~/models/retro.server";
import { requireTeamRole } from "~/utils/auth.server";
import { issuesToFieldErrors } from "~/utils/forms.server";
import presentStyles from "~/styles/present.css";

export const handle = { bare: true };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: presentStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { team, role } = await requireTeamRole(request, params.slug);
  const now = new Date();
  const url = new URL(request.url);
  const lastClosed = lastClosedWeekKey(team, now);
  const parsed = retroQuerySchema(lastClosed).safeParse({
    weeks: url.searchParams.get("weeks") ?? "",
    until: url.searchParams.get("until") ?? "",
  });
  if (!parsed.success) throw json({ errors: issuesToFieldErrors(parsed.error) }, { status: 400 });
  const until = parsed.data.until ?? lastClosed;
  // The same view the retro page draws, trimmed to what the steps show.
  const { dashboard, weekChoices: _choices, ...retro } = loadRetro(team, { weeks: parsed.data.weeks, until }, now);
  const weekBars = dashboard.weeks
    .filter((w) => w.start >= retro.previous.from && w.start < retro.current.to)
    .map((w) => ({
      periodKey: w.periodKey,
      label: w.label,
      mean: w.mean,
      participation: w.participation,
      status: w.status,
      current: w.start >= retro.current.from,
    }));
  const quarter = [...dashboard.quarters].reverse().find((q) => q.trust !== null) ?? null;
  return json({
    team: { name: team.name, slug: team.slug, threshold: team.threshold },
    role,
    retro: {
      ...retro,
      weekBars,
      quarter: quarter ? { label: quarter.label, trust: quarter.trust, change: quarter.changes?.trust ?? null } : null,
    },
    votes: retro.votes,
    voteUrl: `${url.origin}/teams/${team.slug}/retro/vote?weeks=${parsed.data.weeks}&until=${until}`,
  });
}

/** Moving between steps changes only ?step: the data on screen stays, nothing is fetched again. */
export const shouldRevalidate: ShouldRevalidateFunction = ({
  currentUrl,
  nextUrl,
  formMethod,
  defaultShouldRevalidate,
}) => {
  if (formMethod || currentUrl.pathname !== nextUrl.pathname) return defaultShouldRevalidate;
  const strip = (u: URL) => {
    const p = new URLSearchParams(u.search);
    p.delete("step");
    return p.toString();
  };
  return strip(currentUrl) === strip(nextUrl) ? false : defaultShouldRevalidate;
};

export type PresentData = ReturnType<typeof useLoaderData<typeof loader>>;

const TIMER_CHOICES = [2, 5, 10];

export default function PresentRetro() {
  const data = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const step = stepFromSearch(params.get("step"));
  const base = new URLSearchParams();
  base.set("weeks", String(data.retro.weeks));
  base.set("until", data.retro.until);
  const hrefFor = (n: number) => `?${base.toString()}&step=${n}`;
  const back = `/teams/${data.team.slug}/retro?${base.toString()}`;
  const [hydrated, setHydrated] = useState(false);
  const [timer, setTimer] = useState<{ endsAt: number; now: number } | null>(null);

  useEffect(() => setHydrated(true), []);
  // A timer belongs to one step.
  useEffect(() => setTimer(null), [step]);
  useEffect(() => {
    if (!timer) return;
    const id = window.setInterval(() => setTimer((t) => (t ? { ...t, now: Date.now() } : t)), 250);
    return () => window.clearInterval(id);
  }, [timer?.endsAt]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.key === "ArrowRight" || event.key === " " || event.key === "PageDown") {
        event.preventDefault();
        if (step < RETRO_STEPS.length) navigate(hrefFor(step + 1), { replace: true });
      } else if (event.key === "ArrowLeft" || event.key === "PageUp") {
        event.preventDefault();
        if (step > 1) navigate(hrefFor(step - 1), { replace: true });
      } else if (event.key === "Escape") {
        event.preventDefault();
        if (document.fullscreenElement) void document.exitFullscreen();
        navigate(back);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  const remaining = timer ? Math.max(0, Math.ceil((timer.endsAt - timer.now) / 1000)) : null;
  return (
    <div className="present" data-step={step}>
      <header className="present-bar">
        <div>
          <span className="present-team">{data.team.name} · Retro</span>{" "}
          <span className="present-period">{data.retro.current.label}</span>
        </div>
        <div className="present-tools">
          <span className="present-counter" aria-live="polite">
            Step {step} of {RETRO_STEPS.length}
          </span>
          {hydrated ? (
            <>
              {remaining !== null ? (
                <span className={`present-timer${remaining === 0 ? " done" : ""}`} role="timer" aria-label="Time left">
                  {Math.floor(remaining / 60)}:{String(remaining % 60).padStart(2, "0")}
                </span>
              ) : null}
              <select
                aria-label="Timer for this step"
                value={timer ? "" : ""}
                onChange={(e) => {
                  const minutes = Number(e.target.value);
                  setTimer(minutes > 0 ? { endsAt: Date.now() + minutes * 60_000, now: Date.now() } : null);
                  e.target.blur();
                }}
              >
                <option value="">Timer…</option>
                {TIMER_CHOICES.map((m) => (
                  <option key={m} value={m}>
                    {m} min
                  </option>
                ))}
                <option value="0">Off</option>
              </select>
              <button
                type="button"
                onClick={() =>
                  document.fullscreenElement
                    ? void document.exitFullscreen()
                    : void document.documentElement.requestFullscreen?.()
                }
              >
                Full screen
              </button>
            </>
          ) : null}
          <a href={back} className="present-leave">
            Leave (Esc)
          </a>
        </div>
      </header>
      <section className="present-stage" aria-labelledby="present-step-title">
        <h1 id="present-step-title">{RETRO_STEPS[step - 1]}</h1>
        <PresentStep step={step} data={data} />
      </section>
      <nav className="present-steps" aria-label="Steps">
        {RETRO_STEPS.map((title, i) => (
          <a key={title} href={hrefFor(i + 1)} aria-current={i + 1 === step ? "step" : undefined}>
            {i + 1}. {title}
          </a>
        ))}
      </nav>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Retro meeting · ${data?.team.name ?? "Team"} · Trust Health` },
];
