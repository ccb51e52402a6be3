//! Other tools' files, read in: REFI-QDA projects (`.qdpx`) and codebooks (`.qdc`)
//! from NVivo, ATLAS.ti, MAXQDA and QualCoder.
//!
//! Everything read here is hostile until proven otherwise: archives through
//! [`archive`] (entry count, sizes and compression ratio bounded, no path leaving
//! the archive), XML through [`xml`] (a streaming reader that never expands an
//! entity, with depth and element limits). A file that breaks a limit is refused
//! with a message naming it, and nothing is written.

pub mod archive;
pub mod qdc;
pub mod qdpx;
pub mod xml;

/// Whether `path` names a REFI-QDA project (`.qdpx`, by its extension): what
/// `triangulate new` and File ▸ Open bring in as a new project.
pub fn is_refi_project(path: &std::path::Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("qdpx"))
}

/// The largest codebook read (`.qdc`): far above any real one.
pub const MAX_CODEBOOK_BYTES: u64 = 64 * 1024 * 1024;

/// Reads the file at `path`, refusing what is not a regular file (a FIFO, a
/// folder, a device) and anything over `limit` bytes, even a file that grows while
/// it is read. Errors name the file.
pub fn read_file(path: &std::path::Path, limit: u64) -> Result<Vec<u8>, String> {
    use std::io::Read as _;
    let fail = |err: std::io::Error| format!("{}: {err}", path.display());
    let metadata = std::fs::metadata(path).map_err(fail)?;
    if !metadata.is_file() {
        return Err(format!(
            "{}: not a regular file (a folder, a pipe or a device); nothing was read",
            path.display()
        ));
    }
    let too_large = || {
        format!(
            "{}: larger than the {} MiB allowed; nothing was read",
            path.display(),
            limit / (1024 * 1024)
        )
    };
    if metadata.len() > limit {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    std::fs::File::open(path)
        .and_then(|file| file.take(limit.saturating_add(1)).read_to_end(&mut bytes))
        .map_err(fail)?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(bytes)
}
