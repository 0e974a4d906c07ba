// Client-side server URL checks and the mapping of AppErrors to specific messages.
import { describe, expect, it } from "vitest";
import { checkServerUrl, PRESETS } from "../../src/lib/serverUrl";
import { errorText } from "../../src/lib/errorText";
import { toAppError, isNetworkError, isSessionError, CommandError } from "../../src/api/errors";
import type { AppErrorKind } from "../../src/api";
import { translate, type MessageKey, type Params } from "../../src/i18n/translate";

const en = (k: MessageKey, p?: Params) => translate("en", k, p);

describe("checkServerUrl", () => {
  it("accepts the presets", () => {
    expect(checkServerUrl(PRESETS.eu)).toEqual({ ok: true, url: "https://api.eu.navixy.com/v2", insecure: false });
    expect(checkServerUrl(PRESETS.us).ok).toBe(true);
  });
  it("trims and drops trailing slashes", () => {
    expect(checkServerUrl("  https://gps.example.org/api-v2/ ")).toEqual({ ok: true, url: "https://gps.example.org/api-v2", insecure: false });
  });
  it("flags http:// except on loopback", () => {
    expect(checkServerUrl("http://gps.example.org/api")).toMatchObject({ ok: true, insecure: true });
    expect(checkServerUrl("http://127.0.0.1:8080/v2")).toMatchObject({ ok: true, insecure: false });
    expect(checkServerUrl("http://localhost:8080")).toMatchObject({ ok: true, insecure: false });
  });
  it("rejects malformed addresses and other schemes", () => {
    expect(checkServerUrl("")).toEqual({ ok: false, reason: "malformed" });
    expect(checkServerUrl("https//tracking example")).toEqual({ ok: false, reason: "malformed" });
    expect(checkServerUrl("not a url")).toEqual({ ok: false, reason: "malformed" });
    expect(checkServerUrl("https://")).toEqual({ ok: false, reason: "malformed" });
    expect(checkServerUrl("ftp://gps.example.org")).toEqual({ ok: false, reason: "scheme" });
    expect(checkServerUrl("gps.example.org/api")).toEqual({ ok: false, reason: "scheme" });
  });
});

describe("errors", () => {
  it("normalizes rejections", () => {
    expect(toAppError({ kind: "api", message: "x", code: 102 })).toEqual({ kind: "api", message: "x", code: 102 });
    expect(toAppError({ kind: "dns", message: "no such host", code: null })).toEqual({ kind: "dns", message: "no such host" });
    expect(toAppError("command foo not found")).toEqual({ kind: "internal", message: "command foo not found" });
    expect(toAppError(new CommandError({ kind: "tls", message: "bad cert" }))).toEqual({ kind: "tls", message: "bad cert" });
  });
  it("classifies kinds", () => {
    for (const kind of ["connect", "dns", "timeout", "unavailable"] as const) expect(isNetworkError({ kind, message: "" })).toBe(true);
    expect(isNetworkError({ kind: "api", message: "" })).toBe(false);
    expect(isSessionError({ kind: "session", message: "" })).toBe(true);
  });
  it("maps kinds and codes to specific messages", () => {
    expect(errorText(en, { kind: "api", code: 102, message: "Wrong user name or password" })).toBe("Wrong login or password.");
    expect(errorText(en, { kind: "api", code: 103, message: "User not activated" })).toMatch(/not activated yet/);
    expect(errorText(en, { kind: "api", code: 201, message: "Not found in database" })).toBe("The server refused: Not found in database (code 201).");
    expect(errorText(en, { kind: "connect", message: "refused" })).toMatch(/Cannot connect/);
    expect(errorText(en, { kind: "dns", message: "x" })).toMatch(/name could not be found/);
    expect(errorText(en, { kind: "tls", message: "x" })).toMatch(/TLS/);
    // A kind outside the set (a newer backend than this page) still gets a line.
    expect(errorText(en, { kind: "weird" as AppErrorKind, message: "boom" })).toBe("Something went wrong: boom");
  });
});
