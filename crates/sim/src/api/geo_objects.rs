//! Geofences (`zone/list|read`, `zone/point/list`) and POIs (`place/list`).

use super::render::{bounds, decimate, latlng, round7};
use super::{Ctx, Reply, ok};
use crate::codes::{ApiError, ApiResult};
use crate::fleet::geo::{LatLng, Shape};
use crate::fleet::{Place, Zone};
use crate::jsonw::Jw;

fn zone_points(z: &Zone) -> Option<&[LatLng]> {
    match &z.shape {
        Shape::Circle { .. } => None,
        Shape::Polygon(pts) => Some(pts),
        Shape::Sausage { line, .. } => Some(line),
    }
}

fn write_points(w: &mut Jw, pts: &[LatLng]) {
    w.arr();
    for p in pts {
        w.obj()
            .kf64("lat", round7(p.lat))
            .kf64("lng", round7(p.lng))
            .kbool("node", true)
            .end_obj();
    }
    w.end_arr();
}

fn write_zone(w: &mut Jw, z: &Zone, with_points: bool) {
    let kind = match z.shape {
        Shape::Circle { .. } => "circle",
        Shape::Polygon(_) => "polygon",
        Shape::Sausage { .. } => "sausage",
    };
    w.obj()
        .ki64("id", z.id)
        .kstr("type", kind)
        .kstr("label", &z.label)
        .kstr("address", &z.address)
        .kstr("color", &z.color);
    match &z.shape {
        Shape::Circle { center, radius } => {
            w.ki64("radius", *radius as i64).key("center");
            latlng(w, *center);
        }
        Shape::Sausage { radius, .. } => {
            w.ki64("radius", *radius as i64);
        }
        Shape::Polygon(_) => {}
    }
    if let (true, Some(pts)) = (with_points, zone_points(z)) {
        w.key("points");
        write_points(w, pts);
    }
    let (nw, se) = z.shape.bounds();
    bounds(w, [nw, se].into_iter());
    w.key("tags").arr();
    z.tags.iter().for_each(|t| {
        w.i64(*t);
    });
    w.end_arr().end_obj();
}

fn zone_by_id<'a>(c: &'a Ctx) -> ApiResult<&'a Zone> {
    let id = c.p.req_i64("zone_id")?;
    c.sim
        .fleet
        .world
        .zones
        .iter()
        .find(|z| z.id == id)
        .ok_or_else(|| ApiError::new(201))
}

fn paging(c: &Ctx) -> ApiResult<(usize, usize)> {
    let offset = c.p.opt_i64("offset")?.unwrap_or(0);
    let limit = c.p.opt_i64("limit")?.unwrap_or(i64::MAX);
    if offset < 0 || limit < 0 {
        return Err(ApiError::param(
            if offset < 0 { "offset" } else { "limit" },
            "Must not be negative",
        ));
    }
    Ok((
        offset as usize,
        usize::try_from(limit).unwrap_or(usize::MAX),
    ))
}

pub fn zone_list(c: &Ctx) -> ApiResult<Reply> {
    let filter = c.p.opt_str("filter")?.map(|f| f.to_lowercase());
    let tags = c.p.opt_i64_list("tag_ids")?.unwrap_or_default();
    let with_points = c.p.bool_or("with_points", false)?;
    let (offset, limit) = paging(c)?;
    let zones = c.sim.fleet.world.zones.iter().filter(|z| {
        filter.as_ref().is_none_or(|f| {
            z.label.to_lowercase().contains(f) || z.address.to_lowercase().contains(f)
        }) && tags.iter().all(|t| z.tags.contains(t))
    });
    ok(|w| {
        w.key("list").arr();
        for z in zones.skip(offset).take(limit) {
            write_zone(w, z, with_points);
        }
        w.end_arr();
    })
}

pub fn zone_read(c: &Ctx) -> ApiResult<Reply> {
    let z = zone_by_id(c)?;
    let with_points = c.p.bool_or("with_points", false)?;
    ok(|w| {
        w.key("value");
        write_zone(w, z, with_points);
    })
}

/// Circles have no points: 230.
pub fn zone_point_list(c: &Ctx) -> ApiResult<Reply> {
    let z = zone_by_id(c)?;
    let count = c.p.opt_i64("count")?;
    let pts = zone_points(z).ok_or_else(|| ApiError::new(230))?;
    let keep = decimate(pts.len(), count.map_or(usize::MAX, |n| n.max(2) as usize));
    let pts: Vec<LatLng> = keep.into_iter().map(|i| pts[i]).collect();
    ok(|w| {
        w.key("list");
        write_points(w, &pts);
    })
}

fn write_place(w: &mut Jw, p: &Place) {
    w.obj()
        .ki64("id", p.id)
        .ki64("icon_id", p.icon_id as i64)
        .key("location")
        .obj()
        .kf64("lat", round7(p.at.lat))
        .kf64("lng", round7(p.at.lng))
        .kstr("address", &p.address)
        .ki64("radius", p.radius as i64)
        .end_obj()
        .kstr("label", &p.label)
        .kstr("description", &p.description)
        .key("tags")
        .arr()
        .end_arr()
        .kstr("external_id", &p.id.to_string())
        .end_obj();
}

/// `{list, count}`: `count` is the number found before `offset`/`limit`.
pub fn place_list(c: &Ctx) -> ApiResult<Reply> {
    let ids = c.p.opt_i64_list("place_ids")?;
    let filter = c.p.opt_str("filter")?.map(|f| f.to_lowercase());
    let tags = c.p.opt_i64_list("tag_ids")?.unwrap_or_default();
    let ascending = c.p.bool_or("ascending", true)?;
    let (offset, limit) = paging(c)?;
    let mut found: Vec<&Place> = c
        .sim
        .fleet
        .places
        .iter()
        .filter(|p| ids.as_ref().is_none_or(|ids| ids.contains(&p.id)))
        .filter(|p| {
            filter.as_ref().is_none_or(|f| {
                p.label.to_lowercase().contains(f) || p.description.to_lowercase().contains(f)
            })
        })
        // Demo places carry no tags, so any tag filter matches nothing.
        .filter(|_| tags.is_empty())
        .collect();
    if !ascending {
        found.reverse();
    }
    ok(|w| {
        w.key("list").arr();
        for p in found.iter().skip(offset).take(limit) {
            write_place(w, p);
        }
        w.end_arr().ki64("count", found.len() as i64);
    })
}
