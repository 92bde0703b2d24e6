//! The words of every message, kept as data in `messages/*.toml`, one file per stage.
//!
//! A message is a template with named placeholders filled from its problem's fields, so that a
//! message is changed or translated in the data alone. The files are embedded in the binary and
//! checked by the tests below: every problem has its words in both languages, every placeholder
//! names a field, and no key is left without a problem.

use crate::lang::Lang;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// One message in both languages, with its fix.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Entry {
    id: String,
    en: String,
    fix_id: Option<String>,
    fix_en: Option<String>,
}

/// The stage files, by name, as embedded.
const FILES: [(&str, &str); 6] = [
    ("ingest", include_str!("../../messages/ingest.toml")),
    ("score", include_str!("../../messages/score.toml")),
    ("history", include_str!("../../messages/history.toml")),
    ("output", include_str!("../../messages/output.toml")),
    ("rubric", include_str!("../../messages/rubric.toml")),
    ("words", include_str!("../../messages/words.toml")),
];

/// Every entry by key; a key is unique across the files.
pub(super) fn entries() -> &'static BTreeMap<String, Entry> {
    static TABLE: OnceLock<BTreeMap<String, Entry>> = OnceLock::new();
    TABLE.get_or_init(|| {
        // The files are embedded and checked by the tests below; an unparsable copy shows the
        // keys rather than stopping a run.
        FILES
            .iter()
            .flat_map(|(_, text)| {
                toml::from_str::<BTreeMap<String, Entry>>(text).unwrap_or_default()
            })
            .collect()
    })
}

/// The message `key` in `lang` and its fix, filled from `fields` (a problem as JSON). A key
/// the catalogue lacks shows as itself.
pub(super) fn message(
    key: &str,
    fields: &serde_json::Value,
    lang: Lang,
) -> (String, Option<String>) {
    let Some(entry) = entries().get(key) else {
        return (key.to_string(), None);
    };
    let what = lang.pick(&entry.id, &entry.en);
    let fix = match lang {
        Lang::Id => entry.fix_id.as_deref(),
        Lang::En => entry.fix_en.as_deref(),
    };
    (fill(what, fields), fix.map(|f| fill(f, fields)))
}

/// A word of `words.toml` in `lang`, filled from `fields`.
pub fn word(key: &str, fields: &serde_json::Value, lang: Lang) -> String {
    message(key, fields, lang).0
}

/// `template` with each `{name}`, `{name#}` and `{name.N}` replaced from `fields`; a
/// placeholder that names no field is left as it is (the tests refuse those).
fn fill(template: &str, fields: &serde_json::Value) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let name = &after[..close];
        match placeholder(name, fields) {
            Some(value) => out.push_str(&value),
            None => out.push_str(&rest[open..open + close + 2]),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// The text of one placeholder: a field, its length (`#`), one of its items (`.N`) or of its
/// fields (`.name`).
fn placeholder(name: &str, fields: &serde_json::Value) -> Option<String> {
    if let Some(list) = name.strip_suffix('#') {
        return fields.get(list)?.as_array().map(|a| a.len().to_string());
    }
    let mut value = fields;
    for step in name.split('.') {
        value = match step.parse::<usize>() {
            Ok(index) => value.get(index)?,
            Err(_) => value.get(step)?,
        };
    }
    Some(shown(value))
}

/// A field's value as a person reads it: a whole number without `.0`, a list with commas.
fn shown(value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::Null => String::new(),
        Value::String(s) => escaped(s),
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() => crate::messages::format_number(f),
            _ => n.to_string(),
        },
        Value::Bool(b) => b.to_string(),
        Value::Array(items) => items.iter().map(shown).collect::<Vec<_>>().join(", "),
        Value::Object(_) => value.to_string(),
    }
}

/// `text` with the characters a reader cannot see spelt out (`Y\u{200B}`), so that two names
/// that look the same show why they differ.
fn escaped(text: &str) -> String {
    let hidden = |c: char| {
        crate::messages::is_invisible(c) || (c.is_control() && c != '\n') || c == '\u{a0}'
    };
    if !text.chars().any(hidden) {
        return text.to_string();
    }
    text.chars()
        .map(|c| match hidden(c) {
            true => format!("\\u{{{:04X}}}", c as u32),
            false => c.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::ProblemKind;

    /// Every problem of every stage, once per message it can take.
    fn examples() -> Vec<ProblemKind> {
        use crate::messages::{
            HistoryProblem, IngestProblem, OutputProblem, RubricProblem, ScoreProblem, SkipReason,
        };
        let mut all: Vec<ProblemKind> = Vec::new();
        all.extend(IngestProblem::examples().into_iter().map(Into::into));
        all.extend(ScoreProblem::examples().into_iter().map(Into::into));
        all.extend(HistoryProblem::examples().into_iter().map(Into::into));
        all.extend(OutputProblem::examples().into_iter().map(Into::into));
        all.extend(RubricProblem::examples().into_iter().map(Into::into));
        let skipped = |reason| IngestProblem::Skipped { reason }.into();
        all.extend(SkipReason::examples().into_iter().map(skipped));
        all
    }

    const WORDS: [&str; 12] = [
        "ledger_hidden_sheet",
        "repeats",
        "error",
        "warning",
        "info",
        "all_files",
        "tally",
        "tally.notes",
        "ledger_summary",
        "ledger_more",
        "ledger_heading",
        "ledger_read",
    ];

    #[test]
    fn every_file_parses_and_no_key_is_given_twice() {
        let mut seen = std::collections::BTreeSet::new();
        for (name, text) in FILES {
            let table: BTreeMap<String, Entry> =
                toml::from_str(text).unwrap_or_else(|e| panic!("messages/{name}.toml: {e}"));
            for key in table.keys() {
                assert!(seen.insert(key.clone()), "{key} given twice");
            }
        }
    }

    #[test]
    fn every_problem_has_its_words_in_both_languages_and_every_key_a_problem() {
        let examples = examples();
        let mut used: std::collections::BTreeSet<&str> = examples.iter().map(|k| k.key()).collect();
        used.extend(WORDS);
        for key in &used {
            let entry = entries()
                .get(*key)
                .unwrap_or_else(|| panic!("no words for {key}"));
            assert!(
                !entry.id.trim().is_empty() && !entry.en.trim().is_empty(),
                "{key}"
            );
            assert_eq!(
                entry.fix_id.is_some(),
                entry.fix_en.is_some(),
                "{key}: fix in one language"
            );
        }
        for key in entries().keys() {
            assert!(used.contains(key.as_str()), "{key} belongs to no problem");
        }
        // Every problem but the words tells what would fix it.
        for kind in &examples {
            assert!(
                entries()[kind.key()].fix_id.is_some(),
                "{} has no fix",
                kind.key()
            );
        }
    }

    #[test]
    fn every_placeholder_names_a_field() {
        for kind in examples() {
            for lang in [Lang::Id, Lang::En] {
                let (what, fix) = kind.describe(lang);
                for text in std::iter::once(&what).chain(fix.as_ref()) {
                    assert!(!text.contains('{'), "{}: unfilled in '{text}'", kind.key());
                }
            }
        }
    }

    /// English words that have no place in an Indonesian sentence.
    const ENGLISH: &[&str] = &[
        "the", "is", "are", "not", "of", "and", "with", "found", "must", "cannot", "file", "has",
        "holds", "missing", "unknown", "error", "check", "add", "use", "one", "or", "to",
    ];

    #[test]
    fn no_english_is_shown_under_indonesian() {
        let mut texts: Vec<String> = examples()
            .iter()
            .flat_map(|kind| {
                let (what, fix) = kind.describe(Lang::Id);
                std::iter::once(what).chain(fix)
            })
            .collect();
        texts.extend(
            WORDS
                .iter()
                .map(|w| word(w, &serde_json::json!({}), Lang::Id)),
        );
        for text in texts {
            let words = text
                .split(|c: char| !c.is_alphanumeric() && c != '-')
                .filter(|w| !w.starts_with("--"));
            for w in words {
                assert!(
                    !ENGLISH.contains(&w.to_lowercase().as_str()),
                    "'{w}' in: {text}"
                );
            }
        }
    }

    #[test]
    fn placeholders_take_fields_lengths_and_items() {
        let fields = serde_json::json!({
            "name": "Dinas A", "codes": ["1.a.1", "1.a.2"], "pair": ["Y", "T"], "score": 90.0,
            "cut": 75.5, "count": 3
        });
        assert_eq!(
            fill(
                "{name}: {codes#} ({codes}) {pair.1} {score} {cut} {count} {nope}",
                &fields
            ),
            "Dinas A: 2 (1.a.1, 1.a.2) T 90 75.5 3 {nope}"
        );
        assert_eq!(fill("{unclosed", &fields), "{unclosed");
        let hidden = serde_json::json!({ "answer": "Y\u{200b}", "name": "Dinas\u{a0}A" });
        assert_eq!(
            fill("'{answer}' '{name}'", &hidden),
            "'Y\\u{200B}' 'Dinas\\u{00A0}A'"
        );
    }
}
