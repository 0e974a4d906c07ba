// Svelte compiler options for Vite, svelte-check and eslint-plugin-svelte.
import { vitePreprocess } from "@sveltejs/vite-plugin-svelte";

export default {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
};
