// Normalizes anything a command rejects with into AppError {kind, message, code?}, and classifies
// kinds (network loss, session end) for the UI. The kinds are a closed set, `AppErrorKind`,
// generated from the Rust enum.
import type { AppError } from "./bindings/AppError";
import type { AppErrorKind } from "./bindings/AppErrorKind";

/** Error kinds that mean "the network or server is gone for now": show a banner, keep the screen. */
export const NETWORK_KINDS: ReadonlySet<AppErrorKind> = new Set<AppErrorKind>(["connect", "dns", "timeout", "unavailable", "network"]);

/** Error kinds the main window's banner explains, each with its own line (what is on screen
 * stays): the network ones, and a server that refuses in a way only it or its admin can fix. */
export const BANNER_KINDS: ReadonlySet<AppErrorKind> = new Set<AppErrorKind>([...NETWORK_KINDS, "tls", "rate_limited", "server", "too_large", "redirect"]);

/** Error kinds that mean the session is over: go back to sign-in. */
export const SESSION_KINDS: ReadonlySet<AppErrorKind> = new Set<AppErrorKind>(["session", "not_signed_in"]);

export class CommandError extends Error implements AppError {
  readonly kind: AppErrorKind;
  readonly code?: number;
  readonly retryAfter?: number;
  constructor(e: AppError) {
    super(e.message);
    this.name = "CommandError";
    this.kind = e.kind;
    if (typeof e.code === "number") this.code = e.code;
    if (typeof e.retryAfter === "number") this.retryAfter = e.retryAfter;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null;
}

/** `e` with `code` and `retryAfter` set only when present (absent, not `undefined`). */
function withOptional(e: AppError, code: number | undefined, retryAfter: number | undefined): AppError {
  if (code !== undefined) e.code = code;
  if (retryAfter !== undefined) e.retryAfter = retryAfter;
  return e;
}

/** Turns a rejection (AppError object, string, Error) into an AppError. */
export function toAppError(raw: unknown): AppError {
  if (raw instanceof CommandError) {
    return withOptional({ kind: raw.kind, message: raw.message }, raw.code, raw.retryAfter);
  }
  if (isRecord(raw) && typeof raw.kind === "string") {
    // The Rust side only sends `AppErrorKind`s; a string outside the set (a newer backend) is
    // passed on as it is, and `errorText` gives it the generic line.
    const kind = raw.kind as AppErrorKind;
    const message = typeof raw.message === "string" ? raw.message : String(raw.kind);
    const code = typeof raw.code === "number" ? raw.code : undefined;
    const retryAfter = typeof raw.retryAfter === "number" ? raw.retryAfter : undefined;
    return withOptional({ kind, message }, code, retryAfter);
  }
  if (typeof raw === "string") {
    // Tauri rejects with a plain string when a command is unknown or its arguments do not match.
    return { kind: "internal", message: raw };
  }
  if (raw instanceof Error) return { kind: "internal", message: raw.message };
  return { kind: "internal", message: String(raw) };
}

export function isNetworkError(e: AppError): boolean {
  return NETWORK_KINDS.has(e.kind);
}

export function isBannerError(e: AppError): boolean {
  return BANNER_KINDS.has(e.kind);
}

export function isSessionError(e: AppError): boolean {
  return SESSION_KINDS.has(e.kind);
}

export function isAppError(v: unknown): v is AppError {
  return isRecord(v) && typeof v.kind === "string" && typeof v.message === "string";
}
