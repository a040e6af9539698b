import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, FormError } from "~/components/field";
import { ActionItemFields } from "~/components/incidents/action-item-fields";
import { PREMORTEM_ACTION_ROWS } from "~/domain/incidents";
import { createPremortem } from "~/models/premortems.server";
import { memberChoices } from "~/models/teams.server";
import { requireTeamRole } from "~/utils/auth.server";
import { failureOf } from "~/utils/form-state";
import { parseForm } from "~/utils/forms.server";
import { premortemFormSchema } from "~/utils/incident-forms.server";
import { redirectWithFlash } from "~/utils/session.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { team } = await requireTeamRole(request, params.slug, "lead");
  return json({
    team: { name: team.name, slug: team.slug },
    members: memberChoices(team.id),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, team } = await requireTeamRole(request, params.slug, "lead");
  const { data, failure } = await parseForm(request, premortemFormSchema(team.id));
  if (failure) return failure;
  const { actions: rows, ...input } = data;
  const actions = Object.values(rows);
  const premortem = createPremortem(team.id, input, actions, user.id);
  return redirectWithFlash(
    request,
    `/teams/${team.slug}/premortem/${premortem.id}`,
    `Pre-mortem saved${actions.length ? ` with ${actions.length} preventive action${actions.length === 1 ? "" : "s"} on the tracker` : ""}.`,
  );
}

export default function NewPremortem() {
  const { team, members } = useLoaderData<typeof loader>();
  const { values, errors, formError } = failureOf(useActionData<typeof action>());
  const busy = useNavigation().state === "submitting";
  return (
    <div className="stack narrow-form">
      <p className="muted small">
        <Link to={`/teams/${team.slug}/premortem`}>← Pre-mortems</Link>
      </p>
      <h2>Run a pre-mortem</h2>
      <FormError
        message={
          formError ?? (Object.keys(errors).length ? "Some fields need attention; see the messages below." : undefined)
        }
      />
      <Form method="post" noValidate className="card">
        <Field
          name="title"
          label="Release or change"
          hint="What are you about to ship?"
          defaultValue={values.title}
          error={errors.title}
          maxLength={200}
        />
        <Field
          name="imaginedFailure"
          label="Imagined failure"
          hint="It is three months from now and this release has failed badly. What happened?"
          multiline
          defaultValue={values.imaginedFailure}
          error={errors.imaginedFailure}
        />
        <Field
          name="causes"
          label="Likely causes"
          hint="One per line."
          multiline
          defaultValue={values.causes}
          error={errors.causes}
        />
        <h3>Preventive actions</h3>
        <p className="muted small">
          Each goes onto the action tracker with source “pre-mortem”. Leave unused rows empty.
        </p>
        {Array.from({ length: PREMORTEM_ACTION_ROWS }, (_, i) => (
          <fieldset key={i} className="action-row">
            <legend>Preventive action {i + 1}</legend>
            <ActionItemFields
              prefix={`actions.${i}.`}
              values={values}
              errors={errors}
              members={members}
              showSource={false}
              showStatus={false}
              showNotes={false}
            />
          </fieldset>
        ))}
        <button type="submit" disabled={busy}>
          Save pre-mortem
        </button>
      </Form>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Run a pre-mortem · ${data?.team.name ?? "Team"} · Trust Health` },
];
