// Display formatting in the user's language, time zone and units: times, durations, relative
// "5 min ago", speeds and distances. Functions take the translator so they stay pure and testable.
import type { Language, MessageKey, Params } from "../i18n/translate";
import { distanceFromKm, distanceUnitKey, speedFromKmh, speedUnitKey, type Units } from "./units";

export type Translator = (key: MessageKey, params?: Params) => string;

/** The relative-time message for `then` seen at `now` (both Unix ms). */
export function relativeTimeMessage(nowMs: number, thenMs: number): { key: MessageKey; params?: Params } {
  const sec = Math.max(0, (nowMs - thenMs) / 1000);
  if (sec < 60) return { key: "time.justNow" };
  const min = Math.floor(sec / 60);
  if (min < 60) return { key: "time.minutesAgo", params: { count: min } };
  const h = Math.floor(min / 60);
  if (h < 24) return { key: "time.hoursAgo", params: { count: h } };
  return { key: "time.daysAgo", params: { count: Math.floor(h / 24) } };
}

export function relativeTime(t: Translator, nowMs: number, iso: string | null): string {
  if (!iso) return t("time.never");
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return t("time.never");
  const m = relativeTimeMessage(nowMs, then);
  return t(m.key, m.params);
}

/** Like `relativeTime`, but counting seconds in the first minute: the live list's "updated 12 s
 * ago" ticks every second. */
export function updatedAgo(t: Translator, nowMs: number, iso: string | null): string {
  const then = iso ? Date.parse(iso) : NaN;
  if (Number.isNaN(then)) return t("time.never");
  const sec = Math.floor(Math.max(0, nowMs - then) / 1000);
  if (sec < 60) return t("time.secondsAgo", { count: sec });
  return relativeTime(t, nowMs, iso);
}

export function formatDuration(t: Translator, ms: number): string {
  const totalMin = Math.round(ms / 60000);
  if (ms < 60000) return t("duration.s", { s: Math.max(0, Math.round(ms / 1000)) });
  if (totalMin < 60) return t("duration.m", { m: totalMin });
  const h = Math.floor(totalMin / 60);
  if (h >= 48) return t("duration.dh", { d: Math.floor(h / 24), h: h % 24 });
  return t("duration.hm", { h, m: totalMin % 60 });
}

export function formatSpeed(t: Translator, lang: Language, kmh: number | null, units: Units): string {
  if (kmh === null || !Number.isFinite(kmh)) return "—";
  const v = Math.round(speedFromKmh(kmh, units.speed));
  return `${v.toLocaleString(lang)} ${t(speedUnitKey(units.speed))}`;
}

export function formatDistance(t: Translator, lang: Language, km: number | null, units: Units): string {
  if (km === null || !Number.isFinite(km)) return "—";
  const v = distanceFromKm(km, units.distance);
  const digits = v < 10 ? 1 : 0;
  return `${v.toLocaleString(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${t(distanceUnitKey(units.distance))}`;
}

const dtf = new Map<string, Intl.DateTimeFormat>();
function formatter(lang: Language, zone: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}|${zone}|${JSON.stringify(opts)}`;
  let f = dtf.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang, { ...opts, timeZone: zone });
    dtf.set(key, f);
  }
  return f;
}

export function formatTime(lang: Language, zone: string, ms: number): string {
  return formatter(lang, zone, { hour: "numeric", minute: "2-digit" }).format(ms);
}

export function formatDate(lang: Language, zone: string, ms: number): string {
  return formatter(lang, zone, { day: "numeric", month: "short" }).format(ms);
}

export function formatDateTime(lang: Language, zone: string, ms: number): string {
  return formatter(lang, zone, { day: "numeric", month: "short", hour: "numeric", minute: "2-digit" }).format(ms);
}

export function sameDay(zone: string, a: number, b: number): boolean {
  const f = formatter("en", zone, { year: "numeric", month: "2-digit", day: "2-digit" });
  return f.format(a) === f.format(b);
}

export function formatCount(lang: Language, n: number): string {
  return n.toLocaleString(lang);
}
