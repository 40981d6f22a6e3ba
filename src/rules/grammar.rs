//! The assignment grammar: one definition of "a value assigned to a key that mentions K" and
//! "a value within N bytes after a mention of K", shared by the generic rules (`password = `,
//! `token: `, ...) and the long tail of provider rules. A rule gives the key fragments and the
//! value's shape; this module writes
//! the regex that accepts every syntax an assignment takes in code and configuration, so no rule
//! repeats one regex per syntax and a syntax added here reaches every rule at once.
//!
//! The forms, for key fragment `token` and value `V`:
//! - `token = V`, `token: V`, `"token": "V"`, `token := V`, `token ::= V`, `token ?= V`,
//!   `'token' => 'V'`, `token: str = "V"`, `String token = "V"`, `\"token\": \"V\"` (escaped JSON);
//! - calls and tuples: `setToken("V")`, `.token("V")`, `("token", "V")`, `define('token', 'V')`;
//! - XML and markup: `<token>V</token>`, `token="V"` (attribute), `<string name="token">V</string>`,
//!   `<add key="token" value="V"/>`, `{"key": "token", "value": "V"}`;
//! - `- name: token` with `value: V` on the next line (Kubernetes env);
//! - `ENV token V` (Dockerfile) and `--token V` (command lines).

/// Separators between a key and its value (`=`, `:`, `:=`, `::=`, `?=`, `=>`, `==` followed by a
/// quote, typed declarations such as `: str =` and `string =`).
const SEPARATOR: &str = r#"(?:::?=|=>|\?=|=(?:=\s{0,4}["'\x60])?|:(?:\s{0,2}&?(?:'static\s{1,2})?(?:str|string|String)\??\s{0,2}=)?|\s{1,2}(?:string|String|str)\s{0,2}=)"#;

/// What may close a value: a quote (possibly escaped), whitespace, punctuation that ends an
/// expression, the `<` of a closing tag, or the end of the text.
const TERMINATOR: &str = r#"(?:\\?["'\x60\s,;&)\]}<]|$)"#;

/// Bytes between a mention and its value when a rule gives no `within`.
pub const DEFAULT_WITHIN: usize = 40;
/// Identifier bytes a key may have after its fragment when a rule gives no `key_tail`
/// (`_API_TOKEN` in `ACME_API_TOKEN`).
pub const DEFAULT_KEY_TAIL: usize = 24;
pub const MAX_KEY_TAIL: usize = 64;

/// The key of an assignment rule: fragments, and how many identifier bytes may follow them.
pub struct Key<'a> {
    /// Regex fragments, matched ASCII case-insensitively; the key contains one.
    pub fragments: &'a [String],
    /// At most this many identifier bytes after the fragment (0: the key ends with it).
    pub tail: usize,
    /// Keys with one of these fragments right before the key fragment are not credentials
    /// (`next_page` before `token`): such an assignment is consumed without a secret.
    pub exclude: &'a [String],
    /// The fragments name only a kind of secret (`password`, `token`), not a provider: a call
    /// counts only as a setter (`setPassword(`, `.password(`, not `check_password(`), and a
    /// value after bare spaces (`ENV`, `--password v`) does not count, since prose and command
    /// lines are full of `password is ...` and `--vault-password-file path`.
    pub weak: bool,
}

/// The regex of "a value of shape `value` assigned to `key`". The value is the group `secret`.
pub fn assignment(key: &Key, value: &str) -> String {
    let fragments = alternation(key.fragments);
    let tail = if key.tail == 0 {
        String::new()
    } else {
        format!(r"[\w.-]{{0,{}}}", key.tail)
    };
    let k = format!("{fragments}{tail}");
    // The key appears once, followed by what may close it. What opens an assignment
    // (`set`, a quote, `name="`, `ENV`, `--`) needs no pattern: the key may follow any
    // byte, and an optional opener only widened the match and multiplied the lazy DFA's states.
    let call = r"\(";
    let spaced = r"[ \t]{1,4}";
    let tuple = r#"["']\s{0,4},"#;
    let closers = [
        // token = V, "token": V, 'token' => V, \"token\": \"V\"
        format!(r#"\\?["']?\]?\s{{0,4}}{SEPARATOR}"#),
        r#"\\?["'](?:\s{0,4}>|[\s,]{1,4}\\?["']?(?i:value)\\?["']?\s{0,2}[=:])"#.to_string(),
        // `- name: TOKEN` and, on the next line, `value: V` (a Kubernetes container's env)
        r#"["']?[ \t]{0,4}\r?\n[ \t]{0,16}value[ \t]{0,2}:"#.to_string(),
    ]
    .join("|");
    // An element (`<token>V</token>`) is the one form that needs its opener: without the `<`,
    // any `token>` in text (`<token>` as a placeholder, `a->token>b`) would open a value. A
    // weak key needs openers for calls and tuples too: `set`/`with`/`.` before a call, a quote
    // before a tuple's key (`("password", V)`, not `".../token", V`).
    let form = if key.weak {
        format!(
            r#"(?:<[\w.:-]{{0,40}}?{k}>|(?:\bset|\bwith|\.){k}{call}|["'][\w.-]{{0,40}}?{k}{tuple}|{k}(?:{closers}))"#
        )
    } else {
        format!(r"(?:<[\w.:-]{{0,40}}?{k}>|{k}(?:{closers}|{tuple}|{call}|{spaced}))")
    };
    let mut pattern = String::new();
    if !key.exclude.is_empty() {
        // Leftmost-first: an excluded key is matched (and skipped) before the key inside it.
        pattern.push_str(&format!(
            r#"<?(?i:{})[_.-]?{fragments}\\?["']?\]?\s{{0,4}}(?::|=|>|\s(?i:value)\s{{0,2}}=)\s{{0,4}}["']?[^\s"',;<]{{0,}}|"#,
            key.exclude.join("|")
        ));
    }
    pattern.push_str(&format!(
        r#"{form}[ \t]{{0,4}}\\?["'\x60]?(?P<secret>{value}){TERMINATOR}"#
    ));
    pattern
}

/// The regex of "a value of shape `value` at most `within` bytes after a mention", on one line.
pub fn after(mentions: &[String], within: usize, value: &str) -> String {
    format!(
        r"{}(?:.{{0,{within}}}?[^A-Za-z0-9_+/=\n-])?(?P<secret>{value})(?:[^A-Za-z0-9_+/=-]|$)",
        alternation(mentions)
    )
}

fn alternation(fragments: &[String]) -> String {
    format!("(?i:{})", fragments.join("|"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compile_regex;

    fn secret_in(pattern: &str, text: &str) -> Option<String> {
        let re = compile_regex(pattern).unwrap();
        let mut caps = re.create_captures();
        let mut at = 0;
        while at <= text.len() {
            re.search_captures(&regex_automata::Input::new(text).range(at..), &mut caps);
            let m = caps.get_match()?;
            if let Some(s) = caps.get_group_by_name("secret") {
                return Some(text[s.range()].to_string());
            }
            at = m.end().max(at + 1);
        }
        None
    }

    const VALUE: &str = "Zq8vN2kLp4Xw7Rt5";

    fn provider_key() -> Key<'static> {
        static FRAGMENTS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
        Key {
            fragments: FRAGMENTS.get_or_init(|| vec!["acme".to_string()]),
            tail: 24,
            exclude: &[],
            weak: false,
        }
    }

    #[test]
    fn every_syntax_of_an_assignment_gives_the_value() {
        let pattern = assignment(&provider_key(), "[A-Za-z0-9]{16}");
        let lines = [
            "ACME_API_KEY=Zq8vN2kLp4Xw7Rt5",
            "export ACME_TOKEN=\"Zq8vN2kLp4Xw7Rt5\"",
            "acme_key: Zq8vN2kLp4Xw7Rt5",
            "  \"acmeToken\": \"Zq8vN2kLp4Xw7Rt5\",",
            "'acme_key' => 'Zq8vN2kLp4Xw7Rt5',",
            ":acme_key => \"Zq8vN2kLp4Xw7Rt5\"",
            "acme_key := \"Zq8vN2kLp4Xw7Rt5\"",
            "ACME_KEY ::= Zq8vN2kLp4Xw7Rt5",
            "ACME_KEY ?= Zq8vN2kLp4Xw7Rt5",
            "<acmeToken>Zq8vN2kLp4Xw7Rt5</acmeToken>",
            "<config acme-token=\"Zq8vN2kLp4Xw7Rt5\" />",
            "<string name=\"acme_key\">Zq8vN2kLp4Xw7Rt5</string>",
            "<add key=\"AcmeApiKey\" value=\"Zq8vN2kLp4Xw7Rt5\" />",
            "{\"key\": \"acme_token\", \"value\": \"Zq8vN2kLp4Xw7Rt5\"}",
            "client.setAcmeKey(\"Zq8vN2kLp4Xw7Rt5\");",
            "ENV ACME_TOKEN Zq8vN2kLp4Xw7Rt5",
            "acme-cli login --acme-token Zq8vN2kLp4Xw7Rt5",
            "$acmeKey = \"Zq8vN2kLp4Xw7Rt5\"",
            "const string AcmeKey = \"Zq8vN2kLp4Xw7Rt5\";",
            "private static final String ACME_KEY = \"Zq8vN2kLp4Xw7Rt5\";",
            "acme_key: &'static str = \"Zq8vN2kLp4Xw7Rt5\";",
            "{\"config\": \"{\\\"acme_key\\\": \\\"Zq8vN2kLp4Xw7Rt5\\\"}\"}",
            "acme_key = \"Zq8vN2kLp4Xw7Rt5\"  # hcl, toml, ini",
            "define('ACME_KEY', 'Zq8vN2kLp4Xw7Rt5');",
            "  - name: ACME_API_KEY\n    value: Zq8vN2kLp4Xw7Rt5",
            "- name: \"ACME_API_KEY\"\r\n  value: \"Zq8vN2kLp4Xw7Rt5\"",
        ];
        for line in lines {
            assert_eq!(secret_in(&pattern, line).as_deref(), Some(VALUE), "{line}");
        }
    }

    #[test]
    fn the_key_must_mention_the_fragment_and_the_value_fit_the_shape() {
        let pattern = assignment(&provider_key(), "[A-Za-z0-9]{16}");
        for line in [
            "OTHER_API_KEY=Zq8vN2kLp4Xw7Rt5",
            "ACME_API_KEY=Zq8vN2kLp4Xw7Rt5extra",
            "ACME_API_KEY=short",
            "the acme key is Zq8vN2kLp4Xw7Rt5",
        ] {
            assert_eq!(secret_in(&pattern, line), None, "{line}");
        }
    }

    /// The assignment regex of a key without tail.
    fn tailless(fragment: &str, exclude: &[&str], weak: bool, value: &str) -> String {
        let fragments = [fragment.to_string()];
        let exclude: Vec<String> = exclude.iter().map(|e| e.to_string()).collect();
        let key = Key {
            fragments: &fragments,
            tail: 0,
            exclude: &exclude,
            weak,
        };
        assignment(&key, value)
    }

    #[test]
    fn a_key_without_tail_must_end_with_the_fragment() {
        let pattern = tailless("password", &[], false, "[^\\s\"']{8,}");
        assert_eq!(
            secret_in(&pattern, "db_password = \"Zq8vN2kLp4\"").as_deref(),
            Some("Zq8vN2kLp4")
        );
        assert_eq!(secret_in(&pattern, "password_hint = \"Zq8vN2kLp4\""), None);
    }

    #[test]
    fn excluded_keys_are_consumed_without_a_secret() {
        let pattern = tailless("token", &["next_?page"], false, "[A-Za-z0-9]{16}");
        assert_eq!(
            secret_in(&pattern, "next_page_token = \"Zq8vN2kLp4Xw7Rt5\""),
            None
        );
        assert_eq!(
            secret_in(&pattern, "auth_token = \"Zq8vN2kLp4Xw7Rt5\"").as_deref(),
            Some(VALUE)
        );
    }

    #[test]
    fn a_weak_key_counts_setters_but_not_calls_or_spaces() {
        let pattern = tailless("password", &[], true, "[A-Za-z0-9]{16}");
        for line in [
            "setPassword(\"Zq8vN2kLp4Xw7Rt5\")",
            "cfg.password(\"Zq8vN2kLp4Xw7Rt5\")",
            "PASSWORD = \"Zq8vN2kLp4Xw7Rt5\"",
            "<password>Zq8vN2kLp4Xw7Rt5</password>",
        ] {
            assert_eq!(secret_in(&pattern, line).as_deref(), Some(VALUE), "{line}");
        }
        for line in [
            "check_password(\"Zq8vN2kLp4Xw7Rt5\")",
            "--vault-password Zq8vN2kLp4Xw7Rt5",
        ] {
            assert_eq!(secret_in(&pattern, line), None, "{line}");
        }
    }

    #[test]
    fn after_finds_a_value_near_a_mention_on_its_line() {
        let mentions = vec!["x-acme-key".to_string()];
        let pattern = after(&mentions, 40, "[A-Za-z0-9]{16}");
        assert_eq!(
            secret_in(
                &pattern,
                "curl -H 'X-Acme-Key: Zq8vN2kLp4Xw7Rt5' https://api"
            )
            .as_deref(),
            Some(VALUE)
        );
        assert_eq!(
            secret_in(&pattern, "X-Acme-Key:\n Zq8vN2kLp4Xw7Rt5"),
            None,
            "the value must be on the mention's line"
        );
        assert_eq!(secret_in(&pattern, "X-Acme-Key: Zq8vN2kLp4Xw7Rt5Q"), None);
    }
}
