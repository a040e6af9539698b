import { PASSWORD } from "./factories";

/** A tiny browser stand-in over real HTTP: keeps cookies, never follows redirects. */
export class Client {
  private cookies = new Map<string, string>();
  constructor(readonly baseUrl: string) {}

  private store(res: Response) {
    for (const header of res.headers.getSetCookie()) {
      const [pair] = header.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(header) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async request(path: string, init: RequestInit = {}) {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("Cookie", this.cookieHeader());
    const res = await fetch(this.baseUrl + path, { ...init, headers, redirect: "manual" });
    this.store(res);
    return res;
  }

  get(path: string) {
    return this.request(path);
  }

  /** Posts a form like a browser without JavaScript would. */
  post(
    path: string,
    fields: Record<string, string | number | string[]> | URLSearchParams,
    headers: Record<string, string> = {},
  ) {
    const body = fields instanceof URLSearchParams ? fields : new URLSearchParams();
    if (!(fields instanceof URLSearchParams)) {
      for (const [k, v] of Object.entries(fields)) {
        if (Array.isArray(v)) v.forEach((x) => body.append(k, x));
        else body.append(k, String(v));
      }
    }
    return this.request(path, {
      method: "POST",
      body,
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    });
  }

  async login(email: string, password: string) {
    const res = await this.post("/login", { email, password, redirectTo: "/teams" });
    if (res.status !== 302) throw new Error(`login failed for ${email}: ${res.status} ${await res.text()}`);
    return res;
  }

  hasSession() {
    return this.cookies.has("__session");
  }
}

/** A new Client for `server`, signed in as `email` (every factory-made person has PASSWORD). */
export async function signedIn(server: { baseUrl: string }, email: string, password = PASSWORD): Promise<Client> {
  const client = new Client(server.baseUrl);
  await client.login(email, password);
  return client;
}
