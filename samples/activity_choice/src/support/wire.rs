//! Not part of the lesson: [`Fruit`] on the wire as Python's `IntEnum` integers (APPLE = 1 …
//! ORANGE = 4), leniently: any other value becomes [`Fruit::Unknown`] for the workflow to refuse,
//! instead of a decoding error that would fail (and retry) the workflow task. Also the command
//! line's `--fruit apple` or `--fruit 7`.

use crate::Fruit;

impl From<serde_json::Value> for Fruit {
    fn from(value: serde_json::Value) -> Self {
        match value.as_i64() {
            Some(1) => Self::Apple,
            Some(2) => Self::Banana,
            Some(3) => Self::Cherry,
            Some(4) => Self::Orange,
            _ => Self::Unknown(value.to_string()),
        }
    }
}

impl From<Fruit> for serde_json::Value {
    fn from(fruit: Fruit) -> Self {
        match fruit {
            Fruit::Apple => 1.into(),
            Fruit::Banana => 2.into(),
            Fruit::Cherry => 3.into(),
            Fruit::Orange => 4.into(),
            Fruit::Unknown(text) => {
                serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text))
            }
        }
    }
}

impl std::str::FromStr for Fruit {
    type Err = std::num::ParseIntError;

    /// Parses `APPLE`/`apple` … or a raw integer (any integer: unknown ones are kept).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.to_ascii_uppercase().as_str() {
            "APPLE" => Self::Apple,
            "BANANA" => Self::Banana,
            "CHERRY" => Self::Cherry,
            "ORANGE" => Self::Orange,
            other => Self::from(serde_json::Value::from(other.parse::<i64>()?)),
        })
    }
}
