//! A trip, second by second: speed follows the road's limit at a share drawn now and then
//! (traffic), braking ahead of lower limits, corners, junctions and the end; red lights and
//! give-way stops at real junctions; fixes on a schedule or when heading or speed change.

use rand::Rng;

use super::geo::{Polyline, heading_delta};
use super::motion::DayBuilder;

/// A stop planned ahead: where (arc length) and for how long (seconds).
struct Stop {
    at: f64,
    secs: f64,
}

impl DayBuilder {
    /// The next stop after arc length `from`: a red light or a give-way at a junction the route
    /// crosses, or (on routes without junction data) a stop every few hundred metres.
    fn plan_stop(&mut self, route: &Polyline, from: f64) -> Option<Stop> {
        let end = route.length() - 50.0;
        if route.junctions.is_empty() && route.limits.is_empty() {
            let (a, b) = self.prof.stop_every;
            let at = from + self.rng.gen_range(a..b);
            let (s0, s1) = self.prof.stop_secs;
            let secs = self.rng.gen_range(s0..s1);
            return (at < end).then_some(Stop { at, secs });
        }
        let first = route.junctions.partition_point(|&(at, _)| at <= from + 1.0);
        for k in first..route.junctions.len() {
            let (at, signal) = route.junctions[k];
            if at >= end {
                break;
            }
            let p = if signal {
                self.prof.p_red
            } else {
                self.prof.p_yield
            };
            if p > 0.0 && self.rng.gen_bool(p) {
                let secs = if signal {
                    let (s0, s1) = self.prof.stop_secs;
                    self.rng.gen_range(s0..s1)
                } else {
                    self.rng.gen_range(3.0..12.0)
                };
                return Some(Stop { at, secs });
            }
        }
        None
    }

    /// The share of the limit to hold for the next while (a lead-footed stretch now and then).
    fn pick_share(&mut self) -> f64 {
        match self.prof.fast {
            Some((p, (a, b))) if self.rng.gen_bool(p) => self.rng.gen_range(a..=b),
            _ => {
                let (a, b) = self.prof.flow;
                if a < b { self.rng.gen_range(a..=b) } else { a }
            }
        }
    }

    fn pick_cruise(&mut self) -> f64 {
        let (a, b) = self.prof.cruise;
        self.rng.gen_range(a..=b) / 3.6
    }

    /// Drives `route` starting at `t0` (seconds of day); returns the arrival time.
    pub fn drive(&mut self, route: &Polyline, t0: f64) -> f64 {
        let len = route.length();
        let start = self.data.points.len() as u32;
        let id = self.next_track_id();
        self.start_trace(route);
        let (accel, decel) = (self.prof.accel, self.prof.decel);
        let turn_v = self.prof.turn_kmh / 3.6;
        let cap = self.prof.cap_kmh / 3.6;
        let mut hint = 0usize;
        let mut t = t0.round();
        let (mut d, mut v) = (0.0f64, 0.0f64);
        let mut share = self.pick_share();
        let mut cruise = self.pick_cruise();
        let mut retarget_at = t + self.rng.gen_range(20.0..60.0);
        let mut stop = self.plan_stop(route, 0.0);
        let mut stop_until: Option<f64> = None;
        let mut stop_recorded = true;
        let (mut turn_i, mut lim_i, mut junc_i) = (0usize, 0usize, 0usize);
        let brake = |dist: f64| (2.0 * decel * (dist - 1.0).max(0.0)).sqrt().max(1.2);

        self.push_trip_point(route, 0.0, 0.0, t, &mut hint, true);
        let mut last_t = t;
        let mut last_h = self.heading;
        let mut last_v = 0.0;
        let mut interval = self.sample_interval();
        loop {
            t += 1.0;
            if let Some(until) = stop_until {
                v = 0.0;
                if t >= until {
                    stop_until = None;
                    stop = self.plan_stop(route, d);
                }
            } else {
                while turn_i < route.sharp_turns.len() && route.sharp_turns[turn_i].0 < d - 1.0 {
                    turn_i += 1;
                }
                while lim_i + 1 < route.limits.len() && route.limits[lim_i + 1].0 <= d {
                    lim_i += 1;
                }
                while junc_i < route.junctions.len() && route.junctions[junc_i].0 < d - 1.0 {
                    junc_i += 1;
                }
                let want = |kmh: Option<f64>| match kmh {
                    Some(l) => (l / 3.6 * share).min(cap),
                    None => cruise.min(cap),
                };
                let target = want(route.limits.get(lim_i).map(|l| l.1));
                let mut vmax = target.min(brake(len - d));
                // Slow down before a lower limit, not after it.
                if let Some(&(at, kmh)) = route.limits.get(lim_i + 1) {
                    let next = want(Some(kmh));
                    vmax = vmax.min((next * next + 2.0 * decel * (at - d).max(0.0)).sqrt());
                }
                if let Some(s) = &stop {
                    vmax = vmax.min(brake(s.at - d));
                }
                if let Some(&(td, _)) = route.sharp_turns.get(turn_i) {
                    vmax = vmax.min((turn_v * turn_v + 2.0 * decel * (td - d).max(0.0)).sqrt());
                }
                // Junctions without signals are taken with care (crossing traffic).
                if let Some(&(jd, false)) = route.junctions.get(junc_i) {
                    let pass = turn_v.max(0.75 * target);
                    vmax = vmax.min((pass * pass + 2.0 * decel * (jd - d).max(0.0)).sqrt());
                }
                v = if v < vmax {
                    (v + accel).min(vmax)
                } else {
                    (v - decel * 1.5).max(vmax)
                };
                d += v;
                if let Some(s) = stop.take_if(|s| d >= s.at) {
                    d = s.at;
                    v = 0.0;
                    stop_until = Some(t + s.secs);
                    stop_recorded = false;
                }
                if d >= len - 0.5 {
                    break;
                }
            }
            let h = route.heading_at(d, &mut hint);
            if t >= retarget_at {
                share = self.pick_share();
                cruise = self.pick_cruise();
                retarget_at = t + self.rng.gen_range(20.0..60.0);
            }
            let since = t - last_t;
            // Like real devices: a fix on schedule, on turning, on a sharp speed change.
            let due = since >= interval
                || (since >= 5.0 && heading_delta(h, last_h) >= 25.0)
                || (since >= 5.0 && (v - last_v).abs() * 3.6 >= 20.0)
                || (since >= 5.0 && last_v == 0.0 && v > 0.0)
                || (since >= 5.0 && !stop_recorded);
            if due {
                self.push_trip_point(route, d, v, t, &mut hint, false);
                stop_recorded = stop_recorded || v == 0.0;
                last_t = t;
                last_h = h;
                last_v = v;
                interval = self.sample_interval();
            }
        }
        if t - last_t < 1.0 {
            t += 1.0;
        }
        self.push_trip_point(route, len, 0.0, t, &mut hint, true);
        self.end_trip(id, start);
        t
    }
}
