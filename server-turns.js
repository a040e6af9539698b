// Turn-taking for requests (issue 16; docs/performance.md, decision 0037).
//
// Node (libuv ≥ 1.45) accepts ONE new connection per turn of the event loop, and a turn runs
// every request that arrived on the connections already open. Under load a turn grows with the
// number of busy connections, so a visitor who opens a new connection waits one whole turn per
// connection queued before theirs: at 50 busy connections, over a second before their request is
// even read. This middleware starts at most `perTurn` requests per turn and queues the rest, in
// arrival order, for the next turns. A turn's length is then bounded by `perTurn` requests' work,
// new connections are accepted at that pace, and no request waits longer than its place in line.
//
// The turn boundary is a setImmediate callback: scheduled while requests arrive (poll phase), it
// runs in the same turn's check phase; rescheduled from there, it runs in the next turn's.

/**
 * @param {{ perTurn?: number }} [options]
 * @returns {import("express").RequestHandler & { waiting: () => number }}
 */
export function turnTaking({ perTurn = 8 } = {}) {
  /** @type {(() => void)[]} */
  const waiting = [];
  let startedThisTurn = 0;
  let boundaryScheduled = false;

  function scheduleBoundary() {
    if (boundaryScheduled) return;
    boundaryScheduled = true;
    setImmediate(boundary);
  }

  function boundary() {
    boundaryScheduled = false;
    startedThisTurn = 0;
    try {
      // These start in this turn's check phase; the next turn's poll phase (new connections, new
      // requests) comes before any more do.
      while (startedThisTurn < perTurn && waiting.length > 0) {
        startedThisTurn++;
        waiting.shift()();
      }
    } finally {
      // Even if starting one threw, the ones behind it still get their turn.
      if (waiting.length > 0 || startedThisTurn > 0) scheduleBoundary();
    }
  }

  const middleware = (_req, _res, next) => {
    if (waiting.length === 0 && startedThisTurn < perTurn) {
      startedThisTurn++;
      scheduleBoundary();
      next();
      return;
    }
    waiting.push(() => next());
    scheduleBoundary();
  };
  middleware.waiting = () => waiting.length;
  return middleware;
}
