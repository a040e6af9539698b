// Builds the production bundle into a private directory (not build/ or public/build/),
// so the benchmark never races another build in the shared working tree.
// Same compiler and config as `remix build`; only the output paths differ.
// Usage: node bench/build.mjs <outDir>   →  <outDir>/build/index.js, <outDir>/public/build/*
import fs from "node:fs";
import path from "node:path";
import compilerBuild from "@remix-run/dev/dist/compiler/build.js";
import fileWatchCache from "@remix-run/dev/dist/compiler/fileWatchCache.js";
import remixConfig from "@remix-run/dev/dist/config.js";
import tux from "@remix-run/dev/dist/tux/logger.js";

if (!process.argv[2]) {
  console.error("usage: node bench/build.mjs <outDir>");
  process.exit(2);
}
const outDir = path.resolve(process.argv[2]);
const root = path.resolve(import.meta.dirname, "..");
try {
  const config = await remixConfig.readConfig(root, "production");
  config.serverBuildPath = path.join(outDir, "build", "index.js");
  config.assetsBuildDirectory = path.join(outDir, "public", "build");
  config.cacheDirectory = path.join(outDir, ".cache");
  fs.rmSync(path.join(outDir, "build"), { recursive: true, force: true });
  fs.rmSync(config.assetsBuildDirectory, { recursive: true, force: true });
  await compilerBuild.build({
    config,
    options: { mode: "production", sourcemap: false },
    fileWatchCache: fileWatchCache.createFileWatchCache(),
    logger: tux.logger,
  });
  // The compiler keeps esbuild contexts alive; the CLI exits the same way.
  process.exit(0);
} catch (error) {
  console.error(error);
  process.exit(1);
}
