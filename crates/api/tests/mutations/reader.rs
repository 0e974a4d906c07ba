//! The mutation test's own reading of a reply: which records a JSON value holds, which of them
//! are usable by the test's rules (written apart from the crate's), and what must be left out
//! and why. `expect` is the oracle the decoded replies are compared with.

use serde_json::{Map, Value};
use std::collections::BTreeMap;
use trackmate_api::{Item, LeftOut, Reason};

/// A kind of record as this test knows it (its own rules, not the crate's).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum R {
    /// A track point (`track/read`, `points_list`, last GPS point): position and time.
    Point,
    /// A bare position (cluster points, zone points).
    Pos,
    Trip,
    Object,
    Group,
    State,
    Event,
    EventType,
    Zone,
    Place,
}

impl R {
    pub(crate) fn item(self) -> Item {
        match self {
            R::Point | R::Pos => Item::Point,
            R::Trip => Item::Trip,
            R::Object => Item::Object,
            R::Group => Item::Group,
            R::State => Item::State,
            R::Event => Item::Event,
            R::EventType => Item::EventType,
            R::Zone => Item::Zone,
            R::Place => Item::Place,
        }
    }

    /// Lists of records inside this one.
    pub(crate) fn children(self) -> &'static [(&'static str, R)] {
        match self {
            R::Trip => &[("points_list", R::Point), ("points", R::Pos)],
            R::Zone => &[("points", R::Pos)],
            _ => &[],
        }
    }

    /// Whether a record is usable, and if not, why (first reason in the documented order).
    pub(crate) fn check(self, o: &Map<String, Value>) -> Result<(), Reason> {
        match self {
            R::Point => {
                pos(o)?;
                time(o.get("get_time"))
            }
            R::Pos => pos(o),
            R::Trip => {
                let known = ["regular", "merged", "single_report", "cluster"];
                match o.get("type").and_then(Value::as_str) {
                    Some(t) if known.contains(&t) => time(o.get("start_date")),
                    _ => Err(Reason::UnknownKind),
                }
            }
            R::Object | R::Group => id(o.get("id")),
            R::State => Ok(()),
            R::Event => {
                id(o.get("id"))?;
                time(o.get("time"))
            }
            R::EventType => match o.get("type") {
                Some(Value::String(s)) if !s.is_empty() => Ok(()),
                Some(Value::Number(_) | Value::Bool(_)) => Ok(()),
                _ => Err(Reason::NoId),
            },
            R::Zone => match o.get("type").and_then(Value::as_str) {
                Some("circle" | "polygon" | "sausage") => Ok(()),
                _ => Err(Reason::UnknownKind),
            },
            R::Place => {
                id(o.get("id"))?;
                match o.get("location") {
                    Some(Value::Object(l)) => pos(l),
                    _ => Err(Reason::NoPosition),
                }
            }
        }
    }
}

pub(crate) fn num(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok().filter(|f| f.is_finite()),
        _ => None,
    }
}

pub(crate) fn pos(o: &Map<String, Value>) -> Result<(), Reason> {
    match (num(o.get("lat")), num(o.get("lng"))) {
        (Some(a), Some(b)) if a.abs() <= 90.0 && b.abs() <= 180.0 => Ok(()),
        (Some(_), Some(_)) => Err(Reason::OutOfRange),
        _ => Err(Reason::NoPosition),
    }
}

/// The examples' times are all readable; a mutation can only take the string away.
pub(crate) fn time(v: Option<&Value>) -> Result<(), Reason> {
    match v {
        Some(Value::String(s)) if !s.is_empty() => Ok(()),
        _ => Err(Reason::NoTime),
    }
}

pub(crate) fn id(v: Option<&Value>) -> Result<(), Reason> {
    num(v).map(|_| ()).ok_or(Reason::NoId)
}

/// Where the records of a reply sit.
#[derive(Clone, Copy)]
pub(crate) enum At {
    List(&'static str),
    Value(&'static str),
    MapValues(&'static str),
}

#[derive(Debug, Default, PartialEq)]
pub(crate) struct Outcome {
    pub kept: BTreeMap<String, usize>,
    pub left: Vec<(Item, Reason, u64)>,
}

impl Outcome {
    pub(crate) fn keep(&mut self, item: Item, n: usize) {
        if n == 0 {
            return;
        }
        *self.kept.entry(format!("{item:?}")).or_default() += n;
    }
    pub(crate) fn total(&self, item: Item) -> usize {
        self.kept.get(&format!("{item:?}")).copied().unwrap_or(0)
    }
}

/// What the mutated JSON holds, read by this test's rules.
pub(crate) fn expect(roots: &[(At, R)], root: &Value) -> Outcome {
    let mut out = Outcome::default();
    let mut left = LeftOut::default();
    fn visit(r: R, v: &Value, out: &mut Outcome, left: &mut LeftOut) {
        let Value::Object(o) = v else {
            left.add(r.item(), Reason::Unreadable, 1);
            return;
        };
        if let Err(why) = r.check(o) {
            left.add(r.item(), why, 1);
            return;
        }
        out.keep(r.item(), 1);
        for (key, child) in r.children() {
            if let Some(Value::Array(a)) = o.get(*key) {
                for c in a {
                    visit(*child, c, out, left);
                }
            }
        }
    }
    for &(at, r) in roots {
        match at {
            At::List(k) => {
                if let Some(Value::Array(a)) = root.get(k) {
                    for v in a {
                        visit(r, v, &mut out, &mut left);
                    }
                }
            }
            At::Value(k) => match root.get(k) {
                None | Some(Value::Null) => {}
                Some(v) => visit(r, v, &mut out, &mut left),
            },
            At::MapValues(k) => {
                if let Some(Value::Object(m)) = root.get(k) {
                    for (key, v) in m {
                        if key.parse::<i64>().is_err() {
                            left.add(r.item(), Reason::NoId, 1);
                        } else {
                            visit(r, v, &mut out, &mut left);
                        }
                    }
                }
            }
        }
    }
    out.left = left.iter().collect();
    out
}
