// Vite build of the web view (Tauri loads dist/), plus the Vitest unit-test settings.
import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";

export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  // The dev server may read the speed scale the Rust crates share (crates/tracks/data).
  server: { port: 1420, strictPort: true, fs: { allow: [".", "../crates/tracks/data"] } },
  build: {
    target: "es2022",
    chunkSizeWarningLimit: 1500,
  },
  test: {
    include: ["tests/unit/**/*.test.ts"],
    environment: "node",
  },
});
