//! AWS access key ids: the prefix tells a long-lived IAM user key (`AKIA`) from a temporary
//! STS credential (`ASIA`), and the rest encodes the owning account id. Other AWS unique-id
//! prefixes (`AIDA`, `AROA`, ...) name identities, not keys, and are left alone. The secret
//! access key that goes with an id is random and tells nothing.
use super::{Evidence, Lifetime};

const KEY_ID_LEN: usize = 20;
const PREFIX_LEN: usize = 4;

/// Key type, lifetime and account id of an `AKIA`/`ASIA` key id; None for other secrets.
pub(super) fn evidence(secret: &[u8]) -> Option<Evidence> {
    if secret.len() != KEY_ID_LEN {
        return None;
    }
    let mut e = Evidence::default();
    match &secret[..PREFIX_LEN] {
        b"AKIA" => {
            e.fact("key_type", "long-lived IAM user access key");
            e.lifetime = Some(Lifetime::Long);
        }
        b"ASIA" => {
            e.fact("key_type", "temporary STS credential");
            e.lifetime = Some(Lifetime::Short);
        }
        _ => return None,
    }
    if let Some(account) = account_id(&secret[PREFIX_LEN..]) {
        e.fact("aws_account_id", format!("{account:012}"));
    }
    Some(e)
}

/// The account id encoded in the 16 characters after a key id's prefix. This is a publicly
/// described property of the key id format (found by researchers and relied on by security
/// tools), not an AWS API: AWS does not document it, and ids issued before about 2019 decode
/// to meaningless numbers.
fn account_id(body: &[u8]) -> Option<u64> {
    // 16 base32 characters are 80 bits; the account id is the 40 bits of the first 48 that
    // lie below their top bit and above their low 7 bits.
    let mut bits: u128 = 0;
    for &c in body {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'2'..=b'7' => c - b'2' + 26,
            _ => return None,
        };
        bits = (bits << 5) | u128::from(v);
    }
    let first_48 = (bits >> 32) as u64;
    Some((first_48 & 0x7fff_ffff_ff80) >> 7)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A key id whose body encodes `account` the way the format does, with random-looking
    /// filler in the other bits.
    fn key_id(prefix: &str, account: u64) -> String {
        const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        let first_48: u64 = (1 << 47) | (account << 7) | 0x5a;
        let bits: u128 = (u128::from(first_48) << 32) | 0x9e37_79b9;
        let body: String = (0..16)
            .rev()
            .map(|i| ALPHABET[((bits >> (5 * i)) & 31) as usize] as char)
            .collect();
        format!("{prefix}{body}")
    }

    #[test]
    fn decodes_a_publicly_documented_example() {
        // The example key id from the published research on this encoding.
        let e = evidence(b"ASIAY34FZKBOKMUTVV7A").unwrap();
        assert_eq!(e.facts["aws_account_id"], "609629065308");
        assert_eq!(e.facts["key_type"], "temporary STS credential");
        assert_eq!(e.lifetime, Some(Lifetime::Short));
    }

    #[test]
    fn decodes_an_account_built_into_a_key_id() {
        for account in [0, 1, 123_456_789_012, 999_999_999_999] {
            let id = key_id("AKIA", account);
            let e = evidence(id.as_bytes()).unwrap();
            assert_eq!(e.facts["aws_account_id"], format!("{account:012}"), "{id}");
            assert_eq!(e.lifetime, Some(Lifetime::Long));
        }
    }

    #[test]
    fn characters_outside_base32_give_no_account() {
        let e = evidence(b"AKIAIOSFODNN7EXAMPL1").unwrap();
        assert!(!e.facts.contains_key("aws_account_id"));
        assert_eq!(e.facts["key_type"], "long-lived IAM user access key");
    }

    #[test]
    fn other_prefixes_and_lengths_are_not_key_ids() {
        assert_eq!(evidence(b"AIDAY34FZKBOKMUTVV7A"), None);
        assert_eq!(evidence(b"AKIAY34FZKBOKMUTVV7"), None);
        assert_eq!(evidence(b""), None);
        let e = evidence("AKIAY34FZKBOKMUTVVé".as_bytes()).unwrap();
        assert!(!e.facts.contains_key("aws_account_id"));
    }
}
