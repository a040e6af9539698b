/** The promise shown beside every answer form. Each sentence must be true of the bytes on disk (docs/anonymity.md). */
export function AnonymityNote({ threshold, ritual }: { threshold: number; ritual: "check" | "survey" }) {
  const period = ritual === "check" ? "week" : "quarter";
  return (
    <aside className="alert info" aria-label="How your answer stays anonymous">
      <strong>Your answers are never stored with your name.</strong> We record only that you took part (so you cannot
      answer twice) and, separately, your answers — with no name, no time finer than the {period}, and in no order that
      shows who answered when, even to someone holding a copy of the database. Results appear only after the {ritual}{" "}
      closes and only when at least {threshold} people answered. Anything you write is shown to your team{" "}
      <em>exactly as written</em>, shuffled among the others, so leave out details that would identify you.
    </aside>
  );
}
