// ESLint flat config: JS + typescript-eslint (strict, type-aware off for speed) + Svelte.
import js from "@eslint/js";
import ts from "typescript-eslint";
import svelte from "eslint-plugin-svelte";
import globals from "globals";
import svelteConfig from "./svelte.config.js";

export default ts.config(
  { ignores: ["dist/", "node_modules/", "tests/browser/.build/"] },
  js.configs.recommended,
  ...ts.configs.strict,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  {
    files: ["**/*.svelte", "**/*.svelte.ts"],
    languageOptions: {
      parserOptions: { projectService: false, extraFileExtensions: [".svelte"], parser: ts.parser, svelteConfig },
    },
  },
  {
    rules: {
      // State keeps big collections in $state.raw and replaces them (never mutates in place), so
      // plain Map/Set are intended there; SvelteMap would add per-entry signals for 10,000 objects.
      "svelte/prefer-svelte-reactivity": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-imports": ["error", { patterns: [{ group: ["@tauri-apps/*"], message: "Only src/api/ may import @tauri-apps/*." }] }],
    },
  },
  {
    files: ["src/api/**/*.ts", "tests/**/*"],
    rules: { "no-restricted-imports": "off" },
  },
  {
    files: ["tests/**/*"],
    rules: { "@typescript-eslint/no-non-null-assertion": "off" },
  },
);
