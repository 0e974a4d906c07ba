// Time-zone arithmetic without a date library: wall-clock parts of an instant in an IANA zone,
// the zone's offset, wall time → instant, and RFC 3339 with the zone's offset (what the IPC takes).

export interface WallTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const partFormatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(zone: string): Intl.DateTimeFormat {
  let f = partFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    partFormatters.set(zone, f);
  }
  return f;
}

/** True when the zone name is known to this runtime's Intl. */
export function isValidZone(zone: string): boolean {
  try {
    partsFormatter(zone);
    return true;
  } catch {
    return false;
  }
}

export function safeZone(zone: string | null | undefined): string {
  return zone && isValidZone(zone) ? zone : "UTC";
}

/** The zone to show times in: the user's, unless this runtime's time-zone data disagrees with
 * the app's on its offset now (`offsetMinutes`, from Rust's zone database) — WebKitGTK's ICU kept
 * Asia/Almaty at +6 after it moved to +5 in 2024, so every time showed an hour late. Then the
 * offset the app knows, as a fixed zone (`Etc/GMT-5` is UTC+5). Right for the zones whose rules
 * changed and that keep no daylight saving time, which are the ones stale data gets wrong. */
export function displayZone(zone: string, offsetMinutes: number, now = Date.now()): string {
  const z = safeZone(zone);
  if (z === zone && zoneOffsetMinutes(z, now) === offsetMinutes) return z;
  if (offsetMinutes === 0) return "UTC";
  if (offsetMinutes % 60 === 0 && Math.abs(offsetMinutes) <= 14 * 60) return `Etc/GMT${offsetMinutes > 0 ? "-" : "+"}${Math.abs(offsetMinutes / 60)}`;
  // Half and quarter hours: an offset zone ("+05:45") where this runtime's Intl takes one.
  const fixed = formatOffset(offsetMinutes);
  return isValidZone(fixed) ? fixed : z;
}

/** The zone as the user knows it: its own name, with the offset beside it when the times are
 * shown at a fixed offset instead (`displayZone`): "Asia/Almaty (UTC+05:00)", not "Etc/GMT-5". */
export function zoneLabel(zone: string, shown: string, offsetMinutes: number): string {
  return shown === zone ? zone : `${zone} (UTC${formatOffset(offsetMinutes)})`;
}

export function wallParts(zone: string, epochMs: number): WallTime {
  const out: Record<string, number> = {};
  for (const p of partsFormatter(zone).formatToParts(new Date(epochMs))) {
    if (p.type !== "literal") out[p.type] = Number(p.value);
  }
  return {
    year: out.year ?? 1970,
    month: out.month ?? 1,
    day: out.day ?? 1,
    hour: (out.hour ?? 0) % 24,
    minute: out.minute ?? 0,
    second: out.second ?? 0,
  };
}

function wallAsUtc(w: WallTime): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

/** The zone's offset from UTC at an instant, in minutes (e.g. +300 for UTC+5). */
export function zoneOffsetMinutes(zone: string, epochMs: number): number {
  const whole = Math.floor(epochMs / 1000) * 1000;
  return Math.round((wallAsUtc(wallParts(zone, whole)) - whole) / 60000);
}

/** The instant at which the zone's clocks show the given wall time (earlier one in a fold). */
export function wallToEpoch(zone: string, w: WallTime): number {
  const utc = wallAsUtc(w);
  const off1 = zoneOffsetMinutes(zone, utc);
  let t = utc - off1 * 60000;
  const off2 = zoneOffsetMinutes(zone, t);
  if (off2 !== off1) t = utc - off2 * 60000;
  return t;
}

const pad = (n: number, width = 2): string => String(Math.abs(n)).padStart(width, "0");

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  return `${sign}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}

/** RFC 3339 in the zone's local time with its offset, e.g. 2024-06-14T08:12:00+05:00. */
export function toRfc3339(zone: string, epochMs: number): string {
  const w = wallParts(zone, epochMs);
  const off = zoneOffsetMinutes(zone, epochMs);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${formatOffset(off)}`;
}

/** Adds whole days to a calendar date (no zone involved). */
export function addDays(w: WallTime, days: number): WallTime {
  const d = new Date(Date.UTC(w.year, w.month - 1, w.day + days));
  return { ...w, year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** "YYYY-MM-DDTHH:mm" for <input type="datetime-local"> in the zone. */
export function toLocalInput(zone: string, epochMs: number): string {
  const w = wallParts(zone, epochMs);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/** Parses "YYYY-MM-DDTHH:mm[:ss]" as wall time in the zone; null when malformed. */
export function fromLocalInput(zone: string, value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  return wallToEpoch(zone, {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h),
    minute: Number(mi),
    second: Number(s ?? 0),
  });
}
