//! STUB: CSV writers for reviewers.
use crate::cli::ExportWhat;
use crate::error::Result;
use crate::store::Reader;
use std::io::Write;
use std::path::Path;
pub fn write(_r: &Reader<'_>, _what: ExportWhat, _excel: bool, _out: &mut dyn Write) -> Result<()> {
    Ok(())
}
pub fn write_file(_r: &Reader<'_>, _what: ExportWhat, _excel: bool, _path: &Path) -> Result<()> {
    Ok(())
}
