export function AnonymityNote({ threshold }: { threshold: number }) {
  return (
    <aside className="alert info" aria-label="How your answer stays anonymous">
      <strong>Your answers are never stored with your name.</strong> We record only that you took part (so you cannot
      answer twice) and, separately, your answers — with no name, no time and no order. Results appear only after the
      check closes and only when at least {threshold} people answered. Anything you write is shown to your team{" "}
      <em>exactly as written</em>, shuffled among the others, so leave out details that would identify you.
    </aside>
  );
}
