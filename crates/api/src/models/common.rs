//! Shapes shared by several resources: coordinates, bounds, and the two generic reply shapes
//! (a `list` of records, one `value`) that carry what their decode left out.

use crate::lenient::{
    Build, Item, LeftOut, Lenient, Reason, Record, Scope, lenient_struct, position,
};
use serde::{Deserialize, Deserializer, Serialize};

/// A WGS 84 position.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LatLng {
    pub lat: f64,
    pub lng: f64,
}

lenient_struct! {
    #[derive(Default)]
    pub(crate) struct RawLatLng {
        pub lat: Option<f64>,
        pub lng: Option<f64>,
    }
}

impl Build for LatLng {
    type Raw = RawLatLng;
    fn build(r: RawLatLng) -> Result<Self, Reason> {
        let (lat, lng) = position(r.lat, r.lng)?;
        Ok(LatLng { lat, lng })
    }
}

/// In a list (a cluster's points) a position is a point.
impl Record for LatLng {
    const ITEM: Item = Item::Point;
}

/// A bounding box as the server writes it: north-west and south-east corners.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Bounds {
    pub nw: LatLng,
    pub se: LatLng,
}

lenient_struct! {
    #[derive(Default)]
    pub(crate) struct RawBounds {
        nw: Option<LatLng>,
        se: Option<LatLng>,
    }
}

impl Build for Bounds {
    type Raw = RawBounds;
    fn build(r: RawBounds) -> Result<Self, Reason> {
        match (r.nw, r.se) {
            (Some(nw), Some(se)) => Ok(Bounds { nw, se }),
            _ => Err(Reason::NoPosition),
        }
    }
}

crate::lenient::deserialize_via_build!(LatLng, Bounds);

/// A reply that is one `list` of records (`tracker/list`, `zone/list`, `tracker/group/list`,
/// ...): the records that could be used, and what was left out and why. It reads as the slice
/// of its records.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordList<T> {
    pub list: Vec<T>,
    #[serde(skip_serializing_if = "LeftOut::is_empty")]
    pub left_out: LeftOut,
}

impl<T> Default for RecordList<T> {
    fn default() -> Self {
        RecordList {
            list: Vec::new(),
            left_out: LeftOut::default(),
        }
    }
}

struct RawList<T>(Vec<T>);

impl<T: Record> Lenient for RawList<T> {
    fn scalar(_: crate::lenient::Scalar<'_>) -> Self {
        RawList(Vec::new())
    }
    fn map<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let mut list = Vec::new();
        while let Some(k) = map.next_key::<crate::lenient::Key<'de>>()? {
            if k.as_str() == "list" {
                list = map.next_value::<crate::lenient::L<Vec<T>>>()?.0;
            } else {
                map.next_value::<serde::de::IgnoredAny>()?;
            }
        }
        Ok(RawList(list))
    }
}

impl<'de, T: Record> Deserialize<'de> for RecordList<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let scope = Scope::begin();
        let RawList(list) = RawList::<T>::read(d)?;
        Ok(RecordList {
            list,
            left_out: scope.end(),
        })
    }
}

impl<T> std::ops::Deref for RecordList<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.list
    }
}

impl<T> IntoIterator for RecordList<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.list.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a RecordList<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.list.iter()
    }
}

/// A reply that is one record under `value` (`tracker/read`, `zone/read`, ...): `None` when the
/// record is missing or unusable, with the reason in `left_out`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordValue<T> {
    pub value: Option<T>,
    #[serde(skip_serializing_if = "LeftOut::is_empty")]
    pub left_out: LeftOut,
}

struct RawValue<T>(Option<T>);

impl<T: Record> Lenient for RawValue<T> {
    fn scalar(_: crate::lenient::Scalar<'_>) -> Self {
        RawValue(None)
    }
    fn map<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let mut value = None;
        while let Some(k) = map.next_key::<crate::lenient::Key<'de>>()? {
            if k.as_str() == "value" {
                // Read as a one-element list, so an unusable value is counted like a list's.
                let crate::lenient::L(entry) = map.next_value::<crate::lenient::L<OneOf<T>>>()?;
                value = entry.0;
            } else {
                map.next_value::<serde::de::IgnoredAny>()?;
            }
        }
        Ok(RawValue(value))
    }
}

/// One record that is counted when it is there but unusable (not when it is absent or null).
struct OneOf<T>(Option<T>);

impl<T: Record> Lenient for OneOf<T> {
    fn scalar(s: crate::lenient::Scalar<'_>) -> Self {
        if !matches!(s, crate::lenient::Scalar::Null) {
            crate::lenient::note(T::ITEM, Reason::Unreadable);
        }
        OneOf(None)
    }
    fn map<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
        match T::build(T::Raw::map(map)?) {
            Ok(v) => Ok(OneOf(Some(v))),
            Err(reason) => {
                crate::lenient::note(T::ITEM, reason);
                Ok(OneOf(None))
            }
        }
    }
    fn seq<'de, A: serde::de::SeqAccess<'de>>(mut seq: A) -> Result<Self, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        crate::lenient::note(T::ITEM, Reason::Unreadable);
        Ok(OneOf(None))
    }
}

impl<'de, T: Record> Deserialize<'de> for RecordValue<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let scope = Scope::begin();
        let RawValue(value) = RawValue::<T>::read(d)?;
        Ok(RecordValue {
            value,
            left_out: scope.end(),
        })
    }
}
