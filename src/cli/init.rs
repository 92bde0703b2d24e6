//! `sakip init`: the commented example settings file.

use super::{write_output, written};
use crate::lang::Lang;
use crate::report::output::Destination;
use crate::Error;

/// `init`: the commented example settings file, never over one that is there.
pub(super) fn init_command(out: &std::path::Path, lang: Lang) -> Result<(), Error> {
    written(Destination::default().check_new(out), lang)?;
    let bytes = crate::settings::Settings::example(lang).as_bytes();
    let path = write_output(&Destination::default(), out, "sakip.toml", bytes, lang)?;
    say!("{}: {}", lang.pick("Ditulis", "Written"), path.display());
    Ok(())
}
