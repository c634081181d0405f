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
