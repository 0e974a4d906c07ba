// The popup lines of a stop/parking and of an event, in the user's language and time zone.
import type { EventRow, StopRow } from "../api";
import { formatDateTime, formatDuration, type LocLike, type Translator } from "./format";

export function describeStop(t: Translator, lang: LocLike, zone: string, stop: StopRow): string[] {
  return [
    t(stop.kind === "parking" ? "stop.parking" : "stop.stop"),
    t("stop.from", { from: formatDateTime(lang, zone, Date.parse(stop.start)), to: formatDateTime(lang, zone, Date.parse(stop.end)) }),
    t("stop.duration", { duration: formatDuration(t, stop.durationS * 1000) }),
    stop.address ?? "",
  ];
}

export function describeEvent(lang: LocLike, zone: string, e: EventRow): string[] {
  return [e.message || e.event, formatDateTime(lang, zone, Date.parse(e.time)), e.address];
}
