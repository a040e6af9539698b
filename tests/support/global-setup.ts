import { execSync } from "node:child_process";
import fs from "node:fs";

/** Integration tests run against the production build; build it once if it is missing. */
export default function setup() {
  if (!fs.existsSync("build/index.js") || process.env.REBUILD === "1") {
    execSync("npx remix build", { stdio: "inherit" });
  }
}
