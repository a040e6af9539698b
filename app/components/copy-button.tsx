import { useEffect, useState } from "react";

/**
 * "Copy" beside a link. Progressive enhancement: it appears only once JavaScript runs and the
 * clipboard can be written; without it the link is plain selectable text next to where it would be.
 */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [canCopy, setCanCopy] = useState(false);
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => setCanCopy(typeof navigator !== "undefined" && Boolean(navigator.clipboard)), []);
  if (!canCopy) return null;
  return (
    <span className="copy-button">
      <button
        type="button"
        className="secondary"
        aria-label={label}
        onClick={() =>
          navigator.clipboard.writeText(text).then(
            () => setState("copied"),
            () => setState("failed"),
          )
        }
      >
        Copy
      </button>
      <span aria-live="polite" className="small muted">
        {state === "copied" ? "Copied." : state === "failed" ? "Could not copy; select the link instead." : ""}
      </span>
    </span>
  );
}
