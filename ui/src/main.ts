// Entry point: global styles, then mount the app into #app. In `vite --mode mock` (npm run
// dev:mock) the browser-test IPC mock is loaded first so the UI runs in a plain browser; the
// branch is removed from production builds.
// First: makes navigator.language usable before any library reads it (lib/localeGuard.ts).
import "./lib/localeGuard";
import "./app.css";
import { mount } from "svelte";
import App from "./App.svelte";

if (import.meta.env.MODE === "mock") await import("../tests/browser/mock");

const target = document.getElementById("app");
if (!target) throw new Error("#app missing");
export default mount(App, { target });
