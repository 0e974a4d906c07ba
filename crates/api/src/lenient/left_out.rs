//! What a decode left out and why: counts per kind of record and reason, the thread-local tally
//! that list readers add to (a decode is synchronous, so the tally of one reply is the tally
//! of its thread between [`Scope::begin`] and [`Scope::end`]), and the sentence a user reads.

use serde::ser::{Serialize, SerializeMap, Serializer};
use std::cell::RefCell;
use std::fmt;

/// A kind of record that can be left out of a reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Item {
    /// A track point, a point of a trip's `points_list`, of a cluster or of a zone.
    Point,
    /// An item of `track/list`: trip, single report, merged period or cluster.
    Trip,
    /// A tracker.
    Object,
    Group,
    /// A live state of `tracker/get_states`.
    State,
    /// A history entry.
    Event,
    EventType,
    Zone,
    Place,
}

/// Why a record was left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reason {
    /// No latitude or longitude (or not a number).
    NoPosition,
    /// A latitude beyond ±90° or a longitude beyond ±180°.
    OutOfRange,
    /// No readable time (a point's `get_time`, a trip's `start_date`, an event's `time`).
    NoTime,
    /// No id where the record is useless without one (an object, a place, an event).
    NoId,
    /// A kind this client does not know (a track item, zone or other `type`).
    UnknownKind,
    /// Not an object at all.
    Unreadable,
}

const ITEMS: [Item; 9] = [
    Item::Point,
    Item::Trip,
    Item::Object,
    Item::Group,
    Item::State,
    Item::Event,
    Item::EventType,
    Item::Zone,
    Item::Place,
];
const REASONS: [Reason; 6] = [
    Reason::NoPosition,
    Reason::OutOfRange,
    Reason::NoTime,
    Reason::NoId,
    Reason::UnknownKind,
    Reason::Unreadable,
];

impl Item {
    /// English noun, singular and plural.
    fn nouns(self) -> (&'static str, &'static str) {
        match self {
            Item::Point => ("point", "points"),
            Item::Trip => ("trip", "trips"),
            Item::Object => ("object", "objects"),
            Item::Group => ("group", "groups"),
            Item::State => ("state", "states"),
            Item::Event => ("event", "events"),
            Item::EventType => ("event type", "event types"),
            Item::Zone => ("zone", "zones"),
            Item::Place => ("place", "places"),
        }
    }

    /// snake_case name (JSON).
    pub fn as_str(self) -> &'static str {
        match self {
            Item::Point => "point",
            Item::Trip => "trip",
            Item::Object => "object",
            Item::Group => "group",
            Item::State => "state",
            Item::Event => "event",
            Item::EventType => "event_type",
            Item::Zone => "zone",
            Item::Place => "place",
        }
    }
}

impl Reason {
    /// How the sentence names it: "without a position", ...
    pub fn phrase(self) -> &'static str {
        match self {
            Reason::NoPosition => "without a position",
            Reason::OutOfRange => "with a position out of range",
            Reason::NoTime => "without a time",
            Reason::NoId => "without an id",
            Reason::UnknownKind => "of an unknown kind",
            Reason::Unreadable => "unreadable",
        }
    }

    /// snake_case name (JSON).
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::NoPosition => "no_position",
            Reason::OutOfRange => "out_of_range",
            Reason::NoTime => "no_time",
            Reason::NoId => "no_id",
            Reason::UnknownKind => "unknown_kind",
            Reason::Unreadable => "unreadable",
        }
    }
}

/// Records a reply held that could not be used, counted by kind and reason. Replies merged over
/// windows or pages add their counts (`+=`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LeftOut {
    counts: [[u64; REASONS.len()]; ITEMS.len()],
}

impl LeftOut {
    /// Counts `n` more `item`s left out for `reason`.
    pub fn add(&mut self, item: Item, reason: Reason, n: u64) {
        let c = &mut self.counts[item as usize][reason as usize];
        *c = c.saturating_add(n);
    }

    /// How many `item`s were left out for `reason`.
    pub fn count(&self, item: Item, reason: Reason) -> u64 {
        self.counts[item as usize][reason as usize]
    }

    /// How many `item`s were left out, for any reason.
    pub fn of(&self, item: Item) -> u64 {
        self.counts[item as usize].iter().sum()
    }

    /// How many records of every kind were left out.
    pub fn total(&self) -> u64 {
        self.counts.iter().flatten().sum()
    }

    pub fn is_empty(&self) -> bool {
        self.total() == 0
    }

    /// Non-zero counts, in a stable order.
    pub fn iter(&self) -> impl Iterator<Item = (Item, Reason, u64)> + '_ {
        ITEMS.iter().flat_map(move |&i| {
            REASONS
                .iter()
                .map(move |&r| (i, r, self.count(i, r)))
                .filter(|(_, _, n)| *n > 0)
        })
    }

    /// The sentence a user reads about the `item`s left out of a list that kept `kept` of them,
    /// e.g. "2 of 1,517 points could not be placed and were left out: 1 without a position,
    /// 1 without a time". `None` when none were left out.
    pub fn sentence(&self, item: Item, kept: usize) -> Option<String> {
        let n = self.of(item);
        if n == 0 {
            return None;
        }
        let total = (kept as u64).saturating_add(n);
        let (one, many) = item.nouns();
        let noun = if total == 1 { one } else { many };
        let verb = if item == Item::Point {
            "placed"
        } else {
            "read"
        };
        let was = if n == 1 { "was" } else { "were" };
        let why: Vec<String> = REASONS
            .iter()
            .map(|&r| (r, self.count(item, r)))
            .filter(|(_, c)| *c > 0)
            .map(|(r, c)| format!("{} {}", thousands(c), r.phrase()))
            .collect();
        Some(format!(
            "{} of {} {noun} could not be {verb} and {was} left out: {}",
            thousands(n),
            thousands(total),
            why.join(", ")
        ))
    }
}

impl std::ops::AddAssign<&LeftOut> for LeftOut {
    fn add_assign(&mut self, other: &LeftOut) {
        for (a, b) in self
            .counts
            .iter_mut()
            .flatten()
            .zip(other.counts.iter().flatten())
        {
            *a = a.saturating_add(*b);
        }
    }
}

impl std::ops::AddAssign for LeftOut {
    fn add_assign(&mut self, other: LeftOut) {
        *self += &other;
    }
}

/// "3 points without a position, 1 trip of an unknown kind" (every kind; "nothing" if empty).
impl fmt::Display for LeftOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return f.write_str("nothing");
        }
        for (k, (item, reason, n)) in self.iter().enumerate() {
            let (one, many) = item.nouns();
            let sep = if k == 0 { "" } else { ", " };
            let noun = if n == 1 { one } else { many };
            write!(f, "{sep}{} {noun} {}", thousands(n), reason.phrase())?;
        }
        Ok(())
    }
}

/// `{"point": {"no_position": 1}}`, non-zero counts only.
impl Serialize for LeftOut {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Reasons<'a>(&'a LeftOut, Item);
        impl Serialize for Reasons<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(None)?;
                for (_, r, n) in self.0.iter().filter(|(i, _, _)| *i == self.1) {
                    m.serialize_entry(r.as_str(), &n)?;
                }
                m.end()
            }
        }
        let mut m = s.serialize_map(None)?;
        for &item in ITEMS.iter().filter(|&&i| self.of(i) > 0) {
            m.serialize_entry(item.as_str(), &Reasons(self, item))?;
        }
        m.end()
    }
}

/// `1517` → `1,517`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

thread_local! {
    static TALLY: RefCell<LeftOut> = RefCell::new(LeftOut::default());
}

/// Counts one record left out by the decode running on this thread.
pub(crate) fn note(item: Item, reason: Reason) {
    TALLY.with(|t| t.borrow_mut().add(item, reason, 1));
}

/// The records left out while a reply model decodes: `begin` sets the outer tally aside, `end`
/// returns what was counted since and adds it to the outer tally (a reply nested in another
/// counts for both). Dropped without `end` (a decode error), the outer tally is restored.
pub(crate) struct Scope {
    outer: Option<LeftOut>,
}

impl Scope {
    pub(crate) fn begin() -> Scope {
        Scope {
            outer: Some(TALLY.with(|t| t.take())),
        }
    }

    pub(crate) fn end(mut self) -> LeftOut {
        let mine = TALLY.with(|t| t.take());
        if let Some(mut outer) = self.outer.take() {
            outer += &mine;
            TALLY.with(|t| *t.borrow_mut() = outer);
        }
        mine
    }
}

impl Drop for Scope {
    fn drop(&mut self) {
        if let Some(outer) = self.outer.take() {
            TALLY.with(|t| *t.borrow_mut() = outer);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sentence_counts_with_thousands_separators() {
        let mut l = LeftOut::default();
        l.add(Item::Point, Reason::NoPosition, 1);
        l.add(Item::Point, Reason::NoTime, 1);
        assert_eq!(
            l.sentence(Item::Point, 1515).as_deref(),
            Some(
                "2 of 1,517 points could not be placed and were left out: 1 without a position, 1 without a time"
            )
        );
        assert_eq!(l.sentence(Item::Trip, 3), None);
        l.add(Item::Trip, Reason::UnknownKind, 1);
        assert_eq!(
            l.sentence(Item::Trip, 0).as_deref(),
            Some("1 of 1 trip could not be read and was left out: 1 of an unknown kind")
        );
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(999), "999");
        assert_eq!(
            l.to_string(),
            "1 point without a position, 1 point without a time, 1 trip of an unknown kind"
        );
        assert_eq!(
            serde_json::to_string(&l).unwrap(),
            r#"{"point":{"no_position":1,"no_time":1},"trip":{"unknown_kind":1}}"#
        );
    }

    #[test]
    fn scopes_nest_and_restore_on_error() {
        let outer = Scope::begin();
        note(Item::Point, Reason::NoTime);
        {
            let inner = Scope::begin();
            note(Item::Zone, Reason::UnknownKind);
            assert_eq!(inner.end().total(), 1);
        }
        {
            let _failed = Scope::begin();
            note(Item::Place, Reason::NoId);
        }
        let all = outer.end();
        assert_eq!(all.count(Item::Point, Reason::NoTime), 1);
        assert_eq!(all.count(Item::Zone, Reason::UnknownKind), 1);
        assert_eq!(all.of(Item::Place), 0);
    }
}
