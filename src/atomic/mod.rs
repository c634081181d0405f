//! Replacing a file or a directory whole or not at all: the one place every writer of the
//! user's files goes through (`export --out`, `dump`, and any later `--out`).
//!
//! A file ([`replace_file`]) is written to a temporary file beside its target (same
//! directory, so the rename is atomic), flushed, `fsync`ed and renamed over the target; the
//! directory is `fsync`ed after. A directory ([`replace_dir`], in `dir`) is filled beside its
//! target and swapped in. A kill at any moment leaves the old or the new content, never a mix.
//!
//! What is refused (exit 2, with what to do): an `--out` that is a symbolic link, a FIFO, a
//! device or a socket. Renaming over them would replace the link or the node by a regular file
//! (the reader of a FIFO gets nothing; the file a link pointed to keeps its old contents), and
//! writing through them in place could not be atomic; standard output (`> PATH`) is the way to
//! write to a pipe or a device. A `dump` target that is a symbolic link is refused likewise.
//!
//! Temporary names start with `.NAME.` and end with a marker this module owns
//! (`.tmp-PID-N` for files, `.dump-PID-N` for directories). The running writer holds an
//! advisory lock (`flock`) on its temporary file or directory for its whole life, and the name
//! carries its process id, so a later run can tell a temporary left by a killed run (unlocked,
//! its process gone: removed) from one a concurrent run is writing (left alone; see `stale`).
//! A file write removes every stale temporary file in its directory (whichever file it was
//! for); a dump, the stale directories of its target. On systems without `flock` stale
//! temporaries are left.

mod dir;
mod stale;

pub use dir::replace_dir;

use crate::error::{Error, Result};
use std::fs::{self, File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

/// The marker of a temporary file: `.NAME.tmp-PID-N`.
const FILE_MARK: &str = "tmp-";

/// Write the file `path` whole or not at all: `write` fills a temporary file beside it, which
/// replaces `path` only once complete and on disk. An existing `path` must be a regular file.
pub fn replace_file<T>(path: &Path, write: impl FnOnce(&mut dyn Write) -> Result<T>) -> Result<T> {
    let old = refuse_special(path)?;
    let (parent, name) = split(path)?;
    stale::remove_files(&parent);
    let temp = parent.join(format!(".{name}.{}", unique(FILE_MARK)));
    let file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)
        // Named by the file the user asked for: the temporary is ours.
        .map_err(|source| Error::File {
            path: path.to_path_buf(),
            source,
        })?;
    // Held until `file` is closed: a later run leaves this temporary alone while we write.
    stale::lock(&file);
    // The replaced file keeps its mode (a report kept private stays private).
    if let Some(old) = old {
        let _ = file.set_permissions(old.permissions());
    }
    let written = fill(file, path, write).and_then(|value| {
        fs::rename(&temp, path).map_err(|source| Error::File {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(value)
    });
    if written.is_err() {
        let _ = fs::remove_file(&temp);
        return written;
    }
    sync_dir(&parent);
    written
}

fn fill<T>(file: File, path: &Path, write: impl FnOnce(&mut dyn Write) -> Result<T>) -> Result<T> {
    let fault = |source| Error::File {
        path: path.to_path_buf(),
        source,
    };
    let mut out = BufWriter::with_capacity(1 << 16, file);
    // A write fault (a full disk) names the file; exit 3 all the same (`Error::exit_code`).
    let value = write(&mut out).map_err(|e| match e {
        Error::Io(source) => fault(source),
        Error::Csv(e) if matches!(e.kind(), csv::ErrorKind::Io(_)) => match e.into_kind() {
            csv::ErrorKind::Io(source) => fault(source),
            _ => unreachable!("matched as an I/O error above"),
        },
        other => other,
    })?;
    let file = out.into_inner().map_err(|e| fault(e.into_error()))?;
    file.sync_all().map_err(fault)?;
    Ok(value)
}

/// Refuse a target that is not a regular file (when it exists), saying what it is; the
/// regular file's metadata when there is one.
fn refuse_special(path: &Path) -> Result<Option<fs::Metadata>> {
    let meta = match fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(Error::File {
                path: path.to_path_buf(),
                source,
            })
        }
    };
    if meta.file_type().is_file() {
        return Ok(Some(meta));
    }
    let shown = path.display();
    let what = describe(path, &meta);
    Err(Error::invalid(if meta.is_dir() {
        format!("{shown}: is a directory; --out takes a file name")
    } else {
        format!(
            "{shown}: is {what}; --out replaces a regular file whole and never writes through a link or into a pipe or device: name a regular file (a link's target itself), or leave out --out and redirect standard output (> {shown})"
        )
    }))
}

/// What a path that is not a regular file is, in words.
pub(crate) fn describe(path: &Path, meta: &fs::Metadata) -> String {
    let kind = meta.file_type();
    if kind.is_symlink() {
        return match fs::read_link(path) {
            Ok(to) => format!("a symbolic link (to {})", to.display()),
            Err(_) => "a symbolic link".into(),
        };
    }
    if kind.is_dir() {
        return "a directory".into();
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO (named pipe)".into();
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device".into();
        }
        if kind.is_socket() {
            return "a socket".into();
        }
    }
    if kind.is_file() {
        "a regular file".into()
    } else {
        "not a regular file".into()
    }
}

/// The directory a path is in (`.` for a bare name) and its own name.
fn split(path: &Path) -> Result<(PathBuf, String)> {
    let name = path
        .file_name()
        .filter(|n| *n != "..")
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| {
            Error::invalid(format!(
                "{}: not a file name; name the file to write, e.g. report.csv",
                path.display()
            ))
        })?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((parent, name))
}

/// `MARK` + this process's id + a counter: unique among the writers running now.
fn unique(mark: &str) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("{mark}{}-{n}", std::process::id())
}

/// Make a rename in `dir` durable. Some file systems refuse to sync a directory; the rename
/// has happened either way, so that is not worth failing the command for.
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_file_is_replaced_whole_and_a_failed_write_leaves_the_old_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        fs::write(&path, "old\n").unwrap();
        replace_file(&path, |out: &mut dyn Write| Ok(out.write_all(b"new\n")?)).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new\n");
        let failed = replace_file(&path, |out: &mut dyn Write| {
            out.write_all(b"half")?;
            Err::<(), _>(Error::invalid("stopped"))
        });
        assert!(failed.is_err());
        assert_eq!(fs::read_to_string(&path).unwrap(), "new\n");
        assert_eq!(names(dir.path()), ["out.csv"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("private.csv");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        replace_file(&path, |out: &mut dyn Write| Ok(out.write_all(b"new")?)).unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[cfg(unix)]
    #[test]
    fn a_stale_temporary_is_removed_and_a_held_one_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        // No process 999999999 (above any pid_max), no lock: a killed run's.
        fs::write(
            dir.path().join(".out.csv.tmp-999999999-0"),
            "left by a killed run",
        )
        .unwrap();
        // Locked (a writer in another PID namespace, say).
        let locked = dir.path().join(".out.csv.tmp-999999998-0");
        let held = File::create(&locked).unwrap();
        stale::lock(&held);
        // A running process's, not yet locked (just created).
        let young = format!(".out.csv.tmp-{}-99", std::process::id());
        fs::write(dir.path().join(&young), "").unwrap();
        replace_file(&path, |out: &mut dyn Write| Ok(out.write_all(b"x")?)).unwrap();
        let mut want = vec![
            ".out.csv.tmp-999999998-0".to_string(),
            young,
            "out.csv".into(),
        ];
        want.sort();
        assert_eq!(names(dir.path()), want);
    }
}
