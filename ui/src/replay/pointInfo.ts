// The point inspector's text, pure: a track point's lines from the packed columns (time with
// seconds in the user's zone, speed in their units, altitude, satellites, heading with a compass
// point, parking/GSM/buffered flags), the lines of the details fetched later (address, precision,
// odometer).
import { FLAG_BUFFERED, FLAG_GSM_LBS, FLAG_PARKING, type PackedTrack } from "../api/packed";
import { formatClock, formatDistance, formatSpeed, type LocLike, type Translator } from "../lib/format";
import type { Units } from "../lib/units";

export type InfoTrack = Pick<PackedTrack, "time" | "speed" | "altitude" | "heading" | "satellites" | "flags">;

export interface PointContext {
  t: Translator;
  lang: LocLike;
  zone: string;
  units: Units;
}

/** What point_details adds (ui/src/api PointDetails). */
export interface PointExtra {
  address: string | null;
  precision: number | null;
  mileage: number | null;
}

/** One of 8 compass points for a heading in degrees (names from the catalogue, "N,NE,…"). */
export function compassPoint(t: Translator, degrees: number): string {
  const names = t("point.compass").split(",");
  const k = Math.round((((degrees % 360) + 360) % 360) / 45) % 8;
  return names[k] ?? "";
}

/** The inspector's lines for point i from the packed columns (shown at once). */
export function describePoint(track: InfoTrack, i: number, c: PointContext): string[] {
  const { t, lang, zone, units } = c;
  const speed = track.speed[i] as number;
  const alt = track.altitude[i] as number;
  const heading = track.heading[i] as number;
  const sats = track.satellites[i] as number;
  const flags = track.flags[i] as number;
  const lines = [formatClock(lang, zone, track.time[i] as number), t("point.speed", { speed: formatSpeed(t, lang, Number.isNaN(speed) ? null : speed, units) })];
  if (Number.isFinite(alt)) lines.push(t("point.altitude", { altitude: Math.round(alt) }));
  if (sats !== 255 && sats !== undefined) lines.push(t("point.satellites", { count: sats }));
  if (Number.isFinite(heading)) lines.push(t("point.heading", { degrees: Math.round(((heading % 360) + 360) % 360), compass: compassPoint(t, heading) }));
  if (flags & FLAG_PARKING) lines.push(t("track.parking"));
  if (flags & FLAG_GSM_LBS) lines.push(t("point.gsm"));
  if (flags & FLAG_BUFFERED) lines.push(t("point.buffered"));
  return lines;
}

/** The lines of the details fetched on click: the address ("—" when none), precision, odometer. */
export function describeExtra(d: PointExtra, c: PointContext): string[] {
  const { t, lang, units } = c;
  const lines = [t("point.address", { address: d.address?.trim() ? d.address.trim() : "—" })];
  if (d.precision !== null && Number.isFinite(d.precision)) lines.push(t("point.precision", { precision: Math.round(d.precision) }));
  if (d.mileage !== null && Number.isFinite(d.mileage)) lines.push(t("point.mileage", { distance: formatDistance(t, lang, d.mileage, units) }));
  return lines;
}
