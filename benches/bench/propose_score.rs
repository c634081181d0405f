//! `claimledger-bench propose-score SEEDS`: runs the real `claimledger` binary's `propose` on
//! every source of the seed ledger that has a stored text, and scores it against the ledger's
//! own claims on those sources (the article claims), CQE's way: a proposed candidate matches a
//! recorded claim of the same source when its value and span match: the two printed figures
//! read as the same interval (as the recorded claim's kind) and one span contains the other
//! (case and white space folded: `a total of 95%` and `95%`), each claim matched at most once.
//! Exact span matches are counted too.
//! Reports recall, precision and F1; the fields of matched candidates that agree with the
//! ledger; how many candidates `add --from` accepts unedited (on a copy of the ledger); and the
//! time `propose` takes on a text of about 1 MB made of the seed articles.

use crate::AnyResult;
use claimledger::reading::{default_tolerance, read, Kind};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

type Row = HashMap<String, String>;

fn read_csv(bytes: &[u8]) -> AnyResult<Vec<Row>> {
    let mut r = csv::Reader::from_reader(bytes);
    let head = r.headers()?.clone();
    let mut out = Vec::new();
    for rec in r.records() {
        let rec = rec?;
        out.push(
            head.iter()
                .map(str::to_string)
                .zip(rec.iter().map(str::to_string))
                .collect(),
        );
    }
    Ok(out)
}

fn fold(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Value and span: the same interval as the recorded kind, one span inside the other.
fn same_figure(cand: &Row, gold: &Row) -> bool {
    let (c, g) = (fold(&cand["printed"]), fold(&gold["printed"]));
    if !(c.contains(&g) || g.contains(&c)) {
        return false;
    }
    let Some(kind) = Kind::parse(&gold["kind"]) else {
        return false;
    };
    let t = default_tolerance();
    match (
        read(&cand["printed"], kind, &t),
        read(&gold["printed"], kind, &t),
    ) {
        (Ok(a), Ok(b)) => a.interval == b.interval,
        _ => false,
    }
}

fn run(bin: &Path, args: &[&str]) -> AnyResult<std::process::Output> {
    Ok(Command::new(bin)
        .args(args)
        .env_remove("CLAIMLEDGER_DB")
        .output()?)
}

pub fn propose_score(seeds: &Path, bin: Option<PathBuf>) -> AnyResult<()> {
    let bin = match bin {
        Some(b) => b,
        None => std::env::current_exe()?.with_file_name("claimledger"),
    };
    let work = std::env::temp_dir().join(format!("propose-score-{}", std::process::id()));
    std::fs::create_dir_all(&work)?;
    let db = work.join("ledger.db");
    let dbs = db.to_str().ok_or("temp path is not UTF-8")?;
    run(&bin, &["--db", dbs, "init"])?;
    let out = run(
        &bin,
        &["--db", dbs, "import", seeds.to_str().ok_or("path")?],
    )?;
    if !out.status.success() {
        return Err(format!("import failed: {}", String::from_utf8_lossy(&out.stderr)).into());
    }
    let sources = read_csv(&std::fs::read(seeds.join("sources.csv"))?)?;
    let claims = read_csv(&std::fs::read(seeds.join("claims.csv"))?)?;
    let with_text: Vec<String> = sources
        .iter()
        .filter(|s| !s["text_sha256"].is_empty())
        .map(|s| s["id"].clone())
        .collect();
    let (mut gold_n, mut cand_n, mut matched, mut exact) = (0usize, 0usize, 0usize, 0usize);
    let mut agree: HashMap<&str, usize> = HashMap::new();
    let fields = [
        "kind",
        "metric",
        "place",
        "period",
        "base",
        "of",
        "attributed_to",
    ];
    let mut accepted = 0usize;
    println!("| source | recorded | candidates | matched | missed |");
    println!("|---|---|---|---|---|");
    for src in &with_text {
        let out = run(&bin, &["--db", dbs, "propose", src])?;
        if !out.status.success() {
            return Err(format!("propose {src}: {}", String::from_utf8_lossy(&out.stderr)).into());
        }
        let rows = read_csv(&out.stdout)?;
        let cands: Vec<&Row> = rows.iter().filter(|r| r["status"] == "candidate").collect();
        let gold: Vec<&Row> = claims.iter().filter(|c| &c["source"] == src).collect();
        let mut taken = vec![false; cands.len()];
        let mut missed = Vec::new();
        for g in &gold {
            let hit = (0..cands.len()).find(|&i| !taken[i] && same_figure(cands[i], g));
            if hit.is_some_and(|i| fold(&cands[i]["printed"]) == fold(&g["printed"])) {
                exact += 1;
            }
            match hit {
                Some(i) => {
                    taken[i] = true;
                    matched += 1;
                    for f in fields {
                        if cands[i][f] == g[f] {
                            *agree.entry(f).or_default() += 1;
                        }
                    }
                }
                None => missed.push(g["printed"].clone()),
            }
        }
        println!(
            "| {src} | {} | {} | {} | {} |",
            gold.len(),
            cands.len(),
            taken.iter().filter(|t| **t).count(),
            missed.join("; ")
        );
        gold_n += gold.len();
        cand_n += cands.len();
        // Unedited candidates through `add --from`: the rows it names in problems are refused.
        let file = work.join(format!("{src}.csv"));
        std::fs::write(&file, &out.stdout)?;
        let add = run(
            &bin,
            &["--db", dbs, "add", "--from", file.to_str().ok_or("path")?],
        )?;
        let err = String::from_utf8_lossy(&add.stderr);
        let prefix = format!("{}:", file.display());
        let mut bad: Vec<&str> = err
            .lines()
            .filter_map(|l| l.strip_prefix(&prefix))
            .filter_map(|l| l.split(':').next())
            .collect();
        bad.sort();
        bad.dedup();
        accepted += cands.len() - bad.len();
    }
    let recall = matched as f64 / gold_n.max(1) as f64;
    let precision = matched as f64 / cand_n.max(1) as f64;
    let f1 = if recall + precision > 0.0 {
        2.0 * recall * precision / (recall + precision)
    } else {
        0.0
    };
    println!();
    println!("recorded article claims: {gold_n}; candidates: {cand_n}; matched: {matched} ({exact} with the very same span)");
    println!(
        "recall {:.1}%  precision {:.1}%  F1 {:.1}%",
        100.0 * recall,
        100.0 * precision,
        100.0 * f1
    );
    let agreeing: Vec<String> = fields
        .iter()
        .map(|f| format!("{f} {}/{matched}", agree.get(f).copied().unwrap_or(0)))
        .collect();
    println!(
        "fields of matched candidates equal to the ledger's: {}",
        agreeing.join(", ")
    );
    println!("candidates add --from accepts unedited: {accepted}/{cand_n}");

    // About 1 MB of article text.
    // Each copy's sentences are tagged with a different word, so that none repeats (a
    // repeated sentence is skipped as a pull-quote, which would spare the field guessing).
    let mut big = String::new();
    let mut copy = 0u32;
    while big.len() < 1_000_000 {
        copy += 1;
        let tag: String = format!("{copy:03}")
            .bytes()
            .map(|d| (b'a' + (d - b'0')) as char)
            .collect();
        for src in &with_text {
            let text = std::fs::read_to_string(seeds.join("texts").join(format!("{src}.txt")))?;
            for line in text.lines() {
                big.push_str(&line.replace(". ", &format!(" {tag}. ")));
                if !line.trim().is_empty() {
                    big.push_str(" Copy ");
                    big.push_str(&tag);
                    big.push('.');
                }
                big.push('\n');
            }
        }
    }
    let big_file = work.join("big.txt");
    std::fs::write(&big_file, &big)?;
    let add = run(
        &bin,
        &[
            "--db",
            dbs,
            "source",
            "add",
            "big-text",
            "--title",
            "1 MB",
            "--published",
            "2024",
            "--text",
            big_file.to_str().ok_or("path")?,
        ],
    )?;
    if !add.status.success() {
        return Err(format!("source add: {}", String::from_utf8_lossy(&add.stderr)).into());
    }
    let mut best = f64::INFINITY;
    let mut counts = (0, 0);
    for _ in 0..3 {
        let t = Instant::now();
        let out = run(&bin, &["--db", dbs, "propose", "big-text"])?;
        best = best.min(t.elapsed().as_secs_f64());
        let rows = read_csv(&out.stdout)?;
        let c = rows.iter().filter(|r| r["status"] == "candidate").count();
        counts = (c, rows.len() - c);
    }
    println!(
        "propose on {} bytes: {best:.3} s (best of 3, whole process); {} candidates, {} skipped",
        big.len(),
        counts.0,
        counts.1
    );
    let _ = std::fs::remove_dir_all(&work);
    Ok(())
}
