//! Recognises values that stand in for a secret rather than being one: documentation markers,
//! template and environment references, masked values and filler. Providers' published example
//! keys all contain `EXAMPLE` or are listed in `DOCUMENTED_EXAMPLES`.

/// Template and masking syntax (shell, Go and Jinja templates, Ruby interpolation): substrings
/// that no key material or token alphabet contains.
const SYNTAX_MARKERS: &[&str] = &[
    "${", "#{", "{{", "}}", "$(", "%(", "%s", "<", ">", "...", "****",
];

/// Words that mark a value as a stand-in, when they are whole tokens of it (`your_api_key`,
/// `EXAMPLEKEY`, `MyFakeToken`), never when they occur by chance inside random material: 7 in
/// 1,000 random 8192-bit RSA keys contain `fake` in some case.
const PLACEHOLDER_WORDS: &[&str] = &[
    "example",
    "examples",
    "sample",
    "dummy",
    "fake",
    "redacted",
    "placeholder",
    "change",
    "changeme",
    "replace",
    "replaceme",
    "your",
];

/// Words that may stand beside a placeholder word in one token (`EXAMPLEKEY`, `yourapikey`).
const FILLER_WORDS: &[&str] = &[
    "key", "keys", "api", "token", "secret", "password", "pass", "passwd", "here", "me", "my",
    "id", "access", "auth", "value", "this", "goes", "put", "insert", "the", "with", "real",
];

/// Runs of filler characters at least this long (`xxxxxx`) mark a placeholder; shorter ones
/// turn up in random text.
const FILLER_RUN: usize = 6;

/// In key material, where chance has thousands of places to spell a run, only a run this long
/// is filler: random base64 starts one about once in 10^12 positions.
const FILLER_RUN_IN_KEYS: usize = 8;

/// Values at least this long made only of base64 and PEM armour are key material: only
/// template syntax can mark them, never a word that chance put there.
const KEY_MATERIAL_MIN: usize = 64;

/// Example keys from providers' documentation that carry no marker.
const DOCUMENTED_EXAMPLES: &[&str] = &[
    // Stripe API reference examples
    "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
    "pk_test_TYooMQauvdEDq54NiTphI7jx",
    // AWS documentation's example secret access key
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    // Azure Cosmos DB emulator and Azurite (storage emulator) well-known keys
    "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==",
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
];

/// A value that begins with this many bytes of a documented example is that example, edited
/// (`...bPxRfiCYESAMPLEKEY`, `...TESTKEY`): random text shares no 24-byte prefix with it.
const EDITED_EXAMPLE_PREFIX: usize = 24;

/// True when `secret` is a placeholder, template reference or filler, not a credential.
pub fn is_placeholder(secret: &[u8]) -> bool {
    if secret.is_empty() {
        return true;
    }
    let first = secret[0];
    if secret.iter().all(|&b| b == first) {
        return true;
    }
    if DOCUMENTED_EXAMPLES.iter().any(|e| {
        e.as_bytes() == secret
            || (secret.len() >= EDITED_EXAMPLE_PREFIX
                && e.as_bytes().starts_with(&secret[..EDITED_EXAMPLE_PREFIX]))
    }) {
        return true;
    }
    if SYNTAX_MARKERS
        .iter()
        .any(|m| memchr::memmem::find(secret, m.as_bytes()).is_some())
    {
        return true;
    }
    // A token whose checksum holds was minted by its provider, whatever its letters spell.
    if crate::evidence::checksum::verify(secret) == Some(true) {
        return false;
    }
    if is_key_material(secret) {
        return has_filler_run(secret, FILLER_RUN_IN_KEYS);
    }
    has_filler_run(secret, FILLER_RUN)
        || (secret.len() < KEY_MATERIAL_MIN
            && (has_periodic_run(secret) || has_counting_run(secret)))
        || tokens(secret).any(is_placeholder_token)
        || PLACEHOLDER_WORDS
            .iter()
            .filter(|w| w.len() >= LONG_WORD)
            .any(|w| contains_ignore_ascii_case(secret, w.as_bytes()))
}

/// Placeholder words this long count anywhere in a value (`...87aeaEXAMPLE`, as documentation
/// writes them): chance spells one in about 1 of 10^10 positions of random text.
const LONG_WORD: usize = 7;

fn contains_ignore_ascii_case(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.len() >= needle.len()
        && haystack
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
}

fn has_filler_run(secret: &[u8], long: usize) -> bool {
    let mut run = 0;
    for &b in secret {
        run = if matches!(b, b'x' | b'X') { run + 1 } else { 0 };
        if run >= long {
            return true;
        }
    }
    false
}

/// A run this long that repeats a unit of two or three distinct bytes (`abababab...`,
/// `123123...`) is typed, not generated: in random base62 text one starts at a given position
/// about once in 62^14. Runs of one byte (`AAAA...`) are left to the filler check: base64 of
/// zero bytes is full of them (Twitter bearer tokens, DER). Only tokens shorter than key
/// material are judged so: base64 of a repeated byte can repeat two characters (`MzMz`).
const PERIODIC_RUN: usize = 16;

fn has_periodic_run(secret: &[u8]) -> bool {
    (2..=3).any(|period| {
        let mut run = period;
        for i in period..secret.len() {
            run = if secret[i] == secret[i - period] && secret[i] != secret[i - 1] {
                run + 1
            } else {
                period
            };
            if run >= PERIODIC_RUN {
                return true;
            }
        }
        false
    })
}

/// A run this long that counts up (`12345678`, `abcdefgh`, `aAbBcCdD`: case and doubled letters
/// aside) is typed: in random base62 text one starts at a given position about once in 10^12.
const COUNTING_RUN: usize = 8;

fn has_counting_run(secret: &[u8]) -> bool {
    let mut run = 1;
    let mut prev: Option<u8> = None;
    for &b in secret {
        let b = b.to_ascii_lowercase();
        match prev {
            Some(p) if b == p => continue,
            Some(p) if b == p + 1 && (b.is_ascii_digit() || b.is_ascii_lowercase()) => run += 1,
            _ => run = 1,
        }
        prev = Some(b);
        if run >= COUNTING_RUN {
            return true;
        }
    }
    false
}

/// Long base64 (standard or URL-safe) with line breaks and PEM armour lines.
fn is_key_material(secret: &[u8]) -> bool {
    if secret.len() < KEY_MATERIAL_MIN {
        return false;
    }
    let mut body = 0usize;
    for line in secret.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let line = line.trim_ascii();
        if line.starts_with(b"-----") || line.contains(&b':') {
            // Armour (`-----BEGIN ...`) and PEM headers (`Proc-Type: 4,ENCRYPTED`).
            continue;
        }
        if !line.iter().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'-' | b'_' | b'\\')
        }) {
            return false;
        }
        body += line.len();
    }
    body >= KEY_MATERIAL_MIN
}

/// The tokens of a value: runs of letters and runs of digits, split at every other byte.
fn tokens(secret: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = secret;
    std::iter::from_fn(move || {
        let start = rest.iter().position(u8::is_ascii_alphanumeric)?;
        rest = &rest[start..];
        let alpha = rest[0].is_ascii_alphabetic();
        let len = rest
            .iter()
            .position(|b| {
                !(if alpha {
                    b.is_ascii_alphabetic()
                } else {
                    b.is_ascii_digit()
                })
            })
            .unwrap_or(rest.len());
        let (token, tail) = rest.split_at(len);
        rest = tail;
        Some(token)
    })
}

/// A token made wholly of placeholder and filler words, with at least one placeholder word.
fn is_placeholder_token(token: &[u8]) -> bool {
    if !token[0].is_ascii_alphabetic() || token.len() > 40 {
        return false;
    }
    let lower = token.to_ascii_lowercase();
    // reach[i]: (the first i bytes split into words, one of them a placeholder word).
    let mut reach = vec![(false, false); lower.len() + 1];
    reach[0] = (true, false);
    for i in 0..lower.len() {
        let (ok, marked) = reach[i];
        if !ok {
            continue;
        }
        for (words, marks) in [(PLACEHOLDER_WORDS, true), (FILLER_WORDS, false)] {
            for w in words {
                if lower[i..].starts_with(w.as_bytes()) {
                    let to = &mut reach[i + w.len()];
                    *to = (true, to.1 || marked || marks);
                }
            }
        }
    }
    reach[lower.len()] == (true, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_and_templates_are_placeholders() {
        for p in [
            "AKIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYESAMPLEKEY",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYTESTKEY123",
            "ghp_abababababababababababababababababab",
            "sk_live_123123123123123123123123",
            "${AWS_SECRET}",
            "{{ .Values.token }}",
            "#{config[\"password\"]}",
            "<your-api-key>",
            "changeme",
            "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "********",
            "0000000000",
            "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
        ] {
            assert!(is_placeholder(p.as_bytes()), "{p}");
        }
    }

    #[test]
    fn words_count_only_as_whole_tokens() {
        for p in [
            "your_api_key_here",
            "sk_live_EXAMPLEKEY123",
            "MyFakeToken",
            "dummy-password",
            "REDACTED",
            "change_me",
        ] {
            assert!(is_placeholder(p.as_bytes()), "{p}");
        }
        for s in [
            "q8ZrFaKE2LxW9vT4mK7pQ1nB",
            "Zx9fakeQ2rT",
            "hX3sampleZ9",
            "Abcxxxx9Qz",
            // Short repeats happen in random text; only long ones are typed.
            "Zq8abababaT2LxW9vT4mK7",
            // Ten bytes of the AWS example key, then random: no edited example.
            "wJalrXUtnFq8ZrT2LxW9vT4mK7pQ1nBcDzFgHiJk",
        ] {
            assert!(!is_placeholder(s.as_bytes()), "{s}");
        }
    }

    #[test]
    fn key_material_is_never_a_placeholder_by_chance() {
        let mut pem = String::from("-----BEGIN PRIVATE KEY-----\n");
        for i in 0..20 {
            pem.push_str(&format!(
                "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC{i:02}FaKE+dummy/Sample9example\n"
            ));
        }
        pem.push_str("-----END PRIVATE KEY-----\n");
        assert!(!is_placeholder(pem.as_bytes()));
        assert!(is_placeholder(
            b"-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----"
        ));
    }

    #[test]
    fn counting_runs_are_typed() {
        for typed in [
            "ntn_12345678901aBcDeFgHiJkLmNoPqRsT1234567890abcd",
            "cfat_aAbBcCdDeEfFgGhHiIjJkKlLmMnNoOpPqQrRsStT03fa099bZ",
            "glsa_abcdefghijklmnopqrstuvwxyz012345_89abcdef",
        ] {
            assert!(is_placeholder(typed.as_bytes()), "{typed}");
        }
        // Short counts happen in random text; a doubled letter does not break a count, but a
        // skipped one does.
        for random in [
            "ghp_R4nd0m123456Tok3nWj9xQ2vL8mZp5sK7bY1",
            "aAbBcdfgijkmn7Qz2Lx9w",
        ] {
            assert!(!is_placeholder(random.as_bytes()), "{random}");
        }
    }

    #[test]
    fn random_tokens_are_not() {
        let token = ["ghp_", "R8mQ2vXk9LzT4wYp1NcB7sHd3FjG6aE0uKiO"].concat();
        for s in [token.as_str(), "Zx9!pQ2@rT"] {
            assert!(!is_placeholder(s.as_bytes()), "{s}");
        }
    }
}
