// Normalizes anything a command rejects with into AppError {kind, message, code?}, and classifies
// kinds (network loss, session end) for the UI.
import type { AppError } from "./bindings/AppError";

/** Error kinds that mean "the network or server is gone for now": show a banner, keep the screen. */
export const NETWORK_KINDS: ReadonlySet<string> = new Set(["connect", "dns", "timeout", "unavailable", "network"]);

/** Error kinds that mean the session is over: go back to sign-in. */
export const SESSION_KINDS: ReadonlySet<string> = new Set(["session", "not_signed_in"]);

export class CommandError extends Error implements AppError {
  readonly kind: string;
  readonly code?: number;
  constructor(e: AppError) {
    super(e.message);
    this.name = "CommandError";
    this.kind = e.kind;
    if (typeof e.code === "number") this.code = e.code;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null;
}

/** Turns a rejection (AppError object, string, Error) into an AppError. */
export function toAppError(raw: unknown): AppError {
  if (raw instanceof CommandError) {
    return raw.code === undefined ? { kind: raw.kind, message: raw.message } : { kind: raw.kind, message: raw.message, code: raw.code };
  }
  if (isRecord(raw) && typeof raw.kind === "string") {
    const message = typeof raw.message === "string" ? raw.message : String(raw.kind);
    const code = typeof raw.code === "number" ? raw.code : undefined;
    return code === undefined ? { kind: raw.kind, message } : { kind: raw.kind, message, code };
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

export function isSessionError(e: AppError): boolean {
  return SESSION_KINDS.has(e.kind);
}

export function isAppError(v: unknown): v is AppError {
  return isRecord(v) && typeof v.kind === "string" && typeof v.message === "string";
}
