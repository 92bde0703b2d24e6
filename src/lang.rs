//! Output language and bilingual texts.
//!
//! Indonesian is the default everywhere a person reads; English is given on request. A text
//! without an English version falls back to Indonesian rather than showing nothing.

use serde::{Deserialize, Serialize};

/// The language of everything a person reads: sheet names, labels, messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Bahasa Indonesia (the default).
    #[default]
    Id,
    /// English.
    En,
}

impl Lang {
    /// Picks the text for this language.
    pub fn pick<'a>(self, id: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Id => id,
            Lang::En => en,
        }
    }
}

impl std::str::FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "id" | "ind" | "indonesia" => Ok(Lang::Id),
            "en" | "eng" | "english" => Ok(Lang::En),
            other => Err(format!("unknown language '{other}': use 'id' or 'en'")),
        }
    }
}

/// A text in both languages.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Text {
    /// Indonesian.
    pub id: String,
    /// English; equal to `id` where the source gave none.
    pub en: String,
}

impl Text {
    /// A text with both versions given; `en` of `None` falls back to `id`.
    pub fn new(id: impl Into<String>, en: Option<String>) -> Self {
        let id = id.into();
        let en = en.unwrap_or_else(|| id.clone());
        Text { id, en }
    }

    /// The version for `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.id, &self.en)
    }
}
