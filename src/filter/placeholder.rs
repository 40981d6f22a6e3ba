//! Recognises values that stand in for a secret rather than being one: documentation markers,
//! template and environment references, masked values and filler. Providers' published example
//! keys all contain `EXAMPLE` or are listed in `DOCUMENTED_EXAMPLES`.

/// Substrings (ASCII case-insensitive) that mark a value as a placeholder.
const MARKERS: &[&str] = &[
    "example",
    "xxxx",
    "****",
    "...",
    "<",
    ">",
    "${",
    "{{",
    "}}",
    "$(",
    "%(",
    "changeme",
    "change_me",
    "change-me",
    "replace",
    "your_",
    "your-",
    "yourkey",
    "placeholder",
    "redacted",
    "dummy",
    "sample",
    "fake",
];

/// Example keys from providers' documentation that carry no marker.
const DOCUMENTED_EXAMPLES: &[&str] = &[
    // Stripe API reference examples
    "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
    "pk_test_TYooMQauvdEDq54NiTphI7jx",
    // Azure Cosmos DB emulator and Azurite (storage emulator) well-known keys
    "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==",
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
];

/// True when `secret` is a placeholder, template reference or filler, not a credential.
pub fn is_placeholder(secret: &[u8]) -> bool {
    if secret.is_empty() {
        return true;
    }
    let first = secret[0];
    if secret.iter().all(|&b| b == first) {
        return true;
    }
    if DOCUMENTED_EXAMPLES.iter().any(|e| e.as_bytes() == secret) {
        return true;
    }
    MARKERS
        .iter()
        .any(|m| contains_ignore_ascii_case(secret, m.as_bytes()))
}

fn contains_ignore_ascii_case(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.len() >= needle.len()
        && haystack
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_and_templates_are_placeholders() {
        for p in [
            "AKIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "${AWS_SECRET}",
            "{{ .Values.token }}",
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
    fn random_tokens_are_not() {
        let token = ["ghp_", "R8mQ2vXk9LzT4wYp1NcB7sHd3FjG6aE0uKiO"].concat();
        for s in [token.as_str(), "Zx9!pQ2@rT"] {
            assert!(!is_placeholder(s.as_bytes()), "{s}");
        }
    }
}
