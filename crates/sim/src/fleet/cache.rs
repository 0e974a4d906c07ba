//! A bounded cache of generated tracker-days, weighted by point count so a 10 000-object fleet
//! or a million-point day cannot grow memory without limit. Eviction is oldest-first.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use super::day::DayData;

type Key = (u32, i64);

pub struct DayCache {
    inner: Mutex<Inner>,
    max_points: usize,
}

#[derive(Default)]
struct Inner {
    map: HashMap<Key, Arc<DayData>>,
    order: VecDeque<Key>,
    points: usize,
}

fn weight(d: &DayData) -> usize {
    d.points.len() + 1
}

impl DayCache {
    pub fn new(max_points: usize) -> Self {
        DayCache {
            inner: Mutex::new(Inner::default()),
            max_points,
        }
    }

    /// Returns the cached day or generates it outside the lock (two threads may race to
    /// generate the same day; generation is deterministic, so either result is fine).
    pub fn get_or_generate(&self, key: Key, generate: impl FnOnce() -> DayData) -> Arc<DayData> {
        if let Some(d) = self.inner.lock().expect("cache lock").map.get(&key) {
            return d.clone();
        }
        let day = Arc::new(generate());
        let mut inner = self.inner.lock().expect("cache lock");
        if let Some(d) = inner.map.get(&key) {
            return d.clone();
        }
        inner.points += weight(&day);
        inner.map.insert(key, day.clone());
        inner.order.push_back(key);
        while inner.points > self.max_points && inner.order.len() > 1 {
            let Some(old) = inner.order.pop_front() else {
                break;
            };
            if let Some(d) = inner.map.remove(&old) {
                inner.points -= weight(&d);
            }
        }
        day
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evicts_by_weight() {
        let cache = DayCache::new(10);
        let mut calls = 0;
        for day in 0..20 {
            cache.get_or_generate((0, day), || {
                calls += 1;
                DayData::default()
            });
        }
        assert_eq!(calls, 20);
        let inner = cache.inner.lock().unwrap();
        assert!(inner.points <= 10);
        assert!(inner.map.contains_key(&(0, 19)));
    }
}
