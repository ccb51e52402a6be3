//! A zip archive read as hostile until proven otherwise.
//!
//! [`Archive::open`] reads only the archive's directory and refuses it when it
//! holds too many entries, an entry whose path would leave the archive (`../`, an
//! absolute path, a drive letter) or an encrypted entry, or when what the entries
//! declare they hold is more than the limits allow. [`Archive::read`] then unpacks
//! one entry at a time, counting the bytes it really gives (a declared size can
//! lie): past the entry's limit, the archive's total or the compression ratio a
//! zip bomb needs, it stops and says so. Nothing is ever written to disk.

use std::io::{Cursor, Read as _};

/// How much an archive may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Entries in the archive's directory.
    pub max_entries: usize,
    /// Bytes one entry may unpack to.
    pub max_entry_bytes: u64,
    /// Bytes all entries read may unpack to together.
    pub max_total_bytes: u64,
    /// Unpacked bytes per packed byte, for entries larger than [`Limits::ratio_from`].
    pub max_ratio: u64,
    /// Entries smaller than this are never refused for their ratio (a small file of
    /// spaces packs very well and harms no one).
    pub ratio_from: u64,
}

impl Limits {
    /// The limits of a REFI-QDA project: far above what real projects hold (a
    /// project file of ours is at most 256 MiB), far below what would exhaust memory.
    pub const DEFAULT: Self = Self {
        max_entries: 100_000,
        max_entry_bytes: 512 * 1024 * 1024,
        max_total_bytes: 1024 * 1024 * 1024,
        max_ratio: 200,
        ratio_from: 4 * 1024 * 1024,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Why an archive, or an entry of it, was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ArchiveError {
    /// Not a zip archive, or its directory is damaged.
    #[error("not a readable zip archive ({0})")]
    NotZip(String),
    /// More entries than the limit.
    #[error("the archive holds {count} entries, more than the {limit} allowed")]
    TooManyEntries {
        /// How many it holds.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// An entry's path would leave the archive.
    #[error("the entry “{0}” has a path that leaves the archive; the archive is refused")]
    UnsafePath(String),
    /// An encrypted entry.
    #[error("the entry “{0}” is encrypted; the archive is refused")]
    Encrypted(String),
    /// An entry unpacks to more than its limit.
    #[error("the entry “{name}” unpacks to more than {limit} bytes")]
    EntryTooLarge {
        /// The entry.
        name: String,
        /// The limit, in bytes.
        limit: u64,
    },
    /// The entries read unpack to more than the archive's limit.
    #[error("the archive unpacks to more than {limit} bytes in all")]
    TooLargeInAll {
        /// The limit, in bytes.
        limit: u64,
    },
    /// An entry packs too well to be a real file: a zip bomb.
    #[error(
        "the entry “{name}” unpacks to more than {limit} times its packed size (a zip bomb?); the archive is refused"
    )]
    Ratio {
        /// The entry.
        name: String,
        /// The limit.
        limit: u64,
    },
    /// An entry could not be unpacked.
    #[error("the entry “{name}” could not be unpacked ({cause})")]
    Damaged {
        /// The entry.
        name: String,
        /// What went wrong.
        cause: String,
    },
    /// No entry has this name.
    #[error("the archive has no entry “{0}”")]
    Missing(String),
}

/// A zip archive held in memory, its directory checked.
pub struct Archive<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    /// The entries' paths, with `/` between folders, in directory order.
    names: Vec<String>,
    limits: Limits,
    /// Bytes unpacked so far.
    unpacked: u64,
}

impl std::fmt::Debug for Archive<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Archive")
            .field("names", &self.names)
            .field("unpacked", &self.unpacked)
            .finish_non_exhaustive()
    }
}

impl<'a> Archive<'a> {
    /// Reads the directory of the archive in `bytes` and checks it against `limits`.
    pub fn open(bytes: &'a [u8], limits: Limits) -> Result<Self, ArchiveError> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|err| ArchiveError::NotZip(err.to_string()))?;
        if zip.len() > limits.max_entries {
            return Err(ArchiveError::TooManyEntries {
                count: zip.len(),
                limit: limits.max_entries,
            });
        }
        let mut names = Vec::with_capacity(zip.len());
        for index in 0..zip.len() {
            let entry = zip
                .by_index_raw(index)
                .map_err(|err| ArchiveError::NotZip(err.to_string()))?;
            let raw = entry.name().to_owned();
            let name = safe_path(&raw).ok_or_else(|| ArchiveError::UnsafePath(raw.clone()))?;
            if entry.encrypted() {
                return Err(ArchiveError::Encrypted(raw));
            }
            if entry.size() > limits.max_entry_bytes {
                return Err(ArchiveError::EntryTooLarge {
                    name: raw,
                    limit: limits.max_entry_bytes,
                });
            }
            names.push(name);
        }
        Ok(Self {
            zip,
            names,
            limits,
            unpacked: 0,
        })
    }

    /// The entries' paths, with `/` between folders.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The entry at this path, compared without regard to case (`Sources/` and
    /// `sources/` are one folder to the tools that write these archives); an
    /// exact match wins.
    pub fn find(&self, path: &str) -> Option<usize> {
        let path = path.replace('\\', "/");
        let path = path.trim_start_matches("./");
        self.names.iter().position(|n| n == path).or_else(|| {
            self.names
                .iter()
                .position(|n| n.to_lowercase() == path.to_lowercase())
        })
    }

    /// Unpacks the entry at `index`, within the limits.
    pub fn read(&mut self, index: usize) -> Result<Vec<u8>, ArchiveError> {
        let name = self
            .names
            .get(index)
            .cloned()
            .ok_or_else(|| ArchiveError::Missing(format!("#{index}")))?;
        let damaged = |cause: String| ArchiveError::Damaged {
            name: name.clone(),
            cause,
        };
        let entry = self
            .zip
            .by_index(index)
            .map_err(|err| damaged(err.to_string()))?;
        let packed = entry.compressed_size().max(1);
        let left = self.limits.max_total_bytes.saturating_sub(self.unpacked);
        let cap = self.limits.max_entry_bytes.min(left);
        let mut bytes = Vec::with_capacity(usize::try_from(entry.size().min(cap)).unwrap_or(0));
        entry
            .take(cap.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|err| damaged(err.to_string()))?;
        let size = bytes.len() as u64;
        if size > cap {
            return Err(if cap < self.limits.max_entry_bytes {
                ArchiveError::TooLargeInAll {
                    limit: self.limits.max_total_bytes,
                }
            } else {
                ArchiveError::EntryTooLarge {
                    name,
                    limit: self.limits.max_entry_bytes,
                }
            });
        }
        if size >= self.limits.ratio_from && size / packed > self.limits.max_ratio {
            return Err(ArchiveError::Ratio {
                name,
                limit: self.limits.max_ratio,
            });
        }
        self.unpacked += size;
        Ok(bytes)
    }

    /// Unpacks the entry at `path` (see [`Archive::find`]).
    pub fn read_path(&mut self, path: &str) -> Result<Vec<u8>, ArchiveError> {
        let index = self
            .find(path)
            .ok_or_else(|| ArchiveError::Missing(path.to_owned()))?;
        self.read(index)
    }
}

/// The path of an entry with `/` between folders, or `None` when it would leave
/// the archive: absolute, with a drive letter, or climbing out with `..`.
fn safe_path(raw: &str) -> Option<String> {
    let path = raw.replace('\\', "/");
    if path.starts_with('/') || path.contains('\0') {
        return None;
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            part if part.len() >= 2 && part.ends_with(':') && parts.is_empty() => return None,
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

    use std::io::Write as _;

    use super::*;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in entries {
            zip.start_file(*name, options).unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn paths_that_leave_the_archive_are_refused() {
        for (raw, safe) in [
            ("sources/a.txt", Some("sources/a.txt")),
            ("./Sources\\a.txt", Some("Sources/a.txt")),
            ("../a.txt", None),
            ("sources/../../a.txt", None),
            ("/etc/passwd", None),
            ("C:/Windows/a.txt", None),
            ("C:\\a.txt", None),
        ] {
            assert_eq!(safe_path(raw).as_deref(), safe, "{raw}");
        }
        let bytes = zip_of(&[("project.qde", b"x"), ("../evil.txt", b"y")]);
        assert_eq!(
            Archive::open(&bytes, Limits::DEFAULT).unwrap_err(),
            ArchiveError::UnsafePath("../evil.txt".into())
        );
    }

    #[test]
    fn entries_are_found_without_regard_to_case() {
        let bytes = zip_of(&[("project.qde", b"qde"), ("Sources/ABC.txt", b"text")]);
        let mut archive = Archive::open(&bytes, Limits::DEFAULT).unwrap();
        assert_eq!(archive.read_path("sources/abc.txt").unwrap(), b"text");
        assert_eq!(archive.read_path("project.qde").unwrap(), b"qde");
        assert!(matches!(
            archive.read_path("sources/none.txt"),
            Err(ArchiveError::Missing(_))
        ));
    }

    #[test]
    fn bombs_and_crowds_are_refused() {
        let zeros = vec![b' '; 2 * 1024 * 1024];
        let bytes = zip_of(&[("big.txt", &zeros)]);
        let tight = Limits {
            ratio_from: 1024,
            ..Limits::DEFAULT
        };
        let mut archive = Archive::open(&bytes, tight).unwrap();
        assert!(matches!(archive.read(0), Err(ArchiveError::Ratio { .. })));

        let small = Limits {
            max_entry_bytes: 1000,
            ..Limits::DEFAULT
        };
        // The declared size is checked when the archive is opened.
        assert!(matches!(
            Archive::open(&bytes, small),
            Err(ArchiveError::EntryTooLarge { .. })
        ));

        let total = Limits {
            max_total_bytes: 3 * 1024 * 1024,
            ..Limits::DEFAULT
        };
        let bytes = zip_of(&[("a.txt", &zeros), ("b.txt", &zeros)]);
        let mut archive = Archive::open(&bytes, total).unwrap();
        assert!(archive.read(0).is_ok());
        assert!(matches!(
            archive.read(1),
            Err(ArchiveError::TooLargeInAll { .. })
        ));

        let crowd: Vec<(String, &[u8])> =
            (0..20).map(|i| (format!("{i}.txt"), &b"x"[..])).collect();
        let crowd: Vec<(&str, &[u8])> = crowd.iter().map(|(n, b)| (n.as_str(), *b)).collect();
        let few = Limits {
            max_entries: 10,
            ..Limits::DEFAULT
        };
        assert!(matches!(
            Archive::open(&zip_of(&crowd), few),
            Err(ArchiveError::TooManyEntries { count: 20, .. })
        ));
    }

    #[test]
    fn what_is_not_a_zip_is_refused() {
        assert!(matches!(
            Archive::open(b"PK\x03\x04 not really", Limits::DEFAULT),
            Err(ArchiveError::NotZip(_))
        ));
    }
}
