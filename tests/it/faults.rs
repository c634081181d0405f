//! Fault injection for the reliability tests: a generated ledger large enough to be caught
//! mid-write, a kill at a chosen moment (`SIGKILL`, nothing runs after it), a write fault
//! (a file-size limit with `SIGXFSZ` ignored, so the write itself fails with `EFBIG`), and
//! snapshots of what is on disk to compare before and after.

use crate::common::{bench_bin, TestEnv};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Write a generated ledger directory of `claims` claims (and a tenth as many sources, a
/// review a claim) at `env/name`.
pub fn gen_dir(env: &TestEnv, name: &str, claims: u32) -> PathBuf {
    let dir = env.path().join(name);
    let out = Command::new(bench_bin())
        .args(["gen-dir", name, "--claims", &claims.to_string()])
        .current_dir(env.path())
        .output()
        .expect("run claimledger-bench");
    assert!(out.status.success(), "gen-dir: {out:?}");
    dir
}

/// How many claims the generated ledger holds: enough that import, dump and export take a
/// good fraction of a second in a debug build, so that a kill lands mid-write.
pub const CLAIMS: u32 = 8_000;

/// A fresh env whose `ledger.db` holds the generated ledger of [`CLAIMS`] claims (generated
/// and imported once per test binary; each env gets a copy of the file).
pub fn generated() -> TestEnv {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    let bytes = BYTES.get_or_init(|| {
        let env = TestEnv::init();
        gen_dir(&env, "gen", CLAIMS);
        env.ok(&["import", "gen"]);
        env.conn()
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .unwrap();
        fs::read(env.db()).unwrap()
    });
    let env = TestEnv::new();
    env.write_file("ledger.db", bytes);
    env
}

/// Write `files` (a [`snapshot`]) as the directory `dir`, replacing what is there.
pub fn restore(dir: &Path, files: &BTreeMap<String, Vec<u8>>) {
    if dir.exists() {
        fs::remove_dir_all(dir).unwrap();
    }
    for (rel, bytes) in files {
        let path = dir.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
}

/// Every file under `dir` (relative path -> bytes; links as `-> target`), to compare whole
/// directories.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, into: &mut BTreeMap<String, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let kind = entry.file_type().unwrap();
            if kind.is_symlink() {
                let to = fs::read_link(&path).unwrap();
                into.insert(rel, format!("-> {}", to.display()).into_bytes());
            } else if kind.is_dir() {
                walk(root, &path, into);
            } else {
                into.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(dir, dir, &mut files);
    files
}

/// The names in `dir`, sorted.
pub fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// How a killed run ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Killed {
    /// It was still running when the kill came.
    MidRun,
    /// It had already finished (with this exit code).
    Finished(Option<i32>),
}

/// Start `claimledger args` and kill it (`SIGKILL`) once `when` says so, or after `delay`.
pub fn kill_when(env: &TestEnv, args: &[&str], delay: Duration, when: impl Fn() -> bool) -> Killed {
    let mut child = env
        .std_command(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn claimledger");
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return Killed::Finished(status.code());
        }
        if started.elapsed() >= delay || when() {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    Killed::MidRun
}

/// Kill `claimledger args` after `delay`.
pub fn kill_after(env: &TestEnv, args: &[&str], delay: Duration) -> Killed {
    kill_when(env, args, delay, || false)
}

/// True when `dir` holds an entry whose name starts with `prefix`.
pub fn has_entry(dir: &Path, prefix: &str) -> bool {
    names(dir).iter().any(|n| n.starts_with(prefix))
}

/// Run `claimledger args` with files limited to about `kib` KiB (`ulimit -f`, in 512-byte
/// blocks in a POSIX shell) and `SIGXFSZ` ignored: the first write past the limit fails with
/// `EFBIG`, a write fault in the middle of the command.
pub fn run_with_file_limit(env: &TestEnv, kib: u32, args: &[&str]) -> std::process::Output {
    let mut script = format!("trap '' XFSZ; ulimit -f {}; exec \"$0\"", kib * 2);
    for i in 1..=args.len() {
        script.push_str(&format!(" \"${{{i}}}\""));
    }
    let template = env.std_command(&[]);
    let mut sh = Command::new("sh");
    sh.arg("-c")
        .arg(script)
        .arg(template.get_program())
        .args(args)
        .current_dir(env.path());
    for (k, v) in template.get_envs() {
        match v {
            Some(v) => sh.env(k, v),
            None => sh.env_remove(k),
        };
    }
    sh.output().expect("run sh")
}
