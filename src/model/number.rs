//! `Number`, the exact decimal every value and change is: never a float.

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// An exact decimal read from YAML or JSON.
///
/// YAML parsers hand plain scalars like `171.3` over as floats; a float with
/// at most 15 significant digits prints back to the same text, so going
/// through its shortest representation keeps the value exact for every
/// number an annotator types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Number(pub Decimal);

impl Number {
    /// Parses a plain decimal such as `37000`, `171.3` or `-20`.
    pub fn parse(s: &str) -> Option<Number> {
        let s = s.trim();
        if s.is_empty() {
            return None;
        }
        Decimal::from_str(s)
            .or_else(|_| Decimal::from_scientific(s))
            .ok()
            .map(|d| Number(d.normalize()))
    }

    /// Parses a number as an annotation file must write it: a plain
    /// decimal (optional sign, digits, at most one decimal point) that a
    /// decimal holds exactly (28 significant digits). `None` for anything
    /// else: exponents, `_`, hexadecimal, or digits a decimal would round.
    /// The one parser of every number read from a file.
    pub fn parse_exact(s: &str) -> Option<Number> {
        let unsigned = s.strip_prefix('+').unwrap_or(s);
        let digits = unsigned.strip_prefix('-').unwrap_or(unsigned);
        let plain = digits.bytes().any(|b| b.is_ascii_digit())
            && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            && digits.bytes().filter(|&b| b == b'.').count() <= 1;
        if !plain {
            return None;
        }
        Decimal::from_str_exact(unsigned)
            .ok()
            .map(|d| Number(d.normalize()))
    }

    /// Converts a float whose shortest representation is the intended decimal.
    pub fn from_f64(f: f64) -> Option<Number> {
        if !f.is_finite() {
            return None;
        }
        Number::parse(&format!("{f}"))
    }

    /// Plain decimal text without exponent or trailing zeros: `196000000`, `171.3`.
    pub fn to_plain(self) -> String {
        self.0.normalize().to_string()
    }

    /// The number as a JSON number; exact for integers and for decimals of
    /// up to 15 significant digits, which covers every count and percentage.
    pub fn to_json(self) -> serde_json::Value {
        let d = self.0.normalize();
        if d.scale() == 0 {
            if let Ok(i) = i64::try_from(d.mantissa()) {
                return serde_json::Value::from(i);
            }
        }
        match f64::from_str(&d.to_string()) {
            Ok(f) => serde_json::Number::from_f64(f)
                .map(serde_json::Value::Number)
                .unwrap_or(serde_json::Value::Null),
            Err(_) => serde_json::Value::Null,
        }
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_plain())
    }
}

impl From<Decimal> for Number {
    fn from(d: Decimal) -> Self {
        Number(d.normalize())
    }
}

impl From<i64> for Number {
    fn from(i: i64) -> Self {
        Number(Decimal::from(i))
    }
}

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(s)
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Number;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a plain decimal number such as 37000 or 171.3")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Number, E> {
                Ok(Number::from(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Number, E> {
                Ok(Number(Decimal::from(v)))
            }
            fn visit_i128<E: serde::de::Error>(self, v: i128) -> Result<Number, E> {
                Decimal::try_from_i128_with_scale(v, 0)
                    .map(Number)
                    .map_err(|_| E::custom("number too large"))
            }
            fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<Number, E> {
                i128::try_from(v)
                    .ok()
                    .and_then(|v| Decimal::try_from_i128_with_scale(v, 0).ok())
                    .map(Number)
                    .ok_or_else(|| E::custom("number too large"))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Number, E> {
                Number::from_f64(v).ok_or_else(|| E::custom("not a finite decimal number"))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Number, E> {
                Number::parse(v)
                    .ok_or_else(|| E::custom(format!("`{v}` is not a plain decimal number")))
            }
        }
        d.deserialize_any(V)
    }
}
