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

/// A name written "Full name (ABBR)" split into the full name and the abbreviation; `None`
/// for any other name. The part in brackets must look like an abbreviation: at most three
/// words and 24 characters, starting with a capital letter (so "Kecamatan Kota (Lama)" splits,
/// "Dinas Sosial (urusan sosial dan pemberdayaan)" does not).
pub fn split_abbreviation(name: &str) -> Option<(&str, &str)> {
    let trimmed = name.trim();
    let inner = trimmed.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let (full, abbr) = (inner[..open].trim(), inner[open + 1..].trim());
    let looks_short = abbr.chars().count() <= 24
        && abbr.split_whitespace().count() <= 3
        && abbr.chars().next().is_some_and(char::is_uppercase);
    (looks_short && !full.is_empty() && full.chars().any(char::is_alphabetic))
        .then_some((full, abbr))
}

/// Known OPDs: canonical names, with their ids and every key that leads to them.
#[derive(Debug, Clone, Default)]
pub struct OpdDirectory {
    names: Vec<String>,
    ids: Vec<Option<String>>,
    keys: HashMap<String, usize>,
    /// Abbreviations learned from names written "Full name (ABBR)": (ABBR, canonical index).
    learned: Vec<(String, usize)>,
}

impl OpdDirectory {
    /// An empty directory.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an OPD under its canonical `name` with `aliases`; a name whose key is already known
    /// adds its aliases to that OPD instead. A name written "Full name (ABBR)" is added as the
    /// full name, with ABBR as an alias learned for the run (see [`learned`](Self::learned))
    /// unless ABBR already leads to another OPD. Returns the canonical name.
    pub fn add(&mut self, name: &str, id: Option<&str>, aliases: &[String]) -> String {
        let split = split_abbreviation(name);
        let full = split.map_or(name, |(full, _)| full);
        // By the name or its full part only: "Dinas Kesehatan (DPUPR)" is not another
        // spelling of whichever OPD already owns DPUPR.
        let known = [name, full]
            .into_iter()
            .find_map(|n| self.keys.get(&opd_key(n)));
        let index = match known {
            Some(&i) => i,
            None => {
                self.names.push(full.to_string());
                self.ids.push(id.map(str::to_string));
                self.keys.insert(opd_key(full), self.names.len() - 1);
                self.names.len() - 1
            }
        };
        if split.is_some() {
            self.keys.entry(opd_key(name)).or_insert(index);
        }
        if let Some((_, abbr)) = split {
            // ABBR may already lead here through the usual abbreviations: still shown.
            let owner = *self.keys.entry(opd_key(abbr)).or_insert(index);
            let new = !self.learned.iter().any(|(a, i)| *i == index && a == abbr);
            if owner == index && new {
                self.learned.push((abbr.to_string(), index));
            }
        }
        for alias in aliases {
            self.keys.entry(opd_key(alias)).or_insert(index);
        }
        if let Some(id) = id {
            self.keys.entry(opd_key(id)).or_insert(index);
        }
        self.names[index].clone()
    }

    /// The index of `name`: its own key, else (written "Full name (ABBR)") the full name's,
    /// else the abbreviation's.
    fn index_of(&self, name: &str) -> Option<usize> {
        if let Some(&i) = self.keys.get(&opd_key(name)) {
            return Some(i);
        }
        let (full, abbr) = split_abbreviation(name)?;
        self.keys
            .get(&opd_key(full))
            .or_else(|| self.keys.get(&opd_key(abbr)))
            .copied()
    }

    /// The canonical name of `name`, if known (a name written "Full name (ABBR)" by its full
    /// name or its abbreviation).
    pub fn resolve(&self, name: &str) -> Option<&str> {
        self.index_of(name).map(|i| self.names[i].as_str())
    }

    /// The abbreviations learned from names written "Full name (ABBR)", each with the canonical
    /// name it leads to, in the order learned.
    pub fn learned(&self) -> impl Iterator<Item = (&str, &str)> {
        self.learned
            .iter()
            .map(|(abbr, i)| (abbr.as_str(), self.names[*i].as_str()))
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

    #[test]
    fn a_name_with_its_abbreviation_in_brackets_is_known_by_both() {
        assert_eq!(
            split_abbreviation("Dinas Pekerjaan Umum dan Penataan Ruang (DPUPR)"),
            Some(("Dinas Pekerjaan Umum dan Penataan Ruang", "DPUPR"))
        );
        assert_eq!(split_abbreviation("Dinas Sosial (urusan sosial)"), None);
        assert_eq!(split_abbreviation("(DPUPR)"), None);
        assert_eq!(split_abbreviation("Dinas Sosial"), None);
        let mut d = OpdDirectory::new();
        let name = d.add("Dinas Pekerjaan Umum dan Penataan Ruang (DPUPR)", None, &[]);
        assert_eq!(name, "Dinas Pekerjaan Umum dan Penataan Ruang");
        for written in [
            "DPUPR",
            "Dinas Pekerjaan Umum dan Penataan Ruang",
            "Dinas Pekerjaan Umum dan Penataan Ruang (DPUPR)",
            "Dinas Pekerjaan Umum & Penataan Ruang (Dinas PUPR)",
        ] {
            assert_eq!(d.resolve(written), Some(name.as_str()), "{written}");
        }
        assert_eq!(
            d.learned().collect::<Vec<_>>(),
            vec![("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang")]
        );
        // Written the other way later, the same OPD; an abbreviation another OPD already owns
        // is not taken over.
        assert_eq!(d.add("DPUPR", None, &[]), name);
        d.add("Dinas Sosial (Dinsos)", None, &[]);
        d.add("Dinas Kesehatan (DPUPR)", None, &[]);
        assert_eq!(d.resolve("Dinsos"), Some("Dinas Sosial"));
        assert_eq!(d.resolve("DPUPR"), Some(name.as_str()));
        assert_eq!(d.learned().count(), 2);
    }
}
