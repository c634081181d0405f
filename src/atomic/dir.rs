//! Replacing a directory whole: filled beside its target (`.NAME.dump-PID-N`, locked while
//! it is written), made durable, then swapped in.
//!
//! On Linux the swap is one `renameat2(RENAME_EXCHANGE)`: the target is the old directory up
//! to that call and the new one after it, with no moment in between where it is missing or
//! mixed; the old one, now under the temporary name, is then removed. Elsewhere (or on a file
//! system that refuses the exchange) it is two renames: the old directory to a backup name
//! `.NAME.dump-…-old`, the new one to the target; a run killed between the two leaves no
//! target, and the next run puts the backup back before anything else (and says so).
//!
//! What the old directory held that the writer does not own (a `NOTES.md`, a `.git`, files
//! beside the texts) is carried over into the new one as hard links (a copy where links are
//! not possible), symbolic links recreated as links, never followed. What the writer owns and
//! did not write this time (a text of a source no longer in the ledger) is dropped with the
//! old directory. Removing the old directory never follows a link, so nothing outside it is
//! deleted.

use super::{describe, stale, sync_dir, unique};
use crate::error::{Error, Result};
use std::fs::{self, File};
use std::path::{Path, PathBuf};

/// The marker of a temporary directory: `.NAME.dump-PID-N`.
const DIR_MARK: &str = "dump-";

/// Replace the directory `target` (created when missing) by what `fill` writes into an empty
/// directory beside it. `owned(relative path)` says which entries the writer owns: those of
/// the old directory that `fill` did not write again are dropped, every other one is kept.
pub fn replace_dir<T>(
    target: &Path,
    owned: impl Fn(&Path) -> bool,
    fill: impl FnOnce(&Path) -> Result<T>,
) -> Result<T> {
    let (parent, name) = split_dir(target)?;
    recover(&parent, &name, target)?;
    let old = match fs::symlink_metadata(target) {
        Ok(meta) if meta.is_dir() => Some(meta),
        Ok(meta) => {
            return Err(Error::invalid(format!(
                "{}: is {}; dump writes a directory and never writes through a link: name a directory (a link's target itself), or a new name",
                target.display(),
                describe(target, &meta)
            )))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(source) => return Err(file_error(target)(source)),
    };
    stale::remove_dirs(&parent, &name, DIR_MARK);

    fs::create_dir_all(&parent).map_err(file_error(&parent))?;
    let staging = parent.join(format!(".{name}.{}", unique(DIR_MARK)));
    fs::create_dir(&staging).map_err(file_error(&staging))?;
    // Held until this process ends: later runs leave this directory alone while it is written.
    let lock = File::open(&staging).map_err(file_error(&staging))?;
    super::stale::lock(&lock);
    let built = (|| {
        if let Some(meta) = &old {
            fs::set_permissions(&staging, meta.permissions()).map_err(file_error(&staging))?;
        }
        let value = fill(&staging)?;
        if old.is_some() {
            carry_over(target, &staging, Path::new(""), &owned)?;
        }
        durable(&lock, &staging)?;
        Ok(value)
    })();
    let value = match built {
        Ok(value) => value,
        Err(e) => {
            let _ = fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    let swapped = match old {
        // A concurrent dump may have made the target meanwhile: then swap with its directory.
        None => fs::rename(&staging, target).or_else(|e| match fs::symlink_metadata(target) {
            Ok(meta) if meta.is_dir() => swap(&parent, &name, &staging, target),
            _ => Err(file_error(target)(e)),
        }),
        Some(_) => swap(&parent, &name, &staging, target),
    };
    if let Err(e) = swapped {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    sync_dir(&parent);
    Ok(value)
}

/// The directory's parent and its own name. `.` and `..` are refused: swapping the current
/// directory would leave the shell that ran the command in a removed one.
fn split_dir(target: &Path) -> Result<(PathBuf, String)> {
    let name = target
        .file_name()
        .filter(|n| *n != "..")
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|_| !target.ends_with("."))
        .ok_or_else(|| {
            Error::invalid(format!(
                "{}: name the directory itself (dump replaces it whole); from its parent, e.g. `claimledger --db ../ledger.db dump ledger`",
                target.display()
            ))
        })?;
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((parent, name))
}

/// Put back the old directory of a two-rename swap that was killed half-way (no target, a
/// backup beside it).
fn recover(parent: &Path, name: &str, target: &Path) -> Result<()> {
    if fs::symlink_metadata(target).is_ok() {
        return Ok(());
    }
    let backups = stale::temporaries(parent, name, DIR_MARK);
    if let Some(backup) = backups
        .iter()
        .find(|p| p.to_string_lossy().ends_with("-old"))
    {
        fs::rename(backup, target).map_err(file_error(target))?;
        eprintln!(
            "claimledger: {}: an earlier dump was killed while swapping directories; the directory it replaced is back",
            target.display()
        );
    }
    Ok(())
}

/// Everything written under `staging` is on disk before the swap makes it the target.
fn durable(lock: &File, staging: &Path) -> Result<()> {
    #[cfg(target_os = "linux")]
    {
        // One call for the whole file system, instead of one fsync per file and text.
        rustix::fs::syncfs(lock).map_err(|e| file_error(staging)(e.into()))
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (lock, staging);
        Ok(())
    }
}

fn swap(parent: &Path, name: &str, staging: &Path, target: &Path) -> Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        match renameat_with(CWD, staging, CWD, target, RenameFlags::EXCHANGE) {
            Ok(()) => {
                // `staging` now names the old directory.
                let _ = fs::remove_dir_all(staging);
                return Ok(());
            }
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return Err(file_error(target)(e.into())),
        }
    }
    let backup = parent.join(format!(".{name}.{}-old", unique(DIR_MARK)));
    fs::rename(target, &backup).map_err(file_error(target))?;
    if let Err(source) = fs::rename(staging, target) {
        let _ = fs::rename(&backup, target);
        let _ = fs::remove_dir_all(staging);
        return Err(file_error(target)(source));
    }
    let _ = fs::remove_dir_all(&backup);
    Ok(())
}

/// Bring into `new` what `old` holds under `rel` that `new` lacks and the writer does not own.
fn carry_over(old: &Path, new: &Path, rel: &Path, owned: &impl Fn(&Path) -> bool) -> Result<()> {
    let from_dir = old.join(rel);
    let entries = fs::read_dir(&from_dir).map_err(file_error(&from_dir))?;
    for entry in entries {
        let entry = entry.map_err(file_error(&from_dir))?;
        let rel = rel.join(entry.file_name());
        let (from, to) = (old.join(&rel), new.join(&rel));
        let kind = entry.file_type().map_err(file_error(&from))?;
        match fs::symlink_metadata(&to) {
            // Both real directories (the texts): look inside. Otherwise the new entry wins.
            Ok(there) => {
                if kind.is_dir() && there.is_dir() {
                    carry_over(old, new, &rel, owned)?;
                }
            }
            Err(_) if owned(&rel) => {}
            Err(_) => link_tree(&from, &to, kind)?,
        }
    }
    Ok(())
}

/// `from` recreated at `to`: files hard-linked (copied where that fails), links as links,
/// directories entry by entry. Pipes, sockets and devices are not carried over.
fn link_tree(from: &Path, to: &Path, kind: fs::FileType) -> Result<()> {
    if kind.is_symlink() {
        let target = fs::read_link(from).map_err(file_error(from))?;
        #[cfg(unix)]
        std::os::unix::fs::symlink(&target, to).map_err(file_error(to))?;
        #[cfg(not(unix))]
        let _ = target;
    } else if kind.is_dir() {
        fs::create_dir(to).map_err(file_error(to))?;
        if let Ok(meta) = fs::metadata(from) {
            let _ = fs::set_permissions(to, meta.permissions());
        }
        for entry in fs::read_dir(from).map_err(file_error(from))? {
            let entry = entry.map_err(file_error(from))?;
            let kind = entry.file_type().map_err(file_error(from))?;
            link_tree(&entry.path(), &to.join(entry.file_name()), kind)?;
        }
    } else if kind.is_file() && fs::hard_link(from, to).is_err() {
        fs::copy(from, to).map_err(file_error(to))?;
    }
    Ok(())
}

fn file_error(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::File {
        path: path.to_path_buf(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, files: &[(&str, &str)]) -> Result<()> {
        for (name, text) in files {
            fs::write(dir.join(name), text).map_err(file_error(dir))?;
        }
        Ok(())
    }

    #[test]
    fn the_directory_is_swapped_whole_keeping_what_the_writer_does_not_own() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("ledger");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("a.csv"), "old").unwrap();
        fs::write(target.join("stale.csv"), "owned, not rewritten").unwrap();
        fs::write(target.join("NOTES.md"), "mine").unwrap();
        let owned = |rel: &Path| rel.extension().is_some_and(|e| e == "csv");
        replace_dir(&target, owned, |dir| write(dir, &[("a.csv", "new")])).unwrap();
        let mut names: Vec<_> = fs::read_dir(&target)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, ["NOTES.md", "a.csv"]);
        assert_eq!(fs::read_to_string(target.join("a.csv")).unwrap(), "new");
        assert_eq!(
            fs::read_dir(root.path()).unwrap().count(),
            1,
            "no temporary left"
        );

        // A failed fill leaves the old directory as it was, and nothing beside it.
        let failed = replace_dir(&target, owned, |dir| {
            write(dir, &[("a.csv", "half")])?;
            Err::<(), _>(Error::invalid("stopped"))
        });
        assert!(failed.is_err());
        assert_eq!(fs::read_to_string(target.join("a.csv")).unwrap(), "new");
        assert_eq!(fs::read_dir(root.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_killed_two_rename_swap_is_put_back() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("ledger");
        let backup = root.path().join(".ledger.dump-1-0-old");
        fs::create_dir(&backup).unwrap();
        fs::write(backup.join("a.csv"), "old").unwrap();
        replace_dir(&target, |_| true, |dir| write(dir, &[("a.csv", "new")])).unwrap();
        assert_eq!(fs::read_to_string(target.join("a.csv")).unwrap(), "new");
        assert_eq!(fs::read_dir(root.path()).unwrap().count(), 1);
    }
}
