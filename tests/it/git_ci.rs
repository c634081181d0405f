//! README's CI recipe run as written on a real repository (`git_team` sets the repository
//! up), and `merge-file`'s exit codes as git reads them.

use crate::common::TestEnv;
use crate::git_team::{alice_and_bob, branch, cl_code, commit, git_ok, team_repo};
use std::path::Path;

/// README's CI step, as written: the `claimledger` line of the workflow.
fn readme_ci_command() -> Vec<String> {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let yaml = readme
        .split("```yaml\nname: ledger\n")
        .nth(1)
        .and_then(|r| r.split("```").next())
        .expect("README's workflow");
    let line = yaml
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- run: claimledger "))
        .next()
        .expect("a claimledger step");
    line.split_whitespace().map(str::to_string).collect()
}

#[test]
fn the_readme_ci_recipe_holds_a_pull_request_to_its_base() {
    let (env, repo) = team_repo();
    alice_and_bob(&env, &repo);
    // Alice's pull request went in; Bob merged main into his branch, with the driver.
    git_ok(&env, &repo, &["checkout", "-q", "main"]);
    git_ok(&env, &repo, &["merge", "-q", "--ff-only", "alice"]);
    git_ok(&env, &repo, &["checkout", "-q", "bob"]);
    git_ok(&env, &repo, &["merge", "-q", "--no-edit", "main"]);
    // Erin's review went in next, and Bob merged main again: his branch holds his review
    // among main's older ones now, which the second merge keeps.
    branch(
        &env,
        &repo,
        "erin",
        "main",
        &[(
            "2024-11-27T09:00:00Z",
            &[
                "verify",
                "c-10",
                "--verdict",
                "disputed",
                "--reviewer",
                "erin",
            ],
        )],
    );
    git_ok(&env, &repo, &["checkout", "-q", "main"]);
    git_ok(&env, &repo, &["merge", "-q", "--ff-only", "erin"]);
    git_ok(&env, &repo, &["checkout", "-q", "bob"]);
    git_ok(&env, &repo, &["merge", "-q", "--no-edit", "main"]);
    let reviewers: Vec<String> = std::fs::read_to_string(repo.join("ledger/reviews.csv"))
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(2).unwrap().to_string())
        .collect();
    assert_eq!(reviewers, ["ann", "alice", "bob", "erin"]);

    // The workflow's checkouts: the pull request (merged into its base: here the same tree),
    // and the base beside it, at the path the workflow gives.
    let args = readme_ci_command();
    assert_eq!(
        args,
        [
            "--db",
            "ledger",
            "check",
            "--base",
            ".base/ledger",
            "--format",
            "github"
        ]
    );
    let base_dir = args[4].strip_suffix("/ledger").unwrap();
    git_ok(
        &env,
        &repo,
        &["worktree", "add", "-q", "--detach", base_dir, "main"],
    );
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (out, _) = cl_code(&env, &repo, &args, 0);
    // Every annotation is on the questioned claim's row of ledger/claims.csv, marked new or
    // existing: Bob's unreviewed c-12 is new, Alice's c-11 came with the base.
    let claims = std::fs::read_to_string(repo.join("ledger/claims.csv")).unwrap();
    let line_of = |id: &str| {
        claims
            .lines()
            .position(|l| l.starts_with(&format!("{id},")))
            .unwrap()
            + 1
    };
    let c12 = out
        .lines()
        .find(|l| l.contains("c-12"))
        .expect("an annotation on c-12");
    assert!(
        c12.starts_with(&format!(
            "::notice file=ledger/claims.csv,line={},title=L011 unreviewed (new)::",
            line_of("c-12")
        )),
        "{c12}"
    );
    let c11 = out
        .lines()
        .find(|l| l.contains("c-11"))
        .expect("an annotation on c-11");
    assert!(
        c11.starts_with(&format!(
            "::notice file=ledger/claims.csv,line={},title=L011 unreviewed (existing)::",
            line_of("c-11")
        )),
        "{c11}"
    );
    assert_eq!(line_of("c-12"), 4);
    assert!(!out.contains("L013"), "{out}");

    // A pull request that drops the newest review: the chain still verifies, so only the base
    // shows it.
    git_ok(&env, &repo, &["checkout", "-q", "-b", "drop", "bob"]);
    let path = repo.join("ledger/reviews.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let dropped = lines.pop().unwrap().to_string();
    assert!(dropped.starts_with("c-10,disputed,erin,"), "{dropped}");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    commit(&env, &repo, "drop a review");
    cl_code(&env, &repo, &["--db", "ledger", "check"], 0);
    let (out, _) = cl_code(&env, &repo, &args, 1);
    let l013: Vec<&str> = out.lines().filter(|l| l.contains("L013")).collect();
    assert_eq!(l013.len(), 1, "{out}");
    // On the row of the claim whose review went missing.
    let want = format!(
        "::error file=ledger/claims.csv,line={},title=L013 history-tampered (new)::the base \
         ledger's reviews are not all kept: review 3 of the base (a review of c-10 by erin at \
         2024-11-27T09:00:00Z, disputed) is missing here",
        line_of("c-10")
    );
    assert!(l013[0].starts_with(&want), "{}", l013[0]);
}

#[test]
fn merge_file_writes_into_ours_and_exits_by_the_outcome() {
    let env = TestEnv::new();
    let header = "key,value\n";
    let base = env.write_file("base", format!("{header}tolerance,0.10\n"));
    let theirs = env.write_file("theirs", format!("{header}tolerance,0.10\n"));
    let ours = env.write_file("ours", format!("{header}tolerance,0.05\n"));
    let args = |p: &str| {
        vec![
            "merge-file".to_string(),
            base.to_str().unwrap().to_string(),
            ours.to_str().unwrap().to_string(),
            theirs.to_str().unwrap().to_string(),
            p.to_string(),
        ]
    };
    let run = |p: &str| {
        let a = args(p);
        env.run(&a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    // Clean: ours' change is kept, exit 0.
    let out = run("ledger/settings.csv");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(&ours).unwrap(),
        format!("{header}tolerance,0.05\n")
    );
    // A conflict: exit 1, the id and both versions named, both in the file between markers.
    std::fs::write(&theirs, format!("{header}tolerance,0.20\n")).unwrap();
    let out = run("ledger/settings.csv");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("conflict in ledger/settings.csv: setting tolerance changed on both sides — ours: tolerance,0.05; theirs: tolerance,0.20"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&ours).unwrap(),
        format!("{header}<<<<<<< ours: setting tolerance\ntolerance,0.05\n||||||| base\ntolerance,0.10\n=======\ntolerance,0.20\n>>>>>>> theirs: setting tolerance\n")
    );
    // A version that is not the table: exit 2, ours left as it was.
    std::fs::write(&ours, "key,colour\ntolerance,red\n").unwrap();
    let err = env.fails(
        &args("ledger/settings.csv")
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        2,
    );
    assert!(
        err.contains("ledger/settings.csv (ours), line 1: unknown column \"colour\""),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(&ours).unwrap(),
        "key,colour\ntolerance,red\n"
    );
}
