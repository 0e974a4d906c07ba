// Server presets and client-side checks of a server URL before sign-in (malformed, scheme, http://).

export const PRESETS = {
  eu: "https://api.eu.navixy.com/v2",
  us: "https://api.us.navixy.com/v2",
} as const;
export type PresetId = keyof typeof PRESETS | "custom";

export type UrlCheck =
  | { ok: true; url: string; insecure: boolean }
  | { ok: false; reason: "malformed" | "scheme" };

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/** Trims, drops a trailing slash and checks the URL; http:// is allowed but flagged (not on loopback). */
export function checkServerUrl(input: string): UrlCheck {
  const raw = input.trim();
  if (!raw) return { ok: false, reason: "malformed" };
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    // "tracking.example.com/api" without a scheme: malformed if it has spaces or no dot, else a scheme problem.
    return /^[\w.-]+\.[a-z]{2,}(?::\d+)?(\/\S*)?$/i.test(raw) ? { ok: false, reason: "scheme" } : { ok: false, reason: "malformed" };
  }
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") return { ok: false, reason: "scheme" };
  if (!u.hostname || /\s/.test(raw) || u.hostname.includes("..")) return { ok: false, reason: "malformed" };
  const url = raw.replace(/\/+$/, "");
  return { ok: true, url, insecure: u.protocol === "http:" && !LOOPBACK.has(u.hostname) };
}
