//! Telling a temporary left by a killed run from one a running writer holds: the writer keeps
//! an exclusive `flock` on it, which the kernel drops when the process dies, however it dies,
//! and its name carries the writer's process id. A temporary is stale, and removed, when its
//! lock can be taken *and* no process of that id runs: the lock alone would not see a writer
//! that has just created its temporary and not yet locked it; the id alone would not see a
//! writer in another PID namespace (a container sharing the directory). A process id reused
//! since only delays the clean-up to a later run.

use std::fs::{self, File};
use std::path::Path;

/// Hold an exclusive lock on `file` (a temporary) until it is closed. Best effort: where the
/// file system has no locks, later runs cannot tell, and leave the temporary (see below).
pub(super) fn lock(file: &File) {
    #[cfg(unix)]
    {
        let _ = rustix::fs::flock(file, rustix::fs::FlockOperation::NonBlockingLockExclusive);
    }
    #[cfg(not(unix))]
    let _ = file;
}

/// True when no running writer holds `path` (a file, or a directory opened for reading),
/// named `….MARK` + `PID-…`.
fn abandoned(path: &Path, mark: &str) -> bool {
    #[cfg(unix)]
    {
        use rustix::fs::{flock, FlockOperation};
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let pid = name
            .as_deref()
            .and_then(|n| n.rsplit_once(mark))
            .and_then(|(_, tail)| tail.split('-').next()?.parse::<i32>().ok())
            .and_then(rustix::process::Pid::from_raw);
        // Signal 0 tests for a process; "not permitted" means one runs, under another user.
        let running = pid.is_some_and(|pid| {
            matches!(
                rustix::process::test_kill_process(pid),
                Ok(()) | Err(rustix::io::Errno::PERM)
            )
        });
        !running
            && File::open(path)
                .is_ok_and(|f| flock(&f, FlockOperation::NonBlockingLockExclusive).is_ok())
    }
    #[cfg(not(unix))]
    {
        let _ = (path, mark);
        false
    }
}

/// The entries of `dir` named `.NAME.MARK…`: temporaries of writers of `NAME`.
pub(super) fn temporaries(dir: &Path, name: &str, mark: &str) -> Vec<std::path::PathBuf> {
    let prefix = format!(".{name}.{mark}");
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .map(|e| e.path())
        .collect()
}

/// Remove the temporary files of earlier, killed writers in `dir`: any `.NAME.tmp-PID-N` (or
/// `.NAME.tmp-PID`, as older claimledgers named them), whichever file they were for, so that a
/// killed `export --out a.csv` is cleaned up by the next writer into that directory. Failing
/// to is not an error of this run: it only leaves what was already there.
pub(super) fn remove_files(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(|e| e.ok()) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = name.starts_with('.')
            && name.rsplit_once(".tmp-").is_some_and(|(_, tail)| {
                !tail.is_empty() && tail.split('-').all(|n| n.parse::<u32>().is_ok())
            });
        let path = entry.path();
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if ours && is_file && abandoned(&path, ".tmp-") {
            let _ = fs::remove_file(&path);
        }
    }
}

/// Remove the temporary directories of earlier, killed dumps into `name` in `dir` (only
/// real directories: a link of that name is removed as a link, never followed).
pub(super) fn remove_dirs(dir: &Path, name: &str, mark: &str) {
    for path in temporaries(dir, name, mark) {
        match fs::symlink_metadata(&path) {
            Ok(m) if m.is_dir() => {
                if abandoned(&path, mark) {
                    let _ = fs::remove_dir_all(&path);
                }
            }
            Ok(_) => {
                let _ = fs::remove_file(&path);
            }
            Err(_) => {}
        }
    }
}
