import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormError } from "~/components/field";
import { groupVotes, VOTES_PER_PERSON } from "~/domain/comments";
import { retroQuerySchema } from "~/domain/retro-query";
import { lastClosedWeekKey, loadRetro } from "~/models/retro.server";
import { castVote, votableComment, votesUsed } from "~/models/votes.server";
import { writeInBatch } from "~/models/anonymous-store.server";
import { requireTeamRole } from "~/utils/auth.server";
import { failureOf } from "~/utils/form-state";
import { formFailure, issuesToFieldErrors, parseForm } from "~/utils/forms.server";
import { voteSchema } from "~/utils/ritual-forms.server";
import { redirectWithFlash } from "~/utils/session.server";

/** Members dot-vote from their own devices on the released comments to discuss. Counts only, never who voted. */

function roundFrom(request: Request, team: Parameters<typeof lastClosedWeekKey>[0]) {
  const url = new URL(request.url);
  const lastClosed = lastClosedWeekKey(team, new Date());
  const parsed = retroQuerySchema(lastClosed).safeParse({
    weeks: url.searchParams.get("weeks") ?? "",
    until: url.searchParams.get("until") ?? "",
  });
  if (!parsed.success) throw json({ errors: issuesToFieldErrors(parsed.error) }, { status: 400 });
  return { weeks: parsed.data.weeks, until: parsed.data.until ?? lastClosed, search: url.search };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, team } = await requireTeamRole(request, params.slug);
  const round = roundFrom(request, team);
  const retro = loadRetro(team, { weeks: round.weeks, until: round.until });
  const counts = retro.votes;
  const comments = (["help", "why", "appreciation", "survey"] as const).flatMap((kind) =>
    retro.comments[kind].map((c) => ({
      key: c.key,
      text: c.text,
      count: c.count,
      kind,
      votes: groupVotes(c.keys, counts),
    })),
  );
  return json({
    team: { name: team.name, slug: team.slug },
    period: retro.current.label,
    comments,
    used: votesUsed(team.id, round.until, user.id),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, team } = await requireTeamRole(request, params.slug);
  const round = roundFrom(request, team);
  const { form, data, failure } = await parseForm(request, voteSchema);
  if (failure) return failure;
  // Only a released comment of this team (closed cycle, threshold met) takes a vote.
  if (!votableComment(team, round.until, data.commentKey)) throw new Response("Not found", { status: 404 });
  const result = await writeInBatch(() => castVote(team.id, round.until, user.id, data.commentKey));
  if (!result.ok)
    return formFailure(form, {}, 400, `You have used your ${VOTES_PER_PERSON} votes in this retro. Nothing was added.`);
  const left = VOTES_PER_PERSON - result.used;
  return redirectWithFlash(
    request,
    `/teams/${team.slug}/retro/vote${round.search}`,
    `Vote counted. ${left === 0 ? "No votes left." : left === 1 ? "1 vote left." : `${left} votes left.`}`,
  );
}

const KIND_WORDS = { why: "Why", help: "Help needed", appreciation: "Appreciation", survey: "Quarterly survey" };

export default function VotePage() {
  const { period, comments, used } = useLoaderData<typeof loader>();
  const failure = failureOf(useActionData<typeof action>());
  const busy = useNavigation().state === "submitting";
  const left = Math.max(0, VOTES_PER_PERSON - used);
  return (
    <div className="stack vote-page">
      <h2 style={{ margin: 0 }}>Vote on what to discuss</h2>
      <p className="muted">
        {period}. You have <strong data-testid="votes-left">{left === 1 ? "1 vote" : `${left} votes`}</strong> left of{" "}
        {VOTES_PER_PERSON}. Votes are anonymous: only the count per comment is stored, never who voted; how many votes
        you used is kept apart from the counts.
      </p>
      <FormError message={failure.formError} />
      {comments.length === 0 ? (
        <p className="muted">No released comments in this retro&apos;s weeks.</p>
      ) : (
        <ul className="we-did-list" data-testid="vote-comments">
          {comments.map((c) => (
            <li key={c.key} data-comment={c.key}>
              <span className="muted small">{KIND_WORDS[c.kind]}</span>
              <blockquote>{c.text}</blockquote>
              <Form method="post" className="row">
                <input type="hidden" name="intent" value="vote" />
                <input type="hidden" name="commentKey" value={c.key} />
                {c.count > 1 ? <span className="badge">×{c.count}</span> : null}
                <span className="badge">{c.votes === 1 ? "1 vote" : `${c.votes} votes`}</span>
                <button type="submit" disabled={busy || left === 0} aria-label={`Vote for: ${c.text}`}>
                  Vote
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Vote · Retro · ${data?.team.name ?? "Team"} · Trust Health` },
];
