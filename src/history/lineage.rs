//! Which series a stored OPD result belongs to.
//!
//! Without a registry an OPD's series is its name, compared the way names are everywhere
//! ([`opd_key`]: case, punctuation and the usual abbreviations do not matter). With a registry an
//! OPD is found by its stored id or any of its names, and its results flow on to the OPDs that
//! name it in their `pendahulu` column: a renamed OPD's past becomes its successor's, a merged
//! OPD's past is shared by its successor (the mean of the predecessors), a split OPD's past is
//! given to each successor.

use crate::ingest::opd::{opd_key, OpdDirectory};
use crate::ingest::tables::RegistryEntry;
use crate::messages::{Diagnostics, HistoryProblem, IngestProblem};
use std::collections::{BTreeMap, BTreeSet};

/// The series a result belongs to: its key and how many restructurings lie between them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heir {
    /// The series' key (the registry's canonical name, else the name's [`opd_key`]).
    pub key: String,
    /// 0 for the OPD itself, 1 for its direct successor, ...
    pub generations: u32,
}

/// The OPDs known and their successors.
#[derive(Debug, Clone, Default)]
pub struct Lineage {
    directory: Option<OpdDirectory>,
    successors: BTreeMap<String, Vec<String>>,
}

impl Lineage {
    /// No registry: a series per name.
    pub fn by_name() -> Self {
        Lineage::default()
    }

    /// The registry's OPDs and successions; a predecessor that names no OPD of the registry, or
    /// an OPD that is its own predecessor, is reported into `diag`.
    pub fn from_registry(entries: &[RegistryEntry], diag: &mut Diagnostics) -> Self {
        let mut directory = OpdDirectory::new();
        for e in entries {
            directory.add(&e.nama, Some(&e.id), &e.aliases);
        }
        let mut successors: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for e in entries {
            let Some(successor) = directory.resolve(&e.nama).map(str::to_string) else {
                continue;
            };
            for p in &e.predecessors {
                match directory.resolve(p) {
                    Some(pred) => {
                        let list = successors.entry(pred.to_string()).or_default();
                        if !list.contains(&successor) {
                            list.push(successor.clone());
                        }
                    }
                    None => diag.error(
                        Some(e.at.clone()),
                        IngestProblem::UnknownOpd {
                            name: p.clone(),
                            suggestions: directory.suggest(p, 3),
                        },
                    ),
                }
            }
        }
        let lineage = Lineage {
            directory: Some(directory),
            successors,
        };
        let cyclic = lineage.on_cycles();
        let directory = lineage.directory.as_ref();
        for e in entries {
            let name = directory.and_then(|d| d.resolve(&e.nama));
            if name.is_some_and(|n| cyclic.contains(n)) {
                diag.error(
                    Some(e.at.clone()),
                    HistoryProblem::PredecessorCycle {
                        opd: e.nama.clone(),
                    },
                );
            }
        }
        lineage
    }

    /// Whether a registry is behind it.
    pub fn has_registry(&self) -> bool {
        self.directory.is_some()
    }

    /// The OPDs that are, through their successors, their own predecessors: those in a
    /// strongly connected part of more than one OPD, or that succeed themselves. One pass of
    /// Tarjan's algorithm, iterative, so that a chain of 100,000 renames takes linear time.
    fn on_cycles(&self) -> BTreeSet<&str> {
        let mut names: Vec<&str> = self.successors.keys().map(String::as_str).collect();
        names.extend(self.successors.values().flatten().map(String::as_str));
        names.sort_unstable();
        names.dedup();
        let number = |n: &str| names.binary_search(&n).unwrap_or(0);
        let edges: Vec<Vec<usize>> = names
            .iter()
            .map(|n| self.next(n).map(number).collect())
            .collect();
        let mut index = vec![usize::MAX; names.len()];
        let mut low = vec![0; names.len()];
        let mut on_stack = vec![false; names.len()];
        let (mut stack, mut next_index, mut cyclic) = (Vec::new(), 0, BTreeSet::new());
        for root in 0..names.len() {
            if index[root] != usize::MAX {
                continue;
            }
            // Each frame: a node and how many of its edges were followed.
            let mut frames = vec![(root, 0)];
            index[root] = next_index;
            low[root] = next_index;
            next_index += 1;
            stack.push(root);
            on_stack[root] = true;
            while let Some(&mut (v, ref mut edge)) = frames.last_mut() {
                if let Some(&w) = edges[v].get(*edge) {
                    *edge += 1;
                    if index[w] == usize::MAX {
                        index[w] = next_index;
                        low[w] = next_index;
                        next_index += 1;
                        stack.push(w);
                        on_stack[w] = true;
                        frames.push((w, 0));
                    } else if on_stack[w] {
                        low[v] = low[v].min(index[w]);
                    }
                    continue;
                }
                frames.pop();
                if let Some(&(parent, _)) = frames.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    let mut part = Vec::new();
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        part.push(w);
                        if w == v {
                            break;
                        }
                    }
                    if part.len() > 1 || edges[v].contains(&v) {
                        cyclic.extend(part.into_iter().map(|w| names[w]));
                    }
                }
            }
        }
        cyclic
    }

    fn next<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a str> {
        self.successors
            .get(name)
            .into_iter()
            .flatten()
            .map(String::as_str)
    }

    /// The canonical name of an OPD (by id first, then by name); `None` when a registry is
    /// behind it and neither is in it.
    pub fn canonical(&self, name: &str, id: Option<&str>) -> Option<String> {
        match &self.directory {
            None => Some(opd_key(name)),
            Some(d) => id
                .and_then(|id| d.resolve(id))
                .or_else(|| d.resolve(name))
                .map(str::to_string),
        }
    }

    /// The registry id of a canonical name.
    pub fn id_of(&self, canonical: &str) -> Option<String> {
        self.directory
            .as_ref()
            .and_then(|d| d.id_of(canonical))
            .map(str::to_string)
    }

    /// Up to three registry names nearest to `name`.
    pub fn suggest(&self, name: &str) -> Vec<String> {
        self.directory
            .as_ref()
            .map(|d| d.suggest(name, 3))
            .unwrap_or_default()
    }

    /// The series an OPD's results continue in: the OPDs today that descend from it (itself
    /// when nothing succeeded it). `None` when it is not in the registry.
    pub fn heirs(&self, name: &str, id: Option<&str>) -> Option<Vec<Heir>> {
        let start = self.canonical(name, id)?;
        let mut out: Vec<Heir> = Vec::new();
        let mut seen = BTreeSet::new();
        let mut frontier = vec![(start, 0u32)];
        while let Some((n, generations)) = frontier.pop() {
            if !seen.insert(n.clone()) {
                continue;
            }
            let next: Vec<String> = self.next(&n).map(str::to_string).collect();
            if next.is_empty() {
                out.push(Heir {
                    key: n,
                    generations,
                });
            } else {
                frontier.extend(next.into_iter().map(|s| (s, generations + 1)));
            }
        }
        out.sort_by(|a, b| a.key.cmp(&b.key));
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::{Location, ProblemKind};

    fn entry(id: &str, nama: &str, aliases: &[&str], predecessors: &[&str]) -> RegistryEntry {
        RegistryEntry {
            id: id.into(),
            nama: nama.into(),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            predecessors: predecessors.iter().map(|s| s.to_string()).collect(),
            at: Location::file("daftar.csv"),
            id_at: Location::file("daftar.csv"),
        }
    }

    #[test]
    fn renames_merges_and_splits_lead_to_todays_opds() {
        let mut diag = Diagnostics::default();
        let lineage = Lineage::from_registry(
            &[
                entry("DPM", "Dinas Penanaman Modal", &[], &[]),
                entry("KPP", "Kantor Pelayanan Perizinan", &[], &[]),
                entry(
                    "DPMPTSP",
                    "Dinas Penanaman Modal dan PTSP",
                    &[],
                    &["DPM", "Kantor Pelayanan Perizinan"],
                ),
                entry("DISPARBUD", "Dinas Pariwisata dan Kebudayaan", &[], &[]),
                entry("DISPAR", "Dinas Pariwisata", &[], &["DISPARBUD"]),
                entry("DISBUD", "Dinas Kebudayaan", &[], &["DISPARBUD"]),
            ],
            &mut diag,
        );
        assert!(diag.problems.is_empty(), "{diag:?}");
        let heirs = |n: &str| lineage.heirs(n, None).unwrap();
        assert_eq!(
            heirs("Kantor Pelayanan Perizinan"),
            vec![Heir {
                key: "Dinas Penanaman Modal dan PTSP".into(),
                generations: 1
            }]
        );
        assert_eq!(heirs("Dinas Penanaman Modal dan PTSP")[0].generations, 0);
        let split: Vec<String> = heirs("Dinas Pariwisata dan Kebudayaan")
            .into_iter()
            .map(|h| h.key)
            .collect();
        assert_eq!(split, vec!["Dinas Kebudayaan", "Dinas Pariwisata"]);
        assert_eq!(lineage.heirs("Dinas Entah", None), None);
        assert_eq!(
            lineage.heirs("nama lama", Some("DPM")).unwrap()[0].key,
            "Dinas Penanaman Modal dan PTSP"
        );
    }

    #[test]
    fn a_long_chain_of_renames_is_checked_in_linear_time_and_its_loop_found() {
        // 50,000 OPDs, each renamed from the one before; the last renamed back into the first.
        let n = 50_000;
        let name = |i: usize| format!("Dinas Nomor {i}");
        let id = |i: usize| format!("D{i}");
        let mut entries: Vec<RegistryEntry> = (0..n)
            .map(|i| {
                let before = if i == 0 { vec![] } else { vec![id(i - 1)] };
                let before: Vec<&str> = before.iter().map(String::as_str).collect();
                entry(&id(i), &name(i), &[], &before)
            })
            .collect();
        let mut diag = Diagnostics::default();
        Lineage::from_registry(&entries, &mut diag);
        assert!(diag.problems.is_empty());
        entries[0].predecessors = vec![id(n - 1)];
        let mut diag = Diagnostics::default();
        Lineage::from_registry(&entries, &mut diag);
        assert_eq!(diag.problems.len(), n, "every OPD of the loop is named");
    }

    #[test]
    fn unknown_predecessors_and_cycles_are_reported() {
        let mut diag = Diagnostics::default();
        Lineage::from_registry(
            &[
                entry("A", "Dinas A", &[], &["B"]),
                entry("B", "Dinas B", &[], &["A"]),
                entry("C", "Dinas C", &[], &["Dinas Kesehatn"]),
            ],
            &mut diag,
        );
        let kinds: Vec<_> = diag.problems.iter().map(|p| &p.kind).collect();
        assert!(kinds.iter().any(
            |k| matches!(k, ProblemKind::Ingest(IngestProblem::UnknownOpd { name, .. }) if name == "Dinas Kesehatn")
        ));
        assert_eq!(
            kinds
                .iter()
                .filter(|k| matches!(
                    k,
                    ProblemKind::History(HistoryProblem::PredecessorCycle { .. })
                ))
                .count(),
            2
        );
    }
}
