//! Figures in the panel's language: numbers, distances, durations and speeds written as the
//! app's `ui/src/lib/format.ts` writes them (its rules: one decimal under 10, none from 10 on;
//! days from 48 hours; the decimal mark and grouping of `Intl.NumberFormat`), in the words of
//! `i18n::Units`. Short distances, which the app shows as tenths, show here in metres or feet.

use crate::i18n::Units;
use trackmate_tracks::speed_scale::SpeedUnit;

/// `v` rounded to `decimals` digits, with the language's decimal mark and grouping.
pub fn number(v: f64, decimals: usize, u: &Units) -> String {
    let text = format!("{:.*}", decimals, v.abs());
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (text.as_str(), None),
    };
    // No minus for a value that rounds to zero ("-0").
    let negative = v < 0.0 && text.bytes().any(|b| b.is_ascii_digit() && b != b'0');
    let mut out = String::with_capacity(text.len() + 8);
    if negative {
        out.push('-');
    }
    let grouped = whole.len() >= u.group_from;
    for (k, digit) in whole.chars().enumerate() {
        if grouped && k > 0 && (whole.len() - k) % 3 == 0 {
            out.push_str(u.group);
        }
        out.push(digit);
    }
    if let Some(f) = fraction {
        out.push(u.decimal);
        out.push_str(f);
    }
    out
}

/// `12.3 km`, `150 km`, `850 m`, in the unit system of `unit`.
pub fn distance(m: f64, unit: SpeedUnit, u: &Units) -> String {
    let (per, big, small, small_per) = match unit {
        SpeedUnit::Kmh => (1000.0, u.km, u.m, 1.0),
        SpeedUnit::Mph => (1609.344, u.mi, u.ft, 0.3048),
        SpeedUnit::Kn => (1852.0, u.nmi, u.m, 1.0),
    };
    let v = m / per;
    if v >= 0.5 {
        let decimals = if v < 10.0 { 1 } else { 0 };
        format!("{} {big}", number(v, decimals, u))
    } else {
        format!("{} {small}", number(m / small_per, 0, u))
    }
}

/// `45 s`, `7 min`, `2 h 5 min`, `3 d 4 h`.
pub fn duration(secs: f64, u: &Units) -> String {
    let secs = secs.max(0.0);
    if secs < 60.0 {
        return format!("{} {}", secs.round(), u.s);
    }
    let minutes = (secs / 60.0).round() as i64;
    if minutes < 60 {
        return format!("{minutes} {}", u.min);
    }
    let hours = minutes / 60;
    if hours >= 48 {
        format!("{} {} {} {}", hours / 24, u.d, hours % 24, u.h)
    } else {
        format!("{hours} {} {} {}", u.h, minutes % 60, u.min)
    }
}

/// `62 mph`, whole units.
pub fn speed(kmh: f64, unit: SpeedUnit, u: &Units) -> String {
    format!("{} {}", number(unit.from_kmh(kmh), 0, u), u.speed(unit))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn figures_read_as_the_app_writes_them() {
        let en = &Lang::En.texts().units;
        assert_eq!(distance(12_345.0, SpeedUnit::Kmh, en), "12 km");
        assert_eq!(distance(3_456.0, SpeedUnit::Kmh, en), "3.5 km");
        assert_eq!(distance(15_046_100.0, SpeedUnit::Kmh, en), "15,046 km");
        assert_eq!(distance(420.0, SpeedUnit::Kmh, en), "420 m");
        assert_eq!(distance(16_093.44, SpeedUnit::Mph, en), "10 mi");
        assert_eq!(duration(7_500.0, en), "2 h 5 min");
        assert_eq!(duration(420.0, en), "7 min");
        assert_eq!(duration(45.0, en), "45 s");
        assert_eq!(duration(282.0 * 3600.0 + 900.0, en), "11 d 18 h");
        assert_eq!(speed(100.0, SpeedUnit::Mph, en), "62 mph");
        // Russian and Ukrainian: a comma, a no-break space between thousands (as Intl has them).
        let ru = &Lang::Ru.texts().units;
        assert_eq!(distance(3_456.0, SpeedUnit::Kmh, ru), "3,5 км");
        assert_eq!(distance(15_046_100.0, SpeedUnit::Kmh, ru), "15\u{a0}046 км");
        assert_eq!(distance(420.0, SpeedUnit::Kmh, ru), "420 м");
        assert_eq!(duration(7_500.0, ru), "2 ч 5 мин");
        assert_eq!(speed(100.0, SpeedUnit::Kmh, ru), "100 км/ч");
        let uk = &Lang::Uk.texts().units;
        assert_eq!(speed(100.0, SpeedUnit::Kmh, uk), "100 км/год");
        assert_eq!(duration(3.0 * 86_400.0, uk), "3 дн. 0 год");
        // German groups by dots; Spanish leaves four digits whole.
        let de = &Lang::De.texts().units;
        assert_eq!(distance(1_528_900.0, SpeedUnit::Kmh, de), "1.529 km");
        assert_eq!(duration(7_500.0, de), "2 Std. 5 Min.");
        let es = &Lang::Es.texts().units;
        assert_eq!(distance(1_528_900.0, SpeedUnit::Kmh, es), "1529 km");
        assert_eq!(distance(15_046_100.0, SpeedUnit::Kmh, es), "15.046 km");
    }

    #[test]
    fn numbers_keep_their_sign_and_digits() {
        let en = &Lang::En.texts().units;
        assert_eq!(number(-28.4, 0, en), "-28");
        assert_eq!(number(-0.4, 0, en), "0");
        assert_eq!(number(1_234_567.891, 2, en), "1,234,567.89");
        assert_eq!(number(999.0, 0, en), "999");
        assert_eq!(number(0.05, 1, en), "0.1");
    }
}
