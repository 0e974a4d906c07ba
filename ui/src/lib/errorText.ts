// Turns an AppError into a translated, specific message (by kind, then API code).
import type { AppError } from "../api";
import type { MessageKey } from "../i18n/translate";
import type { Translator } from "./format";

const BY_KIND: Record<string, MessageKey> = {
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
};

export function errorText(t: Translator, e: AppError): string {
  if (e.kind === "api" || (typeof e.code === "number" && !(e.kind in BY_KIND))) {
    if (e.code === 102) return t("error.api102");
    if (e.code === 103) return t("error.api103");
    return t("error.api", { message: e.message, code: e.code ?? "?" });
  }
  const key = BY_KIND[e.kind];
  return key ? t(key, { message: e.message }) : t("error.generic", { message: e.message });
}
