import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import {
  Form,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useMatches,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { ErrorPage } from "~/components/error-page";
import { hasAnyUser } from "~/models/users.server";
import { getUser } from "~/utils/auth.server";
import { useNonce } from "~/utils/nonce";
import { commitSession, getSession, type Flash } from "~/utils/session.server";
import styles from "~/styles/app.css";
import phoneStyles from "~/styles/phone.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "stylesheet", href: phoneStyles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Trust Health" }];

const OPEN_PATHS = ["/setup", "/healthz"];

export async function loader({ request }: LoaderFunctionArgs) {
  const path = new URL(request.url).pathname;
  // An empty installation leads everyone to /setup to create the first admin.
  if (!hasAnyUser() && !OPEN_PATHS.includes(path)) throw redirect("/setup");
  const user = await getUser(request);
  const session = await getSession(request);
  const flash = (session.get("flash") as Flash | undefined) ?? null;
  return json(
    { user, flash },
    flash ? { headers: { "Set-Cookie": await commitSession(request, session) } } : undefined,
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const user = data?.user;
  const nonce = useNonce();
  // A route with handle { bare: true } (the retro's meeting mode) draws the whole screen itself.
  const bare = useMatches().some((m) => (m.handle as { bare?: boolean } | undefined)?.bare);
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className={bare ? "bare" : undefined}>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        {bare ? null : (
          <header className="site-header">
            <div className="inner">
              <Link to="/" className="brand">
                Trust<span>Health</span>
              </Link>
              {user ? (
                <>
                  <nav aria-label="Main">
                    <NavLink to="/teams">Teams</NavLink>
                    {user.isAdmin ? <NavLink to="/org">Organisation</NavLink> : null}
                  </nav>
                  <div className="whoami">
                    <span>{user.displayName}</span>
                    <NavLink to="/me">My reminders</NavLink>
                    <Form method="post" action="/logout">
                      <button type="submit" className="secondary">
                        Sign out
                      </button>
                    </Form>
                  </div>
                </>
              ) : null}
            </div>
          </header>
        )}
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const { flash } = useLoaderData<typeof loader>();
  return (
    <main id="main">
      {flash ? (
        <div className={`flash ${flash.kind}`} role="status">
          {flash.message}
        </div>
      ) : null}
      <Outlet />
    </main>
  );
}

export function ErrorBoundary() {
  return (
    <main id="main">
      <ErrorPage />
    </main>
  );
}
