// Browser-test runner: builds the UI if needed, bundles the IPC mock, serves dist/ with
// `vite preview` on a free port, runs tests.mjs in the system Chromium (playwright-core, never a
// downloaded browser) with every non-localhost request blocked, prints "N passed, M failed",
// exits non-zero on failure, and always stops the server it started.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build as esbuild } from "esbuild";
import { chromium } from "playwright-core";
import { tests } from "./tests.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const outDir = join(here, ".build");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const only = process.argv.slice(2).join(" ");

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function buildIfNeeded() {
  const index = join(root, "dist/index.html");
  const stale = !existsSync(index) || statSync(index).mtimeMs < Math.max(newest(join(root, "src")), statSync(join(root, "index.html")).mtimeMs);
  if (!stale) return;
  console.log("building the UI…");
  const r = spawnSync(process.execPath, [join(root, "node_modules/vite/bin/vite.js"), "build"], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) throw new Error("vite build failed");
}

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once("error", rej);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

async function waitForServer(url, proc, ms = 20000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (proc.exitCode !== null) throw new Error(`vite preview exited with ${proc.exitCode}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error("vite preview did not start");
}

function stop(proc) {
  if (proc && proc.exitCode === null && proc.pid) {
    try {
      process.kill(proc.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
}

let server = null;
let browser = null;
let passed = 0;
let failed = 0;
const cleanup = () => stop(server);
process.on("exit", cleanup);
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => { cleanup(); process.exit(130); });

try {
  buildIfNeeded();
  mkdirSync(outDir, { recursive: true });
  const mockPath = join(outDir, "mock.js");
  await esbuild({ entryPoints: [join(here, "mock.ts")], bundle: true, format: "iife", target: "es2022", outfile: mockPath, logLevel: "warning" });

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}/`;
  server = spawn(process.execPath, [join(root, "node_modules/vite/bin/vite.js"), "preview", "--port", String(port), "--strictPort", "--host", "127.0.0.1"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  server.stdout.on("data", () => {});
  server.stderr.on("data", (d) => process.stderr.write(`[vite] ${d}`));
  await waitForServer(baseUrl, server);

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--enable-unsafe-swiftshader", "--use-angle=swiftshader", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });

  for (const test of tests) {
    if (only && !test.name.includes(only)) continue;
    const context = await browser.newContext({ viewport: { width: 1400, height: 860 }, deviceScaleFactor: 1 });
    const blocked = [];
    await context.route("**/*", (route) => {
      const u = new URL(route.request().url());
      if (u.hostname === "127.0.0.1" || u.hostname === "localhost" || u.protocol === "data:" || u.protocol === "blob:") return route.continue();
      blocked.push(u.href);
      return route.abort("internetdisconnected");
    });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    const started = Date.now();
    try {
      await test.run({ page, baseUrl, mockPath, blocked, errors });
      if (errors.length) throw new Error(`uncaught page errors: ${errors.join("; ")}`);
      passed++;
      console.log(`ok   ${test.name} (${Date.now() - started} ms)`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${test.name}: ${e instanceof Error ? e.message : e}`);
      if (errors.length) console.log(`     page errors: ${errors.join("; ")}`);
      const shot = join(outDir, `fail-${test.name.replace(/\W+/g, "_")}.png`);
      await page.screenshot({ path: shot }).catch(() => {});
      console.log(`     screenshot: ${shot}`);
    } finally {
      await context.close();
    }
  }
} catch (e) {
  failed++;
  console.error(`runner error: ${e instanceof Error ? e.stack : e}`);
} finally {
  await browser?.close().catch(() => {});
  stop(server);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
