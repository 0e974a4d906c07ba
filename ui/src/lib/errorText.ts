// Turns an AppError into a translated, specific message (by kind, then API code).
import type { AppError, AppErrorKind } from "../api";
import type { MessageKey } from "../i18n/translate";
import type { Translator } from "./format";

/** Each kind's line; `null` for the kinds whose own message is the line (`api` by its code, a
 * bad import or tile source, Tauri's own rejections). A `Record` over the closed set, so a kind
 * added on the Rust side fails the type check here until it is given one. */
export const BY_KIND: Readonly<Record<AppErrorKind, MessageKey | null>> = {
  connect: "error.connect",
  dns: "error.dns",
  tls: "error.tls",
  redirect: "error.redirect",
  timeout: "error.timeout",
  unavailable: "error.unavailable",
  server: "error.server",
  too_large: "error.too_large",
  network: "error.network",
  rate_limited: "error.rate_limited",
  session: "error.session",
  not_signed_in: "error.not_signed_in",
  not_json: "error.not_json",
  decode: "error.decode",
  invalid_url: "error.invalid_url",
  invalid_input: "error.invalid_input",
  keyring: "error.keyring",
  cancelled: "error.cancelled",
  io: "error.io",
  not_picked: "error.not_picked",
  api: null,
  import: null,
  tiles: null,
  internal: null,
};

export function errorText(t: Translator, e: AppError): string {
  // `undefined` for a kind outside the set (a newer backend): treated as one without a line.
  const key: MessageKey | null | undefined = BY_KIND[e.kind];
  if (e.kind === "api" || (typeof e.code === "number" && !key)) {
    if (e.code === 102) return t("error.api102");
    if (e.code === 103) return t("error.api103");
    return t("error.api", { message: e.message, code: e.code ?? "?" });
  }
  return key ? t(key, { message: e.message }) : t("error.generic", { message: e.message });
}
