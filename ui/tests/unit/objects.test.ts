// Object search (name, IMEI, phone), grouping, collapsing and row flattening.
import { describe, expect, it } from "vitest";
import type { Group, ObjectRow } from "../../src/api/types";
import { buildRows, groupColor, indexObjects, matches, parseQuery } from "../../src/lib/objects";

const obj = (id: number, label: string, groupId: number, deviceId: string | null = null, phone: string | null = null): ObjectRow => ({
  id, label, groupId, deviceId, phone, model: null, blocked: false,
});
const groups: Group[] = [
  { id: 2, title: "Trucks", color: "e2760f" },
  { id: 1, title: "Cars", color: null },
];
const objects = [
  obj(1, "Truck 10", 2, "356307042441013", "+7 (912) 345-67-89"),
  obj(2, "Truck 9", 2, "356307042441021", null),
  obj(3, "Car A", 1, null, "+49 151 2000037"),
  obj(4, "Loose", 0, "123"),
  obj(5, "Lost group", 77),
];
const index = indexObjects(objects, groups, "Main group");
const labels = (q: string, collapsed: Set<number> = new Set()) =>
  buildRows(index, q, collapsed).rows.map((r) => (r.type === "group" ? `[${r.group.title}]` : r.object.label));

describe("indexing", () => {
  it("sorts groups (default first) and objects naturally, inventing missing groups", () => {
    expect(labels("")).toEqual(["[Main group]", "Loose", "[#77]", "Lost group", "[Cars]", "Car A", "[Trucks]", "Truck 9", "Truck 10"]);
  });
});

describe("search", () => {
  it("matches name terms in any order, case-insensitively", () => {
    expect(labels("truck 9")).toEqual(["[Trucks]", "Truck 9"]);
    expect(labels("10 TRUCK")).toEqual(["[Trucks]", "Truck 10"]);
  });

  it("matches IMEI and phone substrings, phones by their digits", () => {
    expect(labels("441021")).toEqual(["[Trucks]", "Truck 9"]);
    expect(labels("912 345 67")).toEqual(["[Trucks]", "Truck 10"]);
    expect(labels("+49 151")).toEqual(["[Cars]", "Car A"]);
  });

  it("does not match a name by digits of an unrelated IMEI", () => {
    const q = parseQuery("truck 0042");
    expect(index.objects.filter((_, i) => matches(index, i, q))).toEqual([]);
  });

  it("counts what is shown and shows nothing for no match", () => {
    expect(buildRows(index, "truck", new Set()).shown).toBe(2);
    expect(buildRows(index, "zzz", new Set()).rows).toEqual([]);
  });
});

describe("groups", () => {
  it("collapses a group to its header, with counts", () => {
    const { rows } = buildRows(index, "", new Set([2]));
    const trucks = rows.find((r) => r.type === "group" && r.group.id === 2);
    expect(trucks).toMatchObject({ collapsed: true, shown: 2, total: 2 });
    expect(labels("", new Set([2]))).not.toContain("Truck 9");
  });

  it("expands collapsed groups while searching", () => {
    expect(labels("truck 9", new Set([2]))).toEqual(["[Trucks]", "Truck 9"]);
  });

  it("normalizes group colours", () => {
    expect(groupColor("e2760f")).toBe("#e2760f");
    expect(groupColor("#ABC")).toBe("#ABC");
    expect(groupColor("red; background:url(x)")).toBeNull();
    expect(groupColor(null)).toBeNull();
  });

  it("filters 10,000 objects quickly", () => {
    const many = Array.from({ length: 10_000 }, (_, i) => obj(i, `Van ${i}`, i % 10, `35${i}`, null));
    const big = indexObjects(many, [], "Main");
    const t0 = performance.now();
    for (const q of ["v", "va", "van", "van 9", "van 99", "van 999"]) buildRows(big, q, new Set());
    expect(performance.now() - t0).toBeLessThan(500);
    expect(buildRows(big, "van 9999", new Set()).shown).toBe(1);
  });
});
