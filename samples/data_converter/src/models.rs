//! The typed models and their validation.

use std::{fmt, net::IpAddr, str::FromStr};

use chrono::{DateTime, FixedOffset, NaiveDateTime};
use serde::{Deserialize, Serialize, de::DeserializeOwned};

// ANCHOR: lesson
/// How urgent a model is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    /// `"low"`
    Low,
    /// `"normal"` (the default when absent)
    #[default]
    Normal,
    /// `"high"`
    High,
}

impl Priority {
    /// The default.
    pub fn is_normal(&self) -> bool {
        *self == Self::Normal
    }
}

/// A positive amount of money in a currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawMoney")]
pub struct Money {
    cents: u64,
    currency: String,
}

/// What `Money` looks like on the wire before validation.
#[derive(Deserialize)]
struct RawMoney {
    cents: i64,
    currency: String,
}

impl TryFrom<RawMoney> for Money {
    type Error = String;

    fn try_from(raw: RawMoney) -> Result<Self, String> {
        Self::new(raw.cents, &raw.currency)
    }
}

impl Money {
    /// `cents` must be positive; `currency` three upper-case letters (ISO 4217 style).
    pub fn new(cents: i64, currency: &str) -> Result<Self, String> {
        if cents <= 0 {
            return Err(format!("amount must be positive, got {cents}"));
        }
        if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(format!(
                "currency must be three upper-case letters, got {currency:?}"
            ));
        }
        Ok(Self {
            cents: cents.unsigned_abs(),
            currency: currency.to_owned(),
        })
    }

    /// The amount in cents.
    pub fn cents(&self) -> u64 {
        self.cents
    }

    /// The currency code.
    pub fn currency(&self) -> &str {
        &self.currency
    }
}

/// A timestamp as another SDK sends it, kept exactly as received.
///
/// Python's `datetime` may be *aware* (with a UTC offset, serialised RFC 3339 style:
/// `2000-01-02T03:04:05+02:00`) or *naive* (no offset: `2000-01-02T03:04:05`, which is what the
/// Python pydantic sample sends). A naive time says nothing about its zone, so it is not given
/// one here either: it stays naive, and goes back to the sender as it came. Anything else (a
/// date alone, a typo) is rejected, naming the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Timestamp {
    /// With a UTC offset; the offset is kept, not normalised to UTC.
    Zoned(DateTime<FixedOffset>),
    /// Without an offset: a wall-clock time in a zone the sender did not say.
    Naive(NaiveDateTime),
}

impl FromStr for Timestamp {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        if let Ok(zoned) = DateTime::parse_from_rfc3339(s) {
            return Ok(Self::Zoned(zoned));
        }
        s.parse::<NaiveDateTime>().map(Self::Naive).map_err(|_| {
            format!(
                "expected an ISO 8601 date and time, with or without a UTC offset \
                 (2000-01-02T03:04:05+02:00, 2000-01-02T03:04:05Z or 2000-01-02T03:04:05), got {s:?}"
            )
        })
    }
}

impl TryFrom<String> for Timestamp {
    type Error = String;

    fn try_from(s: String) -> Result<Self, String> {
        s.parse()
    }
}

impl From<Timestamp> for String {
    fn from(t: Timestamp) -> Self {
        t.to_string()
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // Fractional seconds only when there are any, as Python's `isoformat()` does.
            Self::Zoned(t) => f.write_str(&t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)),
            Self::Naive(t) => write!(f, "{}", t.format("%Y-%m-%dT%H:%M:%S%.f")),
        }
    }
}

/// The model, with Python's field names (`some_ip`, `some_date`) and two more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MyModel {
    /// An IPv4 or IPv6 address.
    pub some_ip: IpAddr,
    /// A timestamp, with or without a UTC offset, kept as sent.
    pub some_date: Timestamp,
    /// How urgent. Omitted from the JSON when normal, so that the Python sample's two fields are
    /// all a default model sends.
    #[serde(default, skip_serializing_if = "Priority::is_normal")]
    pub priority: Priority,
    /// An optional positive amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
}

/// Input that failed validation: where, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid input at `{path}`: {message}")]
pub struct ValidationError {
    /// The path of the offending field, e.g. `[1].amount.cents`.
    pub path: String,
    /// What is wrong with it.
    pub message: String,
}

/// Validates JSON into `T`, naming the offending field on failure.
pub fn validate<T: DeserializeOwned>(value: &serde_json::Value) -> Result<T, ValidationError> {
    serde_path_to_error::deserialize(value).map_err(|e| ValidationError {
        path: e.path().to_string(),
        message: e.inner().to_string(),
    })
}

/// A workflow input received as plain JSON and validated by the workflow itself.
///
/// Deserializing `Unvalidated` never fails (any JSON is accepted), so malformed input cannot
/// make the workflow *task* fail in a retry loop; [`Unvalidated::validate`] turns it into `T` or a
/// [`ValidationError`] the workflow reports as a non-retryable failure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Unvalidated<T> {
    raw: serde_json::Value,
    #[serde(skip)]
    _type: std::marker::PhantomData<T>,
}

impl<T: Serialize + DeserializeOwned> Unvalidated<T> {
    /// Wraps a value that is already typed (and so already valid).
    pub fn new(value: &T) -> Result<Self, serde_json::Error> {
        Ok(Self::from_json(serde_json::to_value(value)?))
    }

    /// Wraps arbitrary JSON.
    pub fn from_json(raw: serde_json::Value) -> Self {
        Self {
            raw,
            _type: std::marker::PhantomData,
        }
    }

    /// The typed value, or what is wrong with it.
    pub fn validate(&self) -> Result<T, ValidationError> {
        validate(&self.raw)
    }
}
// ANCHOR_END: lesson
