// Display formatting in the user's language, habits (12/24-hour clock, date format), time zone
// and units: times, dates, durations, relative "5 min ago", speeds and distances. Functions take
// the translator and the locale so they stay pure and testable; one cache of Intl formatters.
import type { DateFormat, HourCycle } from "../api";
import { intlTag, type Language, type MessageKey, type Params } from "../i18n/translate";
import { distanceFromKm, distanceUnitKey, speedFromKmh, speedUnitKey, type Units } from "./units";

export type Translator = (key: MessageKey, params?: Params) => string;

/** What formatting follows: the language, and the clock and date format when the user (or
 * their server) chose them — `null` follows the language's own custom. */
export interface Loc {
  lang: Language;
  hourCycle: HourCycle | null;
  dateFormat: DateFormat | null;
}
/** A bare language formats by its own customs. */
export type LocLike = Language | Loc;
export const toLoc = (l: LocLike): Loc => (typeof l === "string" ? { lang: l, hourCycle: null, dateFormat: null } : l);

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

export function formatNumber(l: LocLike, n: number, opts?: Intl.NumberFormatOptions): string {
  return n.toLocaleString(intlTag(toLoc(l).lang), opts);
}

export function formatSpeed(t: Translator, l: LocLike, kmh: number | null, units: Units): string {
  if (kmh === null || !Number.isFinite(kmh)) return "—";
  const v = Math.round(speedFromKmh(kmh, units.speed));
  return `${formatNumber(l, v)} ${t(speedUnitKey(units.speed))}`;
}

export function formatDistance(t: Translator, l: LocLike, km: number | null, units: Units): string {
  if (km === null || !Number.isFinite(km)) return "—";
  const v = distanceFromKm(km, units.distance);
  const digits = v < 10 ? 1 : 0;
  return `${formatNumber(l, v, { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${t(distanceUnitKey(units.distance))}`;
}

const dtf = new Map<string, Intl.DateTimeFormat>();
/** The formatter of `opts` in the locale and zone, cached; a chosen clock applies to hours. */
function formatter(l: LocLike, zone: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const { lang, hourCycle } = toLoc(l);
  const cycle = opts.hour !== undefined && hourCycle ? { hourCycle: hourCycle === "h12" ? "h12" : "h23" } : {};
  const key = `${lang}|${zone}|${hourCycle}|${JSON.stringify(opts)}`;
  let f = dtf.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(intlTag(lang), { ...opts, ...cycle, timeZone: zone } as Intl.DateTimeFormatOptions);
    dtf.set(key, f);
  }
  return f;
}

export function formatTime(l: LocLike, zone: string, ms: number): string {
  return formatter(l, zone, { hour: "numeric", minute: "2-digit" }).format(ms);
}

/** The separators and order of the server's numeric date formats. */
const NUMERIC_DATES: Partial<Record<DateFormat, { order: ("d" | "m" | "y")[]; sep: string }>> = {
  ddMMyyyy_dots: { order: ["d", "m", "y"], sep: "." },
  ddMMyyyy_slashes: { order: ["d", "m", "y"], sep: "/" },
  MMddyyyy_hyphens: { order: ["m", "d", "y"], sep: "-" },
  yyyyMMdd_hyphens: { order: ["y", "m", "d"], sep: "-" },
};

/** A day as the user writes dates: their format when chosen ("04.12.2026", "4 Dec 2026"),
 * else the language's short form ("4 Dec"). */
export function formatDate(l: LocLike, zone: string, ms: number): string {
  const { dateFormat } = toLoc(l);
  const numeric = dateFormat ? NUMERIC_DATES[dateFormat] : undefined;
  if (numeric) {
    const parts: Record<string, string> = {};
    for (const p of formatter("en", zone, { year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(ms)) parts[p.type] = p.value;
    return numeric.order.map((k) => (k === "d" ? parts.day : k === "m" ? parts.month : parts.year)).join(numeric.sep);
  }
  if (dateFormat === "dMMMy" || dateFormat === "dMMMMy") {
    // Day first ("1 Dec 2026"): every language here writes it so but US English, whose
    // British form is the one the server means.
    const loc = toLoc(l);
    const dayFirst = loc.lang === "en" ? { ...loc, lang: "en-GB" as Language } : loc;
    return formatter(dayFirst, zone, { day: "numeric", month: dateFormat === "dMMMy" ? "short" : "long", year: "numeric" }).format(ms);
  }
  return formatter(l, zone, { day: "numeric", month: "short" }).format(ms);
}

export function formatDateTime(l: LocLike, zone: string, ms: number): string {
  if (toLoc(l).dateFormat) return `${formatDate(l, zone, ms)} ${formatTime(l, zone, ms)}`;
  return formatter(l, zone, { day: "numeric", month: "short", hour: "numeric", minute: "2-digit" }).format(ms);
}

/** A clock to the second ("07:23:45", or with the day "14 Jun, 07:23:45"): replay and the chart. */
export function formatClock(l: LocLike, zone: string, ms: number, withDate = true): string {
  if (!Number.isFinite(ms)) return "—";
  const loc = toLoc(l);
  // 24-hour unless 12 was chosen: a replay clock reads best in fixed-width hours.
  const clock = { hour: "2-digit", minute: "2-digit", second: "2-digit" } as const;
  const time = formatter({ ...loc, hourCycle: loc.hourCycle ?? "h24" }, zone, clock).format(ms);
  if (!withDate) return time;
  if (loc.dateFormat) return `${formatDate(loc, zone, ms)} ${time}`;
  return formatter({ ...loc, hourCycle: loc.hourCycle ?? "h24" }, zone, { day: "numeric", month: "short", ...clock }).format(ms);
}

export function sameDay(zone: string, a: number, b: number): boolean {
  const f = formatter("en", zone, { year: "numeric", month: "2-digit", day: "2-digit" });
  return f.format(a) === f.format(b);
}

export function formatCount(l: LocLike, n: number): string {
  return formatNumber(l, n);
}
