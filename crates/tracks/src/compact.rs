//! Narrower forms of the per-point columns the app keeps beside the page's points (odometer and
//! precision, see `kept`), taken only when they give back every value bit for bit: servers send
//! odometers with two or three decimals and precision in whole metres, so a million points keep
//! 6 MB instead of 11.

/// A value with a narrower form that some of its values take exactly.
pub(crate) trait Narrow: Copy {
    type Narrow: Copy + PartialEq;
    /// The narrow form's "none" (the wide one's is NaN).
    const NONE: Self::Narrow;
    const NAN: Self;
    fn is_nan(self) -> bool;
    /// The narrow form, if it gives back this value bit for bit (never [`Self::NONE`]).
    fn narrow(self) -> Option<Self::Narrow>;
    fn widen(n: Self::Narrow) -> Self;
}

/// A column kept narrow where every value fits, else as it came.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Column<T: Narrow> {
    Narrow(Vec<T::Narrow>),
    Full(Vec<T>),
}

/// Odometer readings, km: whole thousandths where that is exact.
pub(crate) type Odometer = Column<f64>;
/// Precision, metres: whole metres where that is exact.
pub(crate) type Precision = Column<f32>;

impl<T: Narrow> Column<T> {
    pub(crate) fn new(v: Vec<T>) -> Self {
        let mut out = Vec::with_capacity(v.len());
        for &x in &v {
            match x.narrow() {
                _ if x.is_nan() => out.push(T::NONE),
                Some(n) => out.push(n),
                None => return Column::Full(v),
            }
        }
        Column::Narrow(out)
    }

    /// Value `i`, if known.
    pub(crate) fn get(&self, i: usize) -> Option<T> {
        match self {
            Column::Narrow(v) => {
                let n = *v.get(i)?;
                (n != T::NONE).then(|| T::widen(n))
            }
            Column::Full(v) => v.get(i).copied().filter(|x| !x.is_nan()),
        }
    }

    /// The column as the track has it (NaN for none).
    pub(crate) fn column(&self) -> Vec<T> {
        match self {
            Column::Narrow(v) => (0..v.len())
                .map(|i| self.get(i).unwrap_or(T::NAN))
                .collect(),
            Column::Full(v) => v.clone(),
        }
    }
}

/// Thousandths: the quotient of two integers a double holds exactly is correctly rounded, so a
/// reading parsed from up to three decimals always divides back to itself.
impl Narrow for f64 {
    type Narrow = i32;
    const NONE: i32 = i32::MIN;
    const NAN: f64 = f64::NAN;
    fn is_nan(self) -> bool {
        f64::is_nan(self)
    }
    fn narrow(self) -> Option<i32> {
        let m = (self * 1000.0).round();
        // Also refuses NaN and infinities; NONE itself is left for "none".
        if !(m > f64::from(Self::NONE) && m <= f64::from(i32::MAX)) {
            return None;
        }
        let m = m as i32;
        (Self::widen(m).to_bits() == self.to_bits()).then_some(m)
    }
    fn widen(m: i32) -> f64 {
        f64::from(m) / 1000.0
    }
}

/// Whole metres.
impl Narrow for f32 {
    type Narrow = u16;
    const NONE: u16 = u16::MAX;
    const NAN: f32 = f32::NAN;
    fn is_nan(self) -> bool {
        f32::is_nan(self)
    }
    fn narrow(self) -> Option<u16> {
        if !(self >= 0.0 && self < f32::from(Self::NONE)) {
            return None;
        }
        let m = self as u16;
        (f32::from(m).to_bits() == self.to_bits()).then_some(m)
    }
    fn widen(m: u16) -> f32 {
        f32::from(m)
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
        assert!(matches!(o, Column::Narrow(_)));
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
            assert!(matches!(o, Column::Full(_)), "{odd}");
            assert!(same_bits64(&o.column(), &v), "{odd}");
            assert_eq!(o.get(1), Some(odd));
            assert_eq!(o.get(2), None);
        }
        // Negative readings with few decimals are fine narrow.
        let o = Odometer::new(vec![-12.5, -0.001]);
        assert!(matches!(o, Column::Narrow(_)));
        assert_eq!(o.column(), vec![-12.5, -0.001]);
    }

    #[test]
    fn precision_in_whole_metres_is_kept_narrow_and_anything_else_as_it_came() {
        let v = vec![0.0, 5.0, f32::NAN, 65_534.0];
        let p = Precision::new(v.clone());
        assert!(matches!(p, Column::Narrow(_)));
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
            assert!(matches!(p, Column::Full(_)), "{odd}");
            assert_eq!(p.get(1), Some(odd));
            assert_eq!(p.column()[1].to_bits(), odd.to_bits());
        }
    }
}
