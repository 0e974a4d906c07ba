// The quiet note under a track about records of the server's replies that could not be used
// (left out and counted by the Rust client, never the whole track): one sentence per kind.
import type { LeftOutRow } from "../api";
import type { MessageKey } from "../i18n/translate";
import type { Translator } from "./format";

const ITEM: Record<string, MessageKey> = { point: "leftOut.point", trip: "leftOut.trip" };
const REASON: Record<string, MessageKey> = {
  no_position: "leftOut.reason.no_position",
  out_of_range: "leftOut.reason.out_of_range",
  no_time: "leftOut.reason.no_time",
  no_id: "leftOut.reason.no_id",
  unknown_kind: "leftOut.reason.unknown_kind",
  unreadable: "leftOut.reason.unreadable",
};

export function leftOutText(t: Translator, rows: readonly LeftOutRow[]): string[] {
  const byItem = new Map<string, LeftOutRow[]>();
  for (const r of rows) byItem.set(r.item, [...(byItem.get(r.item) ?? []), r]);
  return [...byItem].map(([item, group]) => {
    const count = group.reduce((n, r) => n + r.count, 0);
    const reasons = group.map((r) => t(REASON[r.reason] ?? "leftOut.reason.unreadable", { count: r.count })).join(", ");
    return t(ITEM[item] ?? "leftOut.other", { count, reasons });
  });
}
