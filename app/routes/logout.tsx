import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { signOut } from "~/utils/session.server";

export async function loader() {
  return redirect("/");
}

/** Removes this browser's session row, so a copied cookie stops working too. */
export async function action({ request }: ActionFunctionArgs) {
  return redirect("/login", { headers: { "Set-Cookie": await signOut(request) } });
}
