// Object list logic: search (name, IMEI = deviceId, phone), grouping by tracker group with
// collapsible headers, and flattening into the rows the virtual list renders.
import type { Group, ObjectRow } from "../api";

export type ListRow =
  | { type: "group"; key: string; group: Group; shown: number; total: number; collapsed: boolean }
  | { type: "object"; key: string; object: ObjectRow; color: string | null };

export interface IndexedObjects {
  objects: ObjectRow[];
  groups: Group[];
  /** Lower-cased "label model" per object, same order as objects. */
  names: string[];
  /** Lower-cased "deviceId phone" per object. */
  ids: string[];
  /** Digits only of deviceId and phone, for "+7 (912) 345" style queries. */
  digits: string[];
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

/** Sorts once (groups by title with the default group 0 first, objects by label) and builds search keys. */
export function indexObjects(objects: ObjectRow[], groups: Group[], defaultGroupTitle: string): IndexedObjects {
  const known = new Map(groups.map((g) => [g.id, g]));
  const allGroups = [...groups];
  for (const o of objects) {
    if (!known.has(o.groupId)) {
      const g: Group = { id: o.groupId, title: o.groupId === 0 ? defaultGroupTitle : `#${o.groupId}`, color: null };
      known.set(g.id, g);
      allGroups.push(g);
    }
  }
  allGroups.sort((a, b) => (a.id === 0 ? -1 : b.id === 0 ? 1 : collator.compare(a.title, b.title)));
  const sorted = [...objects].sort((a, b) => collator.compare(a.label, b.label) || a.id - b.id);
  return {
    objects: sorted,
    groups: allGroups,
    names: sorted.map((o) => `${o.label} ${o.model ?? ""}`.toLowerCase()),
    ids: sorted.map((o) => `${o.deviceId ?? ""}\n${o.phone ?? ""}`.toLowerCase()),
    digits: sorted.map((o) => `${(o.deviceId ?? "").replace(/\D/g, "")}\n${(o.phone ?? "").replace(/\D/g, "")}`),
  };
}

export interface Query {
  /** Whitespace-separated terms, all of which must be in the name (label, model). */
  terms: string[];
  /** The whole query, for IMEI / phone substrings. */
  whole: string;
  /** Its digits, when the query looks like a number (3+ digits, only digits and + - ( ) spaces). */
  digits: string | null;
}

export function parseQuery(query: string): Query {
  const whole = query.toLowerCase().trim();
  const d = whole.replace(/\D/g, "");
  return {
    terms: whole.split(/\s+/).filter(Boolean),
    whole,
    digits: d.length >= 3 && /^[\d+\-() .]+$/.test(whole) ? d : null,
  };
}

/** Name matches every term, or the IMEI/phone contains the whole query (or its digits). */
export function matches(index: IndexedObjects, i: number, q: Query): boolean {
  const name = index.names[i] ?? "";
  if (q.terms.every((term) => name.includes(term))) return true;
  if ((index.ids[i] ?? "").includes(q.whole)) return true;
  return q.digits !== null && (index.digits[i] ?? "").includes(q.digits);
}

/**
 * Flattens into rows: a header per group that has matches, then its objects unless collapsed.
 * While searching, groups are shown expanded so matches are never hidden.
 */
export function buildRows(index: IndexedObjects, query: string, collapsed: ReadonlySet<number>): { rows: ListRow[]; shown: number } {
  const q = parseQuery(query);
  const byGroup = new Map<number, ObjectRow[]>();
  const totals = new Map<number, number>();
  let shown = 0;
  for (let i = 0; i < index.objects.length; i++) {
    const o = index.objects[i] as ObjectRow;
    totals.set(o.groupId, (totals.get(o.groupId) ?? 0) + 1);
    if (q.whole !== "" && !matches(index, i, q)) continue;
    let list = byGroup.get(o.groupId);
    if (!list) byGroup.set(o.groupId, (list = []));
    list.push(o);
    shown++;
  }
  const rows: ListRow[] = [];
  const searching = q.whole !== "";
  for (const g of index.groups) {
    const list = byGroup.get(g.id);
    if (!list || list.length === 0) continue;
    const isCollapsed = !searching && collapsed.has(g.id);
    rows.push({ type: "group", key: `g${g.id}`, group: g, shown: list.length, total: totals.get(g.id) ?? 0, collapsed: isCollapsed });
    if (isCollapsed) continue;
    for (const o of list) rows.push({ type: "object", key: `o${o.id}`, object: o, color: g.color });
  }
  return { rows, shown };
}

/** Normalizes a group colour from the server ("FF0000", "#ff0000", null) to CSS. */
export function groupColor(color: string | null): string | null {
  if (!color) return null;
  const c = color.trim();
  if (/^#?[0-9a-fA-F]{6}$/.test(c) || /^#?[0-9a-fA-F]{3}$/.test(c)) return c.startsWith("#") ? c : `#${c}`;
  return null;
}
