//! Narrower forms of the per-point columns the app keeps beside the page's points (odometer and
//! precision, see `kept`), taken only when they give back every value bit for bit: servers send
//! odometers with two or three decimals and precision in whole metres, so a million points keep
//! 6 MB instead of 11.

/// Odometer readings, km: whole thousandths where that is exact, else as they came.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Odometer {
    /// Thousandths of a km; [`NO_MILLI`] for none.
    Milli(Vec<i32>),
    /// NaN for none.
    Full(Vec<f64>),
}

const NO_MILLI: i32 = i32::MIN;

/// `x` as whole thousandths, if they divide back to the same double: the quotient of two
/// integers a double holds exactly is correctly rounded, so a reading parsed from up to three
/// decimals always does.
fn milli(x: f64) -> Option<i32> {
    let m = (x * 1000.0).round();
    // Also refuses NaN and infinities; NO_MILLI itself is left for "none".
    if !(m > f64::from(NO_MILLI) && m <= f64::from(i32::MAX)) {
        return None;
    }
    let m = m as i32;
    (f64::from(m) / 1000.0)
        .to_bits()
        .eq(&x.to_bits())
        .then_some(m)
}

impl Odometer {
    pub(crate) fn new(v: Vec<f64>) -> Self {
        let mut out = Vec::with_capacity(v.len());
        for &x in &v {
            match milli(x) {
                _ if x.is_nan() => out.push(NO_MILLI),
                Some(m) => out.push(m),
                None => return Odometer::Full(v),
            }
        }
        Odometer::Milli(out)
    }

    pub(crate) fn get(&self, i: usize) -> Option<f64> {
        match self {
            Odometer::Milli(v) => {
                let m = *v.get(i)?;
                (m != NO_MILLI).then(|| f64::from(m) / 1000.0)
            }
            Odometer::Full(v) => v.get(i).copied().filter(|x| !x.is_nan()),
        }
    }

    /// The column as the track has it (NaN for none).
    pub(crate) fn column(&self) -> Vec<f64> {
        match self {
            Odometer::Milli(v) => (0..v.len())
                .map(|i| self.get(i).unwrap_or(f64::NAN))
                .collect(),
            Odometer::Full(v) => v.clone(),
        }
    }
}

/// Precision, metres: whole metres where that is exact, else as they came.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Precision {
    /// [`NO_METRES`] for none.
    Metres(Vec<u16>),
    /// NaN for none.
    Full(Vec<f32>),
}

const NO_METRES: u16 = u16::MAX;

fn metres(x: f32) -> Option<u16> {
    if !(x >= 0.0 && x < f32::from(NO_METRES)) {
        return None;
    }
    let m = x as u16;
    (f32::from(m).to_bits() == x.to_bits()).then_some(m)
}

impl Precision {
    pub(crate) fn new(v: Vec<f32>) -> Self {
        let mut out = Vec::with_capacity(v.len());
        for &x in &v {
            match metres(x) {
                _ if x.is_nan() => out.push(NO_METRES),
                Some(m) => out.push(m),
                None => return Precision::Full(v),
            }
        }
        Precision::Metres(out)
    }

    pub(crate) fn get(&self, i: usize) -> Option<f32> {
        match self {
            Precision::Metres(v) => {
                let m = *v.get(i)?;
                (m != NO_METRES).then(|| f32::from(m))
            }
            Precision::Full(v) => v.get(i).copied().filter(|x| !x.is_nan()),
        }
    }

    /// The column as the track has it (NaN for none).
    pub(crate) fn column(&self) -> Vec<f32> {
        match self {
            Precision::Metres(v) => (0..v.len())
                .map(|i| self.get(i).unwrap_or(f32::NAN))
                .collect(),
            Precision::Full(v) => v.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same_bits64(a: &[f64], b: &[f64]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits())
    }

    #[test]
    fn odometers_of_up_to_three_decimals_are_kept_narrow_and_come_back_exact() {
        // Every reading with three decimals up to 100,000 km in steps that hit many roundings.
        let mut v: Vec<f64> = (0..200_000)
            .map(|i| {
                format!("{}.{:03}", i / 2, (i * 7919) % 1000)
                    .parse()
                    .unwrap()
            })
            .collect();
        v.push(f64::NAN);
        v.push(2_147_483.647); // the largest that fits
        v.push(120_345.25);
        let o = Odometer::new(v.clone());
        assert!(matches!(o, Odometer::Milli(_)));
        assert!(same_bits64(&o.column(), &v));
        assert_eq!(o.get(200_000), None);
        assert_eq!(o.get(200_002), Some(120_345.25));
        assert_eq!(o.get(9_999_999), None);
    }

    #[test]
    fn anything_else_is_kept_as_it_came() {
        for odd in [
            0.0001,
            -0.0,
            2_147_483.648,
            -2_147_483.648,
            f64::INFINITY,
            1e300,
            0.1 + 0.2,
        ] {
            let v = vec![1.5, odd, f64::NAN];
            let o = Odometer::new(v.clone());
            assert!(matches!(o, Odometer::Full(_)), "{odd}");
            assert!(same_bits64(&o.column(), &v), "{odd}");
            assert_eq!(o.get(1), Some(odd));
            assert_eq!(o.get(2), None);
        }
        // Negative readings with few decimals are fine narrow.
        let o = Odometer::new(vec![-12.5, -0.001]);
        assert!(matches!(o, Odometer::Milli(_)));
        assert_eq!(o.column(), vec![-12.5, -0.001]);
    }

    #[test]
    fn precision_in_whole_metres_is_kept_narrow_and_anything_else_as_it_came() {
        let v = vec![0.0, 5.0, f32::NAN, 65_534.0];
        let p = Precision::new(v.clone());
        assert!(matches!(p, Precision::Metres(_)));
        assert_eq!(p.get(1), Some(5.0));
        assert_eq!(p.get(2), None);
        assert_eq!(p.get(3), Some(65_534.0));
        assert_eq!(p.get(4), None);
        let back = p.column();
        assert!(back[2].is_nan());
        assert_eq!([back[0], back[1], back[3]], [0.0, 5.0, 65_534.0]);
        for odd in [4.5, -1.0, -0.0, 65_535.0, 1e9, f32::INFINITY] {
            let v = vec![3.0, odd, f32::NAN];
            let p = Precision::new(v.clone());
            assert!(matches!(p, Precision::Full(_)), "{odd}");
            assert_eq!(p.get(1), Some(odd));
            assert_eq!(p.column()[1].to_bits(), odd.to_bits());
        }
    }
}
