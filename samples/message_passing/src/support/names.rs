//! Not part of the lesson: the Python member names of [`Language`], for printing and for the
//! command line (`--language chinese`).

use crate::Language;

impl Language {
    /// The Python enum member's name, e.g. `CHINESE`.
    pub fn name(self) -> &'static str {
        match self {
            Language::Arabic => "ARABIC",
            Language::Chinese => "CHINESE",
            Language::English => "ENGLISH",
            Language::French => "FRENCH",
            Language::Hindi => "HINDI",
            Language::Portuguese => "PORTUGUESE",
            Language::Spanish => "SPANISH",
        }
    }
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Language {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Language::ALL
            .into_iter()
            .find(|l| l.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                let names: Vec<_> = Language::ALL.iter().map(|l| l.name()).collect();
                format!("`{s}` is not a language; pick one of {}", names.join(", "))
            })
    }
}
