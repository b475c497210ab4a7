//! Reading the user's files from disk and handing them to edx-core together.

use std::path::PathBuf;

use edx_core::formats::{self, InputFile, ReadError};
use edx_core::model::{Recording, Study};

/// Reads every path and parses them together (so a WFDB header finds its data files); returns
/// one result per recording, or an error naming a file that could not be read from disk.
pub fn read_recordings(paths: &[PathBuf]) -> Result<Vec<Result<Recording, ReadError>>, String> {
    with_files(paths, formats::read_files)
}

/// Reads every path and parses them together as studies ([`formats::read_studies`]): each
/// file's recording with the nerve conduction studies it holds, study files first.
pub fn read_studies(paths: &[PathBuf]) -> Result<Vec<Result<Study, ReadError>>, String> {
    with_files(paths, formats::read_studies)
}

/// `parse` of the contents of `paths`, named as the user gave them; an error names a file that
/// could not be read from disk.
fn with_files<T>(paths: &[PathBuf], parse: impl FnOnce(&[InputFile]) -> T) -> Result<T, String> {
    let contents = paths
        .iter()
        .map(|path| std::fs::read(path).map_err(|error| format!("{}: {error}", path.display())))
        .collect::<Result<Vec<_>, _>>()?;
    let names: Vec<String> = paths.iter().map(|path| path.display().to_string()).collect();
    let files: Vec<InputFile> = names.iter().zip(&contents).map(|(name, bytes)| InputFile { name, bytes }).collect();
    Ok(parse(&files))
}
