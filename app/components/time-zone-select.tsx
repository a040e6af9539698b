import { Field } from "./field";

export function TimeZoneOptions({ zones }: { zones: string[] }) {
  return (
    <>
      {zones.map((zone) => (
        <option key={zone} value={zone}>
          {zone.replaceAll("_", " ")}
        </option>
      ))}
    </>
  );
}

/** The time-zone select of the team forms; a zone the list lacks (an old team's) is kept as an option. */
export function TimeZoneField({
  zones,
  value,
  error,
}: {
  zones: string[];
  /** The submitted value, else the saved one. */
  value: string;
  error?: string;
}) {
  return (
    <Field name="timeZone" label="Time zone" hint="Weekly checks run Monday to Sunday in this time zone." error={error}>
      {(control) => (
        <select {...control} defaultValue={value}>
          <TimeZoneOptions zones={zones} />
          {!zones.includes(value) ? <option value={value}>{value}</option> : null}
        </select>
      )}
    </Field>
  );
}
