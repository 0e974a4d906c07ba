// Period presets (today, yesterday, last 7 days, custom) computed in the user's time zone.
import { addDays, toRfc3339, wallParts, wallToEpoch, type WallTime } from "./zone";

export type PeriodKind = "today" | "yesterday" | "week" | "custom";

export interface Period {
  kind: PeriodKind;
  /** Unix ms, inclusive. */
  from: number;
  /** Unix ms, inclusive (end of day is hh:59:59). */
  to: number;
}

const startOf = (w: WallTime): WallTime => ({ ...w, hour: 0, minute: 0, second: 0 });
const endOf = (w: WallTime): WallTime => ({ ...w, hour: 23, minute: 59, second: 59 });

export function presetPeriod(kind: Exclude<PeriodKind, "custom">, zone: string, nowMs: number): Period {
  const today = wallParts(zone, nowMs);
  switch (kind) {
    case "today":
      return { kind, from: wallToEpoch(zone, startOf(today)), to: wallToEpoch(zone, endOf(today)) };
    case "yesterday": {
      const y = addDays(today, -1);
      return { kind, from: wallToEpoch(zone, startOf(y)), to: wallToEpoch(zone, endOf(y)) };
    }
    case "week":
      return { kind, from: wallToEpoch(zone, startOf(addDays(today, -6))), to: wallToEpoch(zone, endOf(today)) };
  }
}

export function customPeriod(from: number, to: number): Period | null {
  if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from) return null;
  return { kind: "custom", from, to };
}

/** The period's bounds as the RFC 3339 strings the IPC takes (with the user's offset). */
export function periodToIpc(p: Period, zone: string): { from: string; to: string } {
  return { from: toRfc3339(zone, p.from), to: toRfc3339(zone, p.to) };
}
