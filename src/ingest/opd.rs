//! OPD names as people write them, matched to one canonical name.
//!
//! Names are compared after normalising case, punctuation and the usual abbreviations (kept as
//! data in `rubrics/opd-abbreviations.toml`), then through a registry's aliases. A name that
//! still matches nothing gets the nearest known names as suggestions.

use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

#[derive(Deserialize, Default)]
struct Abbreviations {
    filler: Vec<String>,
    words: BTreeMap<String, String>,
}

fn abbreviations() -> &'static Abbreviations {
    static TABLE: OnceLock<Abbreviations> = OnceLock::new();
    TABLE.get_or_init(|| {
        // Embedded and exercised by the tests below; a broken copy only weakens matching.
        toml::from_str(include_str!("../../rubrics/opd-abbreviations.toml")).unwrap_or_default()
    })
}

/// The key two spellings of one OPD share: lower case, punctuation gone, abbreviations spelt
/// out, filler words dropped.
pub fn opd_key(name: &str) -> String {
    let table = abbreviations();
    let lower = super::normalized(name).to_lowercase();
    let words = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .flat_map(|w| {
            table.words.get(w).map_or_else(
                || vec![w.to_string()],
                |full| full.split(' ').map(str::to_string).collect(),
            )
        })
        .filter(|w| !table.filler.contains(w));
    words.collect::<Vec<_>>().join(" ")
}

/// Known OPDs: canonical names, with their ids and every key that leads to them.
#[derive(Debug, Clone, Default)]
pub struct OpdDirectory {
    names: Vec<String>,
    ids: Vec<Option<String>>,
    keys: HashMap<String, usize>,
}

impl OpdDirectory {
    /// An empty directory.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an OPD under its canonical `name` with `aliases`; a name whose key is already known
    /// adds its aliases to that OPD instead. Returns the canonical name.
    pub fn add(&mut self, name: &str, id: Option<&str>, aliases: &[String]) -> String {
        let key = opd_key(name);
        let index = match self.keys.get(&key) {
            Some(&i) => i,
            None => {
                self.names.push(name.to_string());
                self.ids.push(id.map(str::to_string));
                self.keys.insert(key, self.names.len() - 1);
                self.names.len() - 1
            }
        };
        for alias in aliases {
            self.keys.entry(opd_key(alias)).or_insert(index);
        }
        if let Some(id) = id {
            self.keys.entry(opd_key(id)).or_insert(index);
        }
        self.names[index].clone()
    }

    /// The canonical name of `name`, if known.
    pub fn resolve(&self, name: &str) -> Option<&str> {
        self.keys
            .get(&opd_key(name))
            .map(|&i| self.names[i].as_str())
    }

    /// The id of a canonical name, if the registry gave one.
    pub fn id_of(&self, canonical: &str) -> Option<&str> {
        // A canonical name's key leads to it: a lookup, not a scan (the history asks once per
        // OPD, 22,000 times at national scale).
        let &i = self.keys.get(&opd_key(canonical))?;
        if self.names[i] != canonical {
            return None;
        }
        self.ids[i].as_deref()
    }

    /// Whether no OPD is known.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The canonical names, in the order added.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Up to `n` known names nearest to `name` (edit distance over the normalised keys).
    pub fn suggest(&self, name: &str, n: usize) -> Vec<String> {
        let key = opd_key(name);
        let mut scored: Vec<(usize, &str)> = self
            .keys
            .iter()
            .map(|(k, &i)| (edit_distance(&key, k), self.names[i].as_str()))
            .collect();
        scored.sort();
        let mut out: Vec<String> = Vec::new();
        for (_, name) in scored {
            if !out.iter().any(|o| o == name) {
                out.push(name.to_string());
            }
            if out.len() == n {
                break;
            }
        }
        out
    }
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = prev + usize::from(ca != *cb);
            prev = row[j + 1];
            row[j + 1] = substitute.min(prev + 1).min(row[j] + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usual_spellings_share_a_key() {
        assert_eq!(
            opd_key("Kec. Sukamaju Utara"),
            opd_key("Kecamatan Sukamaju Utara")
        );
        assert_eq!(
            opd_key("Diskominfo"),
            opd_key("Dinas Komunikasi dan Informatika")
        );
        assert_eq!(
            opd_key("Dis. Komunikasi & Informatika"),
            opd_key("Dinas Kominfo")
        );
        assert_eq!(
            opd_key("BAPPEDA"),
            opd_key("Badan Perencanaan Pembangunan Daerah")
        );
        assert_eq!(opd_key("Satpol PP"), opd_key("Satuan Polisi Pamong Praja"));
        assert_ne!(opd_key("Dinas Sosial"), opd_key("Dinas Kesehatan"));
    }

    #[test]
    fn directory_resolves_aliases_and_suggests() {
        let mut d = OpdDirectory::new();
        d.add("Dinas Kesehatan", Some("DINKES"), &[]);
        d.add(
            "Badan Perencanaan, Penelitian dan Pengembangan Daerah",
            None,
            &["Bappedalitbang".into()],
        );
        d.add("Dinas Sosial", None, &[]);
        assert_eq!(d.resolve("dinkes"), Some("Dinas Kesehatan"));
        assert_eq!(
            d.resolve("BAPPEDALITBANG"),
            Some("Badan Perencanaan, Penelitian dan Pengembangan Daerah")
        );
        assert_eq!(d.resolve("Dinas Kesehatn"), None);
        assert_eq!(d.suggest("Dinas Kesehatn", 2)[0], "Dinas Kesehatan");
        assert_eq!(d.id_of("Dinas Kesehatan"), Some("DINKES"));
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
