#!/usr/bin/env python3
"""Writes the seed inputs of every fuzz target into corpus/<target>/ (before `cargo fuzz cmin`).

Seeds: the 85 vendor fixtures (api_decode), the file samples embedded in the tracks tests
(import_*), hand-made TileJSON documents, cache folders and packed tracks. What our exporters
write is added by `cargo test -p trackmate-tracks --test fuzz_corpus -- --ignored write_seeds`.
Run from the repository root: `python3 fuzz/make_seeds.py`.
"""
import hashlib, json, pathlib, re, struct

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"

# Must match fuzz/harness/api.rs ENDPOINTS.
ENDPOINTS = {
    "dealer_get_ui_config": 0, "history_tracker_list": 1, "history_type_list": 2,
    "history_event_types_all": 2, "place_list": 3, "track_list": 4, "track_list_merged": 4,
    "track_read": 5, "track_read_guide": 5, "tracker_list": 6, "tracker_list_guide": 6,
    "tracker_read": 7, "tracker_group_list": 8, "tracker_get_state": 9,
    "tracker_get_states": 10, "tracker_get_last_gps_point": 11, "user_auth": 12,
    "user_auth_2fa": 12, "user_auth_minimal": 12, "user_auth_code_verify": 13,
    "user_logout": 14, "success": 14, "user_get_info": 15, "user_settings_read": 16,
    "zone_list": 17, "zone_point_list": 18,
}


def put(target, data):
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    (d / ("seed-" + hashlib.sha1(data).hexdigest()[:16])).write_bytes(data)


def api():
    fixtures = sorted((ROOT / "crates/api/tests/fixtures").glob("*.json"))
    for i, f in enumerate(fixtures):
        body = f.read_bytes()
        if f.stem.startswith("error_"):
            # As a 200 with success:false, and as an HTTP error, for a few reply types.
            put("api_decode", bytes([i % 20, 0, i % 8]) + body)
            put("api_decode", bytes([i % 20, 4 + i % 6, 0]) + body)
        else:
            # Its own endpoint (other fixtures: a rotating one), zones in turn.
            put("api_decode", bytes([ENDPOINTS.get(f.stem, i % 20), 0, i % 8]) + body)
    put("api_decode", bytes([5, 0x87, 0]) + b"<html><body>502 Bad Gateway</body></html>")


def classify(text):
    t = text.lstrip()
    if t.startswith("<") and "<kml" in t:
        return "kml"
    if t.startswith("<"):
        return "gpx"
    if t.startswith("{") or t.startswith("["):
        return "geojson" if '"coordinates"' in t or '"Feature' in t else "json"
    return "csv"


def tracks():
    sources = list((ROOT / "crates/tracks/tests").glob("*.rs"))
    sources += list((ROOT / "crates/tracks/src/import").glob("*.rs"))
    for src in sources:
        for m in re.finditer(r'r#"(.*?)"#', src.read_text(), re.S):
            text = m.group(1)
            if len(text) < 20:
                continue
            kind = classify(text)
            data = text.encode()
            put("import_" + kind, data)
            ext = {"gpx": 1, "kml": 2, "geojson": 3, "json": 4, "csv": 5}[kind]
            put("import_detect", bytes([ext]) + data)
            put("import_detect", bytes([0]) + data)


def tilejson():
    docs = [
        {"tilejson": "3.0.0", "name": "Sat", "tiles": ["https://t.example/{z}/{x}/{y}.jpg"],
         "minzoom": 2, "maxzoom": 18, "attribution": "&copy; <a href='x'>Sat</a>", "scheme": "tms"},
        {"tiles": ["https://a.t/{z}/{x}/{y}.png?key=abc123", "https://b.t/{z}/{y}/{x}@2x.png"]},
        {"tiles": ["https://t/{z}/{x}/{-y}.png"], "scheme": "xyz", "minzoom": 0, "maxzoom": 30},
        {"tiles": ["https://t/tiles/{z}/{x}/{y}.pbf"], "vector_layers": []},
        {"tiles": ["https://t/{z}/{x}/{y}?apikey={key}"], "name": "  ", "maxzoom": None},
        {"tiles": [], "format": "png"},
    ]
    for d in docs:
        put("tilejson", json.dumps(d).encode())


def tile_file(meta, body):
    m = json.dumps(meta, separators=(",", ":")).encode()
    return b"TMTILE1\n" + struct.pack("<I", len(m)) + m + body


def tile_store():
    png = b"\x89PNG\r\n\x1a\n" + bytes(24)
    meta = {"content_type": "image/png", "stored_at": 1700000000, "fresh_until": 1700086400,
            "etag": '"abc"', "last_modified": None, "len": len(png)}
    good = tile_file(meta, png)
    index = b"trackmate-tiles index 1\n0 70 src-1/1/0/1\n1 70 src-1/1/0/0\n"
    for flags, idx, tile in [
        (0, index, good), (1, index, good), (3, b"", good), (0x21, index, good),
        (0x10, index, good), (0, index, good[:-3]), (1, b"trackmate-tiles index 1\n", b"junk"),
        (0, b"garbage\n1 2 3\n", tile_file(dict(meta, len=0), b"")),
    ]:
        put("tile_store", bytes([flags]) + struct.pack("<H", len(idx)) + idx + tile)


def packed():
    def pack(points, segments):
        n, s = len(points), len(segments)
        out = b"TMPK" + struct.pack("<III", 1, n, s)
        for col in range(3):
            out += b"".join(struct.pack("<d", p[col]) for p in points)
        out += b"".join(struct.pack("<d", sid) for sid, _ in segments)
        for col in range(3, 6):
            out += b"".join(struct.pack("<f", p[col]) for p in points)
        starts = [start for _, start in segments] + [n]
        out += b"".join(struct.pack("<I", v) for v in starts)
        out += bytes(p[6] for p in points) + bytes(p[7] for p in points)
        return out

    nan = float("nan")
    pts = [(1.7e12 + i * 1000, 51.0 + i / 1000, 71.0, 40.0, nan, 90.0, 255 if i % 2 else 7, i % 8)
           for i in range(5)]
    put("packed_unpack", pack(pts, [(1.0, 0), (nan, 3)]))
    put("packed_unpack", pack([], []))
    put("packed_unpack", pack(pts[:1], [(nan, 0)]))
    # The round-trip target reads its own encoding: [head, (id), count, points…].
    put("packed_roundtrip", bytes([1]) + struct.pack("<q", 42) + bytes([2]) + bytes(range(100)))
    put("packed_roundtrip", bytes([0, 3]) + bytes(200))


if __name__ == "__main__":
    api(); tracks(); tilejson(); tile_store(); packed()
    for d in sorted(CORPUS.iterdir()):
        print(d.name, len(list(d.iterdir())))
