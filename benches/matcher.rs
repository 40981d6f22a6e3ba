//! Matcher throughput (MB/s) on a mixed source-code corpus that the bench generates itself,
//! with and without planted secrets, over the built-in rules. Whole-process comparisons with
//! other scanners live in benches/README.md.
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use nhiscan::matcher::{Input, Matcher};
use nhiscan::rules::{RuleSet, RuleSetBuilder, RuleSource};
use nhiscan::scan::BlobScanner;
use nhiscan::source::Provenance;
use nhiscan::suppress::Suppressors;

/// Deterministic pseudo-random numbers (xorshift), so every run scans the same bytes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
    fn token(&mut self, len: usize) -> String {
        const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        (0..len)
            .map(|_| ALNUM[(self.next() % ALNUM.len() as u64) as usize] as char)
            .collect()
    }
}

/// Lines that look like the code, configs and docs of a real repository, including the words
/// that generic rules key on (`token`, `secret`, `password`, `key`).
fn source_file(rng: &mut Rng, bytes: usize) -> String {
    const IDENTS: &[&str] = &[
        "config",
        "token",
        "request",
        "buffer",
        "secret_name",
        "password_field",
        "user",
        "handler",
        "api_key_header",
        "client",
        "session",
        "parse",
        "value",
        "index",
        "result",
    ];
    const TEMPLATES: &[&str] = &[
        "    let {a} = {b}.get(\"{a}\").unwrap_or_default();\n",
        "    // {a}: the {b} is refreshed before every request to keep the session alive\n",
        "def {a}({b}, timeout=30):\n    return {b}.{a}(retries=3)\n",
        "const {a} = require('./{b}');\n",
        "{a}: ${{{B}}}\n",
        "    if {a}.len() > MAX_{B} {{ return Err(Error::TooLong); }}\n",
        "<property name=\"{a}\" value=\"{b}\"/>\n",
        "export {B}_URL=https://example.invalid/{a}/{b}\n",
        "    self.{a} = os.environ.get(\"{B}\")\n",
        "| {a} | {b} | the {a} of the {b}, see the docs |\n",
    ];
    let mut out = String::with_capacity(bytes + 256);
    while out.len() < bytes {
        let (a, b) = (rng.pick(IDENTS), rng.pick(IDENTS));
        let line = rng
            .pick(TEMPLATES)
            .replace("{a}", a)
            .replace("{b}", b)
            .replace("{B}", &b.to_uppercase());
        out.push_str(&line);
    }
    out
}

fn planted_secret(rng: &mut Rng) -> String {
    match rng.next() % 4 {
        0 => format!("GITHUB_TOKEN=ghp_{}\n", rng.token(36)),
        1 => format!("aws_access_key_id = AKIA{}\n", rng.token(16).to_uppercase()),
        2 => format!(
            "SLACK_BOT=xoxb-{}-{}-{}\n",
            1000 + rng.next() % 9000,
            2000 + rng.next() % 8000,
            rng.token(24)
        ),
        _ => format!("db_password = \"{}\"\n", rng.token(18)),
    }
}

/// 400 files of about 16 KiB; with `secrets`, one planted secret per file.
fn corpus(secrets: bool) -> Vec<Vec<u8>> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    (0..400)
        .map(|_| {
            let mut f = source_file(&mut rng, 16 << 10);
            if secrets {
                let at = f.len() / 2;
                let at = f[..at].rfind('\n').map_or(0, |i| i + 1);
                f.insert_str(at, &planted_secret(&mut rng));
            }
            f.into_bytes()
        })
        .collect()
}

/// The rule files of the first release, whose first 40 rules are the baseline that growing
/// the rule set is measured against.
const FIRST_FILES: &[&str] = &[
    "rules/ai.toml",
    "rules/aws.toml",
    "rules/azure.toml",
    "rules/database.toml",
    "rules/gcp.toml",
    "rules/generic.toml",
    "rules/github.toml",
    "rules/gitlab.toml",
    "rules/jwt.toml",
    "rules/package-registries.toml",
    "rules/private-keys.toml",
    "rules/slack.toml",
    "rules/stripe.toml",
];

fn first_40_rules() -> RuleSet {
    let sources: Vec<RuleSource> = RuleSource::builtin()
        .into_iter()
        .filter(|s| FIRST_FILES.contains(&s.name.as_str()))
        .collect();
    let all = RuleSet::load(&sources).expect("first rule files load");
    let extra: Vec<String> = all.iter().skip(40).map(|(_, r)| r.id.clone()).collect();
    let mut builder = RuleSetBuilder::default();
    for s in &sources {
        builder.add_source(s).expect("first rule files load");
    }
    builder.disable(&extra);
    builder.finish().expect("40 rules")
}

fn bench(c: &mut Criterion) {
    let all = RuleSet::builtin().expect("built-in rules load");
    let first = first_40_rules();
    let mut group = c.benchmark_group("matcher");
    for secrets in [false, true] {
        let files = corpus(secrets);
        let total: usize = files.iter().map(Vec::len).sum();
        group.throughput(Throughput::Bytes(total as u64));
        let name = if secrets { "with-secrets" } else { "clean" };
        for (label, rules) in [("first-40-rules", &first), ("all-rules", &all)] {
            let matcher = Matcher::new(rules).expect("automaton builds");
            group.bench_with_input(
                BenchmarkId::new(format!("{label}/{}", rules.len()), name),
                &files,
                |b, files| {
                    let suppressors = Suppressors::default();
                    let mut scanner = BlobScanner::new(&matcher, &suppressors, 0);
                    let provenance = Provenance::file("bench".into());
                    b.iter(|| {
                        let mut n = 0;
                        for f in files {
                            n += scanner.scan(&provenance, f).expect("rules compile").len();
                        }
                        n
                    })
                },
            );
        }
    }
    group.finish();
}

/// What a one-file scan (a pre-commit hook) pays before it reads a byte.
fn startup(c: &mut Criterion) {
    let mut group = c.benchmark_group("startup");
    group.bench_function("load-built-in-rules", |b| {
        b.iter(|| RuleSet::builtin().expect("built-in rules load").len())
    });
    let all = RuleSet::builtin().expect("built-in rules load");
    for input in [Input::Small, Input::Large] {
        group.bench_function(format!("keyword-automaton/{input:?}"), |b| {
            b.iter(|| {
                Matcher::for_input(&all, input)
                    .expect("automaton builds")
                    .rules()
                    .len()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench, startup);
criterion_main!(benches);
