process.env.DATABASE_PATH = "/tmp/bt/probe.sqlite";
import fs from "node:fs";
import crypto from "node:crypto";
for (const f of ["/tmp/bt/probe.sqlite","/tmp/bt/probe.sqlite-wal","/tmp/bt/probe.sqlite-shm"]) fs.rmSync(f,{force:true});
const { getDb } = await import("#db/client.server");
const { users } = await import("#db/schema");
const { createTeam, addMember } = await import("~/models/teams.server");
const { ensureCycle } = await import("~/models/cycles.server");
const { weeklyCyclesBetween } = await import("~/domain/cycles");
const db = getDb();
db.$client.pragma("synchronous = OFF");
db.$client.pragma("cache_size = -1000000");
const now = new Date();
const T = 100;
const teams: any[] = [];
const members: number[][] = [];
db.$client.transaction(() => {
  for (let t = 0; t < T; t++) {
    const team = createTeam({ name: `T${t}`, slug: `t${t}`, timeZone: "Europe/Berlin" });
    teams.push(team);
    const ids: number[] = [];
    for (let m = 0; m < 10; m++) {
      const id = db.insert(users).values({ email: `u${t}-${m}@x.test`, displayName: `U ${m}`, passwordHash: "x" }).returning({ id: users.id }).get().id;
      addMember(team.id, id, "member", new Date(now.getTime() - 6 * 365 * 86400000));
      ids.push(id);
    }
    members.push(ids);
  }
})();
const weeks = weeklyCyclesBetween(new Date(now.getTime() - 260 * 7 * 86400000), new Date(now.getTime() - 7 * 86400000), "Europe/Berlin");
const insP = db.$client.prepare("insert into participations (cycle_id, user_id) values (?, ?)");
const insR = db.$client.prepare("insert into weekly_responses (id, cycle_id, score, why, help, appreciation) values (?, ?, ?, ?, ?, ?)");
let n = 0, tc = 0, ti = 0;
const t1 = performance.now();
for (let t = 0; t < T; t++) {
  db.$client.transaction(() => {
    for (const w of weeks) {
      const a = performance.now();
      const at = new Date(w.opensAt.getTime() + 2 * 86400000);
      const c = ensureCycle(teams[t], w, at, db);
      const b = performance.now();
      for (const uid of members[t]) {
        insP.run(c.id, uid);
        insR.run(crypto.randomBytes(16).toString("hex"), c.id, 1 + (n % 5), n % 3 ? null : "Handovers were smooth this week.", null, null);
        n++;
      }
      tc += b - a; ti += performance.now() - b;
    }
  })();
}
const t2 = performance.now();
console.log(n, "rows", ((t2 - t1) / n * 1000).toFixed(1), "us/response; ensureCycle us/cycle", (tc/(T*weeks.length)*1000).toFixed(1), "insert us/resp", (ti/n*1000).toFixed(2), "projected 2.6M:", ((t2 - t1) / n * 2.6e6 / 1000).toFixed(0), "s");
