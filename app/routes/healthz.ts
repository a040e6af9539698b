import { json } from "@remix-run/node";
import { getDb } from "#db/client.server";

export async function loader() {
  try {
    const row = getDb().$client.prepare("select 1 as ok").get() as { ok: number };
    return json(
      { status: "ok", database: row.ok === 1 ? "ok" : "unexpected" },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch {
    return json({ status: "error", database: "unavailable" }, { status: 503 });
  }
}
