//! Shell completions and the manual page, made from the clap definitions; progress that stays
//! off standard error when it is not a terminal.

use crate::check_support::seeds_arg;
use crate::common::TestEnv;

const COMMANDS: [&str; 6] = ["check", "export", "report", "dump", "completions", "man"];

#[test]
fn completions_know_every_command_for_each_shell() {
    let env = TestEnv::new();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = env.ok(&["completions", shell]);
        for command in COMMANDS {
            assert!(script.contains(command), "{shell}: {command}");
        }
        assert!(script.contains("workbook"), "{shell}: export's values");
    }
    env.fails(&["completions", "tcsh"], 2);
}

#[test]
fn the_manual_page_is_roff_with_every_command() {
    let env = TestEnv::new();
    let man = env.ok(&["man"]);
    assert!(man.starts_with(".ie \\n(.g .ds Aq"), "{}", &man[..80]);
    assert!(man.contains(".TH claimledger 1"));
    for command in COMMANDS {
        assert!(man.contains(command), "{command}");
    }
    env.ok(&["man", "--out-dir", "man1"]);
    for page in [
        "claimledger.1",
        "claimledger-check.1",
        "claimledger-export.1",
    ] {
        let text = std::fs::read_to_string(env.path().join("man1").join(page)).unwrap();
        assert!(text.contains(".TH"), "{page}");
    }
}

#[test]
fn long_commands_are_quiet_when_stderr_is_not_a_terminal() {
    let env = TestEnv::new();
    let seeds = seeds_arg();
    for args in [
        vec!["check", "--fail-on", "never"],
        vec!["export", "audit", "--out", "a.csv"],
        vec!["export", "workbook", "--out", "w.xlsx"],
        vec!["report", "--out", "r.html"],
        vec!["dump", "dumped"],
    ] {
        let mut all = vec!["--db", seeds.as_str()];
        all.extend(&args);
        let out = env.run(&all);
        assert!(out.status.success(), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
    }
}

/// On a terminal (`script` gives the command one), the spinner names the stage on standard
/// error and clears its line at the end.
#[test]
fn long_commands_show_progress_on_a_terminal() {
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: no `script` (util-linux) to give the command a terminal");
        return;
    }
    let env = TestEnv::new();
    let command = format!(
        "{} --db {} export workbook --out {}",
        crate::common::bin().display(),
        seeds_arg(),
        env.path().join("w.xlsx").display()
    );
    let log = env.path().join("typescript");
    let status = std::process::Command::new("script")
        .args(["-qec", &command])
        .arg(&log)
        .env("TERM", "xterm")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let seen = std::fs::read_to_string(&log).unwrap();
    // Draws are rate-limited, so a fast stage may never show; some stage always does.
    let stages = ["reading the ledger", "checking", "writing the"];
    assert!(stages.iter().any(|s| seen.contains(s)), "{seen}");
    assert!(
        seen.contains("\x1b[2K"),
        "the spinner clears its line: {seen}"
    );
    assert!(env.path().join("w.xlsx").exists());
}
