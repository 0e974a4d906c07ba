// Vite build of the web view (Tauri loads dist/), plus the Vitest unit-test settings.
import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";

export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  // The data both faces use lives at the repository's top (../data: the offline basemap, the
  // speed scale), not in the page's folder: Vite serves it in dev and copies it into dist/ as
  // the page's public files (dist/basemap/…), and the dev server may read it for imports.
  publicDir: "../data",
  server: { port: 1420, strictPort: true, fs: { allow: [".", "../data"] } },
  build: {
    target: "es2022",
    chunkSizeWarningLimit: 1500,
  },
  test: {
    include: ["tests/unit/**/*.test.ts"],
    environment: "node",
  },
});
