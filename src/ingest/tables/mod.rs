//! The side tables beside the scored data: the mayor's priorities, the OPD registry and the
//! list of OPDs expected.

mod opd_list;
mod priorities;
mod registry;

pub use opd_list::read_opd_list;
pub use priorities::{is_priorities_sheet, read_priorities, Priority};
pub use registry::{read_registry, RegistryEntry};

use crate::messages::{Diagnostics, IngestProblem, Location};

/// An error at each id that holds a list separator (no list cell could name it), and at each
/// row whose id an earlier row already has, naming that row.
fn check_ids<'a>(rows: impl Iterator<Item = (&'a String, &'a Location)>, diag: &mut Diagnostics) {
    let mut first: foldhash::HashMap<String, &Location> = foldhash::HashMap::default();
    for (id, at) in rows {
        if id.contains([',', ';']) {
            let kind = IngestProblem::IdHasSeparator { id: id.clone() };
            diag.error(Some(at.clone()), kind);
        }
        let key = crate::ingest::normalized(id).trim().to_lowercase();
        match first.get(&key) {
            Some(other) => diag.error(
                Some(at.clone()),
                IngestProblem::DuplicateId {
                    id: id.clone(),
                    other: other.to_string(),
                },
            ),
            None => {
                first.insert(key, at);
            }
        }
    }
}
