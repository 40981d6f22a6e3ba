//! `nhiscan rules list` (one line per rule) and `nhiscan rules check` (load rule files,
//! compile them and run their examples).
use std::path::PathBuf;

use anyhow::{Context, Result};
use nhiscan::rules::{Rule, RuleSet, RuleSetBuilder, RuleSource};
use nhiscan::scan::check_examples;

use super::diagnostics::Diagnostics;
use super::{output, read_rule_file, Exit};

pub fn list(extra: &[PathBuf]) -> Result<Exit> {
    let mut builder = RuleSetBuilder::default();
    builder.add_builtin()?;
    for p in extra {
        builder.add_source(&read_rule_file(p)?)?;
    }
    let rules = builder.finish().context("invalid rules")?;
    let width = |f: fn(&Rule) -> usize| rules.iter().map(|(_, r)| f(r)).max().unwrap_or(0);
    let (wi, wp, wk) = (
        width(|r| r.id.len()),
        width(|r| r.provider.len()),
        width(|r| r.kind.len()),
    );
    output::write_stdout(|w| {
        for (_, r) in rules.iter() {
            writeln!(
                w,
                "{:wi$}  {:wp$}  {:wk$}  {:6}  {}",
                r.id,
                r.provider,
                r.kind,
                r.lifetime.as_str(),
                r.severity.as_str()
            )?;
        }
        Ok(())
    })?;
    Ok(Exit::Clean)
}

/// Rule files named by `paths`: files as given, directories as their `*.toml`, sorted.
fn rule_files_in(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut inside: Vec<PathBuf> = std::fs::read_dir(p)
                .with_context(|| format!("cannot list rule directory {}", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.extension().is_some_and(|x| x == "toml"))
                .collect();
            inside.sort();
            files.extend(inside);
        } else {
            files.push(p.clone());
        }
    }
    Ok(files)
}

pub fn check(paths: &[PathBuf]) -> Result<Exit> {
    let sources = if paths.is_empty() {
        RuleSource::builtin()
    } else {
        rule_files_in(paths)?
            .iter()
            .map(|p| read_rule_file(p))
            .collect::<Result<_>>()?
    };
    let rules = RuleSet::load(&sources).context("invalid rules")?;
    let failures = check_examples(&rules);
    let diagnostics = Diagnostics::default();
    for f in &failures {
        diagnostics.error(&f.to_string());
    }
    let examples: usize = rules
        .iter()
        .map(|(_, r)| r.examples.len() + r.negative_examples.len())
        .sum();
    if failures.is_empty() {
        println!(
            "{} rules OK ({} examples checked) in {}",
            rules.len(),
            examples,
            if paths.is_empty() {
                "the built-in rules".to_string()
            } else {
                format!("{} file(s)", sources.len())
            }
        );
        Ok(Exit::Clean)
    } else {
        diagnostics.error(&format!(
            "{} problem(s) in {} rules",
            failures.len(),
            rules.len()
        ));
        Ok(Exit::Error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directories_give_their_toml_files_sorted() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.toml", "a.toml", "notes.txt"] {
            std::fs::write(dir.path().join(name), "").unwrap();
        }
        let files = rule_files_in(&[dir.path().to_path_buf(), PathBuf::from("x.toml")]).unwrap();
        let names: Vec<String> = files
            .iter()
            .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.toml", "b.toml", "x.toml"]);
    }
}
