// Builds the production bundle into a private directory (not build/ or public/build/),
// so the benchmark never races another build in the shared working tree.
// Same compiler and config as `remix build`; only the output paths differ.
// Usage: node bench/build.cjs <outDir>   →  <outDir>/build/index.js, <outDir>/public/build/*
const path = require("node:path");
const fs = require("node:fs");
const { readConfig } = require("@remix-run/dev/dist/config.js");
const { build } = require("@remix-run/dev/dist/compiler/build.js");
const { createFileWatchCache } = require("@remix-run/dev/dist/compiler/fileWatchCache.js");
const { logger } = require("@remix-run/dev/dist/tux/logger.js");

async function main() {
  const outDir = path.resolve(process.argv[2] ?? "");
  if (!process.argv[2]) throw new Error("usage: node bench/build.cjs <outDir>");
  const root = path.resolve(__dirname, "..");
  const config = await readConfig(root, "production");
  config.serverBuildPath = path.join(outDir, "build", "index.js");
  config.assetsBuildDirectory = path.join(outDir, "public", "build");
  config.cacheDirectory = path.join(outDir, ".cache");
  fs.rmSync(path.join(outDir, "build"), { recursive: true, force: true });
  fs.rmSync(config.assetsBuildDirectory, { recursive: true, force: true });
  await build({ config, options: { mode: "production", sourcemap: false }, fileWatchCache: createFileWatchCache(), logger });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
