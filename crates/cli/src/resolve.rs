//! Finding the object a person means: a tracker id, an exact name, or a unique part of a name.

use crate::fail::{Fail, Res};
use trackmate_api::Tracker;

/// Picks the tracker `wanted` names among `all`.
pub fn object<'a>(all: &'a [Tracker], wanted: &str) -> Res<&'a Tracker> {
    let w = wanted.trim();
    if let Ok(id) = w.parse::<i64>() {
        if let Some(t) = all.iter().find(|t| t.id == id) {
            return Ok(t);
        }
    }
    let lw = w.to_lowercase();
    let exact: Vec<&Tracker> = all
        .iter()
        .filter(|t| t.label.to_lowercase() == lw)
        .collect();
    if exact.len() == 1 {
        return Ok(exact[0]);
    }
    let pool = if exact.is_empty() {
        all.iter()
            .filter(|t| t.label.to_lowercase().contains(&lw))
            .collect()
    } else {
        exact
    };
    match pool.len() {
        1 => Ok(pool[0]),
        0 => Err(Fail::Usage(format!(
            "No object matches {wanted:?}. `trackmate objects` lists them."
        ))),
        _ => {
            let names: Vec<String> = pool
                .iter()
                .take(10)
                .map(|t| format!("  {}  {}", t.id, t.label))
                .collect();
            Err(Fail::Usage(format!(
                "{wanted:?} matches {} objects; give the id or the full name:\n{}",
                pool.len(),
                names.join("\n")
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(id: i64, label: &str) -> Tracker {
        serde_json::from_value(serde_json::json!({"id": id, "label": label})).unwrap()
    }

    #[test]
    fn id_exact_name_or_unique_part() {
        let all = vec![t(1, "Van 1"), t(2, "Van 12"), t(3, "Truck"), t(12, "Bike")];
        assert_eq!(object(&all, "12").unwrap().id, 12);
        assert_eq!(object(&all, "van 1").unwrap().id, 1);
        assert_eq!(object(&all, "ruck").unwrap().id, 3);
        let e = object(&all, "Van").unwrap_err().to_string();
        assert!(e.contains("matches 2 objects"), "{e}");
        assert!(
            object(&all, "Boat")
                .unwrap_err()
                .to_string()
                .contains("No object")
        );
    }
}
