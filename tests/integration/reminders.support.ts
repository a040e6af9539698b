// Real receivers on loopback for the reminder tests: an SMTP server (smtp-server)
// and a Slack-style webhook receiver (node:http). Nothing here mocks a transport.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export type ReceivedMail = {
  to: string[];
  headers: Record<string, string>;
  subject: string;
  kind: string;
  text: string;
  html: string;
  raw: string;
};

function parseHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function decodeBody(body: string, encoding = "7bit"): string {
  const enc = encoding.toLowerCase();
  if (enc === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (enc === "quoted-printable") {
    const soft = body.replace(/=\r\n/g, "");
    const bytes: number[] = [];
    for (let i = 0; i < soft.length; i++) {
      if (soft[i] === "=" && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
        bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
        i += 2;
      } else bytes.push(...Buffer.from(soft[i]!, "utf8"));
    }
    return Buffer.from(bytes).toString("utf8");
  }
  return body;
}

/** Just enough MIME for what nodemailer writes: one part, or multipart/alternative (text + html). */
export function parseMail(raw: string, to: string[]): ReceivedMail {
  const split = raw.indexOf("\r\n\r\n");
  const headers = parseHeaders(raw.slice(0, split));
  const body = raw.slice(split + 4);
  let text = "";
  let html = "";
  const boundary = /boundary="?([^";]+)"?/i.exec(headers["content-type"] ?? "")?.[1];
  const parts = boundary
    ? body
        .split(`--${boundary}`)
        .slice(1, -1)
        .map((part) => {
          const s = part.replace(/^\r\n/, "").indexOf("\r\n\r\n");
          const p = part.replace(/^\r\n/, "");
          return { headers: parseHeaders(p.slice(0, s)), body: p.slice(s + 4).replace(/\r\n$/, "") };
        })
    : [{ headers, body }];
  for (const part of parts) {
    const decoded = decodeBody(part.body, part.headers["content-transfer-encoding"]);
    if ((part.headers["content-type"] ?? "").startsWith("text/html")) html = decoded;
    else text = decoded;
  }
  const subject = decodeSubject(headers.subject ?? "");
  return { to, headers, subject, kind: headers["x-trust-health-reminder"] ?? "", text, html, raw };
}

function decodeSubject(value: string): string {
  return value.replace(/=\?utf-8\?([QB])\?([^?]*)\?=\s*/gi, (_m, enc: string, data: string) =>
    enc.toUpperCase() === "B"
      ? Buffer.from(data, "base64").toString("utf8")
      : decodeBody(data.replace(/_/g, " "), "quoted-printable"),
  );
}

export type SmtpSink = {
  url: string;
  mails: ReceivedMail[];
  close: () => Promise<void>;
  waitFor: (count: number, timeoutMs?: number) => Promise<void>;
};

/** An SMTP server on 127.0.0.1 that keeps every message; recipients containing "reject" get a 550. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.includes("reject")) {
        const error = new Error(`<${address.address}>: Recipient address rejected: mailbox unavailable`) as Error & {
          responseCode: number;
        };
        error.responseCode = 550;
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        mails.push(
          parseMail(
            Buffer.concat(chunks).toString("utf8"),
            session.envelope.rcptTo.map((r) => r.address),
          ),
        );
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise((resolve) => server.close(() => resolve())),
    waitFor: async (count, timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs;
      while (mails.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} mails, got ${mails.length}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

export type HookRequest = { path: string; body: { text?: string }; at: number };
export type HookSink = {
  base: string;
  requests: HookRequest[];
  close: () => Promise<void>;
  on: (path: string) => HookRequest[];
};

/** A webhook receiver: /ok answers 200, /fail answers 500, /hang never answers. */
export async function startHookSink(): Promise<HookSink> {
  const requests: HookRequest[] = [];
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = req.url ?? "/";
      let body: { text?: string } = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        /* recorded as empty */
      }
      requests.push({ path, body, at: Date.now() });
      if (path.startsWith("/fail")) {
        res.writeHead(500).end("boom");
      } else if (path.startsWith("/hang")) {
        hanging.add(res);
      } else {
        res.writeHead(200, { "Content-Type": "text/plain" }).end("ok");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    on: (path) => requests.filter((r) => r.path === path),
    close: () =>
      new Promise((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What no reminder may contain: the name or address of anyone on the team. */
export function identifyingStrings(people: Array<{ displayName: string; email: string }>): string[] {
  return people.flatMap((p) => [p.displayName, p.email]);
}
