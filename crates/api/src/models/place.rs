//! Models of `place/*`: places (points of interest). A place without an id or a usable
//! location is left out and counted.

use crate::lenient::{
    Build, Item, LeftOut, Lenient, Reason, Record, Scope, lenient_struct, position,
};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

/// Where a place is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceLocation {
    pub lat: f64,
    pub lng: f64,
    pub address: String,
    /// Metres.
    pub radius: Option<f64>,
}

lenient_struct! {
    #[derive(Default)]
    pub(crate) struct RawPlaceLocation {
        lat: Option<f64>,
        lng: Option<f64>,
        address: String,
        radius: Option<f64>,
    }
}

/// A place (POI).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Place {
    pub id: i64,
    pub icon_id: Option<i64>,
    pub avatar_file_name: Option<String>,
    pub location: PlaceLocation,
    pub label: String,
    pub description: Option<String>,
    pub tags: Vec<i64>,
    pub external_id: Option<String>,
    /// Custom fields by id (as a string key) → `{type, value}`.
    pub fields: Option<Map<String, Value>>,
}

lenient_struct! {
    #[derive(Default)]
    pub(crate) struct RawPlace {
        id: Option<i64>,
        icon_id: Option<i64>,
        avatar_file_name: Option<String>,
        location: RawPlaceLocation,
        label: String,
        description: Option<String>,
        tags: Vec<i64>,
        external_id: Option<String>,
        fields: Option<Map<String, Value>>,
    }
}

impl Build for Place {
    type Raw = RawPlace;
    fn build(r: RawPlace) -> Result<Self, Reason> {
        let id = r.id.ok_or(Reason::NoId)?;
        let (lat, lng) = position(r.location.lat, r.location.lng)?;
        Ok(Place {
            id,
            icon_id: r.icon_id,
            avatar_file_name: r.avatar_file_name,
            location: PlaceLocation {
                lat,
                lng,
                address: r.location.address,
                radius: r.location.radius,
            },
            label: r.label,
            description: r.description,
            tags: r.tags,
            external_id: r.external_id,
            fields: r.fields,
        })
    }
}

impl Record for Place {
    const ITEM: Item = Item::Place;
}

crate::lenient::deserialize_via_build!(Place);

/// `place/list` reply (merged over pages by `places().list()`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PlaceList {
    pub list: Vec<Place>,
    /// Total found (may exceed `list` when paged).
    pub count: Option<u64>,
    /// Places that could not be used.
    #[serde(skip_serializing_if = "LeftOut::is_empty")]
    pub left_out: LeftOut,
}

lenient_struct! {
    #[derive(Default)]
    struct RawPlaceList {
        list: Vec<Place>,
        count: Option<u64>,
    }
}

impl<'de> Deserialize<'de> for PlaceList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let scope = Scope::begin();
        let r = RawPlaceList::read(d)?;
        Ok(PlaceList {
            list: r.list,
            count: r.count,
            left_out: scope.end(),
        })
    }
}

impl std::ops::Deref for PlaceList {
    type Target = [Place];
    fn deref(&self) -> &[Place] {
        &self.list
    }
}

impl IntoIterator for PlaceList {
    type Item = Place;
    type IntoIter = std::vec::IntoIter<Place>;
    fn into_iter(self) -> Self::IntoIter {
        self.list.into_iter()
    }
}
