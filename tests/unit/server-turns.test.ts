/**
 * Turn-taking (server-turns.js, decision 0037): at most `perTurn` requests start per turn of the
 * event loop, the rest start in later turns in arrival order, so the turn stays short and Node's
 * one-connection-per-turn accept keeps pace under load.
 */
import { MessageChannel } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { turnTaking } from "../../server-turns.js";

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Sends `n` requests in the same turn; returns the order they started in, per turn. */
function arrive(middleware: ReturnType<typeof turnTaking>, ids: number[], started: number[]) {
  for (const id of ids) middleware({} as never, {} as never, () => started.push(id));
}

describe("turn-taking for requests", () => {
  it("starts at most perTurn requests per turn, the rest in later turns, first come first served", async () => {
    const middleware = turnTaking({ perTurn: 4 });
    const started: number[] = [];
    arrive(middleware, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], started);
    expect(started).toEqual([0, 1, 2, 3]);
    expect(middleware.waiting()).toBe(6);
    const perTurn: number[] = [];
    while (middleware.waiting() > 0) {
      const before = started.length;
      await nextTurn();
      perTurn.push(started.length - before);
    }
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Math.max(...perTurn)).toBeLessThanOrEqual(4);
    expect(perTurn.reduce((a, b) => a + b, 0)).toBe(6);
  });

  it("lets I/O in between the turns: a message that arrives while requests wait is handled before the last ones start", async () => {
    const middleware = turnTaking({ perTurn: 2 });
    const events: string[] = [];
    for (let i = 0; i < 8; i++) middleware({} as never, {} as never, () => events.push(`request ${i}`));
    // A MessagePort is served in the poll phase, where Node also accepts connections and reads requests.
    const { port1, port2 } = new MessageChannel();
    const delivered = new Promise<void>((resolve) =>
      port1.once("message", () => {
        events.push("message");
        resolve();
      }),
    );
    port2.postMessage("ping");
    while (middleware.waiting() > 0) await nextTurn();
    await delivered;
    port1.close();
    expect(events.slice(0, 2)).toEqual(["request 0", "request 1"]);
    expect(events.indexOf("message")).toBeLessThan(events.indexOf("request 7"));
  });

  it("puts a request that arrives while others wait at the back of the line", async () => {
    const middleware = turnTaking({ perTurn: 2 });
    const started: number[] = [];
    arrive(middleware, [0, 1, 2, 3, 4], started);
    await nextTurn();
    arrive(middleware, [5], started);
    while (middleware.waiting() > 0) await nextTurn();
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("starts a request at once when nobody is waiting", () => {
    const middleware = turnTaking({ perTurn: 4 });
    const started: number[] = [];
    arrive(middleware, [0], started);
    expect(started).toEqual([0]);
    expect(middleware.waiting()).toBe(0);
  });

  it("keeps going when starting a request throws", async () => {
    const middleware = turnTaking({ perTurn: 1 });
    const started: number[] = [];
    middleware({} as never, {} as never, () => started.push(0));
    middleware({} as never, {} as never, () => {
      throw new Error("boom");
    });
    middleware({} as never, {} as never, () => started.push(2));
    const errors: unknown[] = [];
    const onError = (error: unknown) => errors.push(error);
    process.prependListener("uncaughtException", onError);
    try {
      while (middleware.waiting() > 0) await nextTurn();
      await nextTurn();
    } finally {
      process.removeListener("uncaughtException", onError);
    }
    expect(started).toEqual([0, 2]);
  });
});
