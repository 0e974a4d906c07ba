//! Lenient decoding: every field of a reply reads whatever JSON the server sends — absent, `null`
//! or of an unexpected type reads as `None`/empty/default — in one streaming pass (no
//! `serde_json::Value` per field). A record that cannot be used without a missing value is left
//! out of its list and counted ([`LeftOut`]); only the envelope decides whether a reply failed.
//!
//! The pieces: `Lenient` (read any JSON value, never fail on a well-formed one), `Build`
//! (a raw record → the model, or the [`Reason`] it is unusable), `Record` (a build that lives in
//! lists and is counted under an [`Item`] when left out), and `lenient_struct!`, which writes the
//! map reader of a struct whose fields are all lenient (last duplicate key wins, unknown keys
//! are skipped).

mod left_out;
mod scalars;

pub use left_out::{Item, LeftOut, Reason};
pub(crate) use left_out::{Scope, note};

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// A JSON scalar as the visitor saw it; objects and arrays that a type does not read arrive as
/// `Other` after they were skipped.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Scalar<'a> {
    Null,
    Bool(bool),
    I64(i64),
    U64(u64),
    F64(f64),
    Str(&'a str),
    Other,
}

/// A value read from any JSON: the `map`/`seq` readers are used for objects and arrays, `scalar`
/// for the rest. Only malformed JSON is an error.
pub(crate) trait Lenient: Sized {
    fn scalar(s: Scalar<'_>) -> Self;

    fn map<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Self::scalar(Scalar::Other))
    }

    fn seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<Self, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Self::scalar(Scalar::Other))
    }

    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(AnyVisitor::<Self>(PhantomData))
    }
}

/// A model built from a lenient raw form; `Err` says why the raw form is unusable.
pub(crate) trait Build: Sized {
    type Raw: Lenient;
    fn build(raw: Self::Raw) -> Result<Self, Reason>;
}

/// A model that comes in lists: one that cannot be built is left out and counted as `ITEM`.
pub(crate) trait Record: Build {
    const ITEM: Item;
}

struct AnyVisitor<T>(PhantomData<T>);

impl<'de, T: Lenient> Visitor<'de> for AnyVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<T, E> {
        Ok(T::scalar(Scalar::Bool(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        Ok(T::scalar(Scalar::I64(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        Ok(T::scalar(Scalar::U64(v)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        Ok(T::scalar(Scalar::F64(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        Ok(T::scalar(Scalar::Str(v)))
    }
    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<T, E> {
        Ok(T::scalar(Scalar::Other))
    }
    fn visit_none<E: de::Error>(self) -> Result<T, E> {
        Ok(T::scalar(Scalar::Null))
    }
    fn visit_unit<E: de::Error>(self) -> Result<T, E> {
        Ok(T::scalar(Scalar::Null))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::map(map)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<T, A::Error> {
        T::seq(seq)
    }
}

/// `Deserialize` through [`Lenient`] (map values, list elements).
pub(crate) struct L<T>(pub T);

impl<'de, T: Lenient> de::Deserialize<'de> for L<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::read(d).map(L)
    }
}

/// An object key, borrowed from the input when it has no escapes (no allocation per key).
pub(crate) enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Key<'_> {
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Owned(s) => s,
        }
    }
}

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v.to_owned()))
            }
        }
        d.deserialize_str(V)
    }
}

/// `Option<T>` of a built model: an object that builds is `Some`; anything else is `None` (a
/// nested value is not a record of its own: nothing is counted).
impl<T: Build> Lenient for Option<T> {
    fn scalar(_: Scalar<'_>) -> Self {
        None
    }
    fn map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
        Ok(T::build(T::Raw::map(map)?).ok())
    }
}

/// One list element: an object that builds, or the reason it was left out.
struct Entry<T>(Result<T, Reason>);

impl<T: Build> Lenient for Entry<T> {
    fn scalar(_: Scalar<'_>) -> Self {
        Entry(Err(Reason::Unreadable))
    }
    fn map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
        Ok(Entry(T::build(T::Raw::map(map)?)))
    }
    fn seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<Self, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Entry(Err(Reason::Unreadable)))
    }
}

/// A list of records: what builds is kept, the rest is counted in the decode's tally. A value
/// that is not a list reads as an empty list.
impl<T: Record> Lenient for Vec<T> {
    fn scalar(_: Scalar<'_>) -> Self {
        Vec::new()
    }
    fn seq<'de, A: SeqAccess<'de>>(seq: A) -> Result<Self, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        records(seq, |v| out.push(v))?;
        Ok(out)
    }
}

/// One list element on its own: the record, the reason it is left out (not yet counted), or
/// malformed JSON (a reader that tokenizes records itself hands serde the ones it cannot).
pub(crate) fn record<'de, T: Record, D: de::Deserializer<'de>>(
    d: D,
) -> Result<Result<T, Reason>, D::Error> {
    L::<Entry<T>>::deserialize(d).map(|L(Entry(e))| e)
}

/// Reads a list of records, handing each one that builds to `keep` in order and counting the
/// rest in the decode's tally: the one list rule, whether the records are kept as a `Vec` or
/// poured straight into a caller's columns.
pub(crate) fn records<'de, T: Record, A: SeqAccess<'de>>(
    mut seq: A,
    mut keep: impl FnMut(T),
) -> Result<(), A::Error> {
    while let Some(L(Entry(e))) = seq.next_element::<L<Entry<T>>>()? {
        match e {
            Ok(v) => keep(v),
            Err(reason) => note(T::ITEM, reason),
        }
    }
    Ok(())
}

/// Reads a list of plain values (ids, names), keeping those that read as `Some`.
pub(crate) fn seq_of<'de, T, A>(mut seq: A) -> Result<Vec<T>, A::Error>
where
    A: SeqAccess<'de>,
    Option<T>: Lenient,
{
    let mut out = Vec::new();
    while let Some(L(v)) = seq.next_element::<L<Option<T>>>()? {
        out.extend(v);
    }
    Ok(out)
}

/// Deserializes a model whose raw form must build (a record read on its own, not in a list):
/// an unusable record is an error here, as there is nothing to return instead.
pub(crate) fn deserialize_built<'de, T: Build, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    T::build(T::Raw::read(d)?).map_err(|r| de::Error::custom(format!("a record {}", r.phrase())))
}

/// Implements `Deserialize` for models through their [`Build`].
macro_rules! deserialize_via_build {
    ($($t:ty),* $(,)?) => {$(
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::lenient::deserialize_built(d)
            }
        }
    )*};
}
pub(crate) use deserialize_via_build;

/// The JSON key of a field: its name, or the literal given with `as "key"`.
macro_rules! field_key {
    ($f:ident) => {
        stringify!($f)
    };
    ($f:ident, $k:literal) => {
        $k
    };
}
pub(crate) use field_key;

/// Declares a struct whose fields are all [`Lenient`] and gives it a streaming map reader:
/// unknown keys are skipped, a repeated key takes the last value, a non-object reads as
/// `Default`. With `build`, it is also its own `Build` (always usable) and `Deserialize`.
macro_rules! lenient_struct {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident $(: $build:ident)? {
            $(
                $(#[$fmeta:meta])*
                $fvis:vis $field:ident $(as $key:literal)? : $ty:ty
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis struct $name {
            $( $(#[$fmeta])* $fvis $field: $ty, )*
        }

        impl $crate::lenient::Lenient for $name {
            fn scalar(_: $crate::lenient::Scalar<'_>) -> Self {
                <$name as Default>::default()
            }
            fn map<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                let mut out = <$name as Default>::default();
                while let Some(k) = map.next_key::<$crate::lenient::Key<'de>>()? {
                    match k.as_str() {
                        $(
                            $crate::lenient::field_key!($field $(, $key)?) => {
                                out.$field = map.next_value::<$crate::lenient::L<$ty>>()?.0;
                            }
                        )*
                        _ => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(out)
            }
        }

        impl $name {
            /// What sets the field `key` names from a scalar value, exactly as `map` reads
            /// one; `None` for a key the struct does not have. For readers that tokenize a
            /// reply themselves (`models::track_read`), which look a key up once and use its
            /// setter for every record that has the same key in the same place.
            #[allow(dead_code)]
            pub(crate) fn setter(key: &str) -> Option<fn(&mut Self, $crate::lenient::Scalar<'_>)> {
                match key {
                    $(
                        $crate::lenient::field_key!($field $(, $key)?) => Some(
                            |r: &mut Self, s: $crate::lenient::Scalar<'_>| {
                                r.$field = <$ty as $crate::lenient::Lenient>::scalar(s);
                            },
                        ),
                    )*
                    _ => None,
                }
            }
        }

        $( $crate::lenient::lenient_struct!(@$build $name); )?
    };
    (@build $name:ident) => {
        impl $crate::lenient::Build for $name {
            type Raw = $name;
            fn build(raw: $name) -> Result<$name, $crate::lenient::Reason> {
                Ok(raw)
            }
        }
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                <$name as $crate::lenient::Lenient>::read(d)
            }
        }
    };
}
pub(crate) use lenient_struct;

/// Checks a position: both coordinates present, finite and on the globe.
pub(crate) fn position(lat: Option<f64>, lng: Option<f64>) -> Result<(f64, f64), Reason> {
    match (lat, lng) {
        (Some(lat), Some(lng)) if lat.abs() <= 90.0 && lng.abs() <= 180.0 => Ok((lat, lng)),
        (Some(_), Some(_)) => Err(Reason::OutOfRange),
        _ => Err(Reason::NoPosition),
    }
}
