//! Embeds the built-in rules (`rules/*.toml`) in the binary twice: the files as written (for
//! `nhiscan rules check` and the rules digest) and the rules pre-parsed into JSON without their
//! examples, which loads several times faster than TOML: start-up cost matters for pre-commit
//! hooks. The JSON comes in `JSON_CHUNKS` parts of about as many rules each, which load on as
//! many threads. Adding a rule file needs no code change.
use std::{env, fs, path::Path};

use sha2::{Digest, Sha256};

/// Parts of the pre-parsed rules: enough to share among the cores of a laptop.
const JSON_CHUNKS: usize = 8;

fn main() {
    println!("cargo:rerun-if-changed=rules");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("rules/ directory")
        .map(|e| e.expect("rules/ entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let mut table = String::from("&[\n");
    let mut rules = Vec::new();
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = format!("rules/{}", path.file_name().unwrap().to_string_lossy());
        let text = fs::read_to_string(path).expect("rule file is UTF-8");
        let digest: String = source_digest(&name, &text)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        table.push_str(&format!(
            "    (\"{name}\", include_str!({:?}), \"{digest}\"),\n",
            path.display().to_string()
        ));
        let doc: toml::Table = text
            .parse()
            .unwrap_or_else(|e| panic!("{name} is not valid TOML: {e}"));
        let Some(toml::Value::Array(list)) = doc.get("rules") else {
            continue;
        };
        for rule in list {
            let id = rule.get("id").and_then(|v| v.as_str()).unwrap_or_default();
            let mut rule = json(rule);
            // Examples are for `nhiscan rules check`, which reads the files as written; a scan
            // need not parse a third of the JSON to drop it.
            if let Some(fields) = rule.as_object_mut() {
                fields.remove("examples");
                fields.remove("negative_examples");
                fields.remove("example_path");
            }
            rules.push(serde_json::json!({
                "file": name,
                "line": id_line(&text, id),
                "rule": rule,
            }));
        }
    }
    table.push(']');
    let out = Path::new(&env::var("OUT_DIR").unwrap()).to_path_buf();
    fs::write(out.join("builtin_rules.rs"), table).expect("write builtin_rules.rs");
    let mut chunks = String::from("&[\n");
    for (i, part) in rules
        .chunks(rules.len().div_ceil(JSON_CHUNKS).max(1))
        .enumerate()
    {
        let name = format!("builtin_rules_{i}.json");
        fs::write(
            out.join(&name),
            serde_json::to_string(part).expect("rules serialize"),
        )
        .expect("write the pre-parsed rules");
        chunks.push_str(&format!(
            "    include_str!(concat!(env!(\"OUT_DIR\"), \"/{name}\")),\n"
        ));
    }
    chunks.push(']');
    fs::write(out.join("builtin_rules_json.rs"), chunks).expect("write builtin_rules_json.rs");
}

/// Must match `rules::source_digest`.
fn source_digest(name: &str, text: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update([0]);
    h.update(text.as_bytes());
    h.finalize().into()
}

fn id_line(text: &str, id: &str) -> usize {
    text.lines()
        .position(|l| {
            let l = l.trim();
            l.starts_with("id")
                && (l.contains(&format!("\"{id}\"")) || l.contains(&format!("'{id}'")))
        })
        .map_or(0, |i| i + 1)
}

fn json(v: &toml::Value) -> serde_json::Value {
    match v {
        toml::Value::String(s) => serde_json::Value::from(s.as_str()),
        toml::Value::Integer(i) => serde_json::Value::from(*i),
        toml::Value::Float(f) => serde_json::Value::from(*f),
        toml::Value::Boolean(b) => serde_json::Value::from(*b),
        toml::Value::Datetime(d) => serde_json::Value::from(d.to_string()),
        toml::Value::Array(a) => serde_json::Value::Array(a.iter().map(json).collect()),
        toml::Value::Table(t) => {
            serde_json::Value::Object(t.iter().map(|(k, v)| (k.clone(), json(v))).collect())
        }
    }
}
