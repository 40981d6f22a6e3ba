//! SSH private key files: OpenSSH's own format (`openssh-key-v1`, inside a PEM block) and
//! PuTTY's `.ppk`. Both carry the public key in the clear next to the private one, so the
//! algorithm, size and curve can be read even from an encrypted file, and both name their
//! cipher. Only the first key of a multi-key OpenSSH file is described; the private part is
//! never opened.
use std::str;

use super::der;
use super::key::{decode_lines, KeyFacts};

const OPENSSH_MAGIC: &[u8] = b"openssh-key-v1\0";

/// SSH wire encoding: big-endian u32s and u32-length-prefixed strings (RFC 4251).
struct Wire<'a> {
    rest: &'a [u8],
}

impl<'a> Wire<'a> {
    fn u32(&mut self) -> Option<u32> {
        let (n, rest) = self.rest.split_first_chunk::<4>()?;
        self.rest = rest;
        Some(u32::from_be_bytes(*n))
    }

    fn string(&mut self) -> Option<&'a [u8]> {
        let len = usize::try_from(self.u32()?).ok()?;
        if len > self.rest.len() {
            return None;
        }
        let (s, rest) = self.rest.split_at(len);
        self.rest = rest;
        Some(s)
    }

    fn text(&mut self) -> Option<&'a str> {
        str::from_utf8(self.string()?).ok()
    }
}

/// An `openssh-key-v1` file (the base64-decoded inside of its PEM block).
pub(super) fn openssh(bytes: &[u8]) -> Option<KeyFacts> {
    let mut wire = Wire {
        rest: bytes.strip_prefix(OPENSSH_MAGIC)?,
    };
    let cipher = wire.text()?;
    wire.string()?; // KDF name
    wire.string()?; // KDF options
    if wire.u32()? == 0 {
        return None;
    }
    let public = wire.string()?;
    // The private section must follow: without it the file was cut short.
    wire.string()?;
    let mut facts = public_key(public)?;
    facts.encrypted = Some(cipher != "none");
    facts.extra.push(("cipher", cipher.to_string()));
    Some(facts)
}

/// A PuTTY `.ppk` file from its first line, with escapes already undone.
pub(super) fn putty(text: &[u8]) -> Option<KeyFacts> {
    let mut lines = text
        .split(|&b| b == b'\n')
        .map(<[u8]>::trim_ascii)
        .filter(|l| !l.is_empty());
    let (_, key_type) = header(lines.next()?)?;
    let mut encryption = None;
    let mut public = None;
    while let Some(line) = lines.next() {
        match header(line) {
            Some(("Encryption", value)) => encryption = Some(value),
            Some(("Public-Lines", count)) => {
                let count: usize = count.parse().ok()?;
                let blob: Vec<&[u8]> = lines.by_ref().take(count).collect();
                if blob.len() != count {
                    return None;
                }
                public = Some(decode_lines(blob.into_iter())?);
                // Every version puts Encryption before Public-Lines.
                break;
            }
            _ => {}
        }
    }
    let encryption = encryption?;
    let mut facts = public_key(&public?)?;
    // The header line repeats the blob's key type; a mismatch means a damaged file.
    if !facts
        .extra
        .iter()
        .any(|(k, v)| *k == "ssh_key_type" && v == key_type)
    {
        return None;
    }
    facts.encrypted = Some(encryption != "none");
    facts.extra.push(("cipher", encryption.to_string()));
    Some(facts)
}

/// A `Name: value` line of a `.ppk` file.
fn header(line: &[u8]) -> Option<(&str, &str)> {
    let (name, value) = str::from_utf8(line).ok()?.split_once(':')?;
    Some((name.trim(), value.trim()))
}

/// An SSH public key blob: its key type string, then the type's fields.
fn public_key(blob: &[u8]) -> Option<KeyFacts> {
    let mut wire = Wire { rest: blob };
    let key_type = wire.text()?;
    let mut facts = match key_type {
        "ssh-rsa" => {
            wire.string()?; // public exponent
            let mut facts = KeyFacts::algorithm("rsa");
            facts.bits = Some(der::integer_bits(wire.string()?));
            facts
        }
        "ssh-dss" => {
            let mut facts = KeyFacts::algorithm("dsa");
            facts.bits = Some(der::integer_bits(wire.string()?));
            facts
        }
        "ssh-ed25519" => KeyFacts::algorithm("ed25519"),
        "ssh-ed448" => KeyFacts::algorithm("ed448"),
        "sk-ssh-ed25519@openssh.com" => KeyFacts::algorithm("ed25519-sk"),
        "sk-ecdsa-sha2-nistp256@openssh.com" => {
            let mut facts = KeyFacts::algorithm("ecdsa-sk");
            facts.set_curve(curve_oid(wire.text()?)?);
            facts
        }
        t if t.starts_with("ecdsa-sha2-") => {
            let mut facts = KeyFacts::algorithm("ec");
            facts.set_curve(curve_oid(wire.text()?)?);
            facts
        }
        // A type this module does not know: the name is all it can say.
        _ => KeyFacts::default(),
    };
    facts.extra.push(("ssh_key_type", key_type.to_string()));
    Some(facts)
}

/// The OID of an SSH curve name (RFC 5656), so that curves are named one way everywhere.
fn curve_oid(name: &str) -> Option<&'static str> {
    match name {
        "nistp256" => Some("1.2.840.10045.3.1.7"),
        "nistp384" => Some("1.3.132.0.34"),
        "nistp521" => Some("1.3.132.0.35"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::key::tests::pem;
    use super::super::{gather, Evidence, BASE64};
    use crate::rules::EvidenceFormat;
    use base64::Engine;

    fn string(bytes: &[u8]) -> Vec<u8> {
        [&(bytes.len() as u32).to_be_bytes()[..], bytes].concat()
    }

    fn modulus(bytes: usize) -> Vec<u8> {
        let mut n = vec![0x00, 0xd3];
        n.extend((1..bytes).map(|i| (i * 91 % 253) as u8));
        n
    }

    fn rsa_blob(bytes: usize) -> Vec<u8> {
        [
            string(b"ssh-rsa"),
            string(&[1, 0, 1]),
            string(&modulus(bytes)),
        ]
        .concat()
    }

    fn ed25519_blob() -> Vec<u8> {
        [string(b"ssh-ed25519"), string(&[0x42; 32])].concat()
    }

    fn openssh_file(cipher: &str, public: &[u8]) -> Vec<u8> {
        let (kdf, options) = if cipher == "none" {
            ("none", vec![])
        } else {
            (
                "bcrypt",
                [string(&[9; 16]), 16u32.to_be_bytes().to_vec()].concat(),
            )
        };
        [
            b"openssh-key-v1\0".to_vec(),
            string(cipher.as_bytes()),
            string(kdf.as_bytes()),
            string(&options),
            1u32.to_be_bytes().to_vec(),
            string(public),
            string(&[0x77; 64]),
        ]
        .concat()
    }

    fn openssh(cipher: &str, public: &[u8]) -> Evidence {
        let text = pem("OPENSSH PRIVATE KEY", &[], &openssh_file(cipher, public));
        gather(Some(EvidenceFormat::PrivateKey), text.as_bytes(), 0)
    }

    fn ppk(key_type: &str, encryption: &str, public: &[u8]) -> String {
        let b64 = BASE64.encode(public);
        let lines: Vec<&str> = b64
            .as_bytes()
            .chunks(64)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect();
        format!(
            "PuTTY-User-Key-File-3: {key_type}\nEncryption: {encryption}\nComment: build-key\nPublic-Lines: {}\n{}\nPrivate-Lines: 1\nAAAA\nPrivate-MAC: 00ff\n",
            lines.len(),
            lines.join("\n")
        )
    }

    #[test]
    fn an_unencrypted_ed25519_key() {
        let e = openssh("none", &ed25519_blob());
        assert_eq!(e.facts["algorithm"], "ed25519");
        assert_eq!(e.facts["ssh_key_type"], "ssh-ed25519");
        assert_eq!(e.facts["cipher"], "none");
        assert_eq!(e.facts["encrypted"], "false");
        assert!(!e.lowers_severity && !e.unparsed);
    }

    #[test]
    fn an_encrypted_rsa_key_still_shows_its_size() {
        let e = openssh("aes256-ctr", &rsa_blob(384));
        assert_eq!(e.facts["algorithm"], "rsa");
        assert_eq!(e.facts["key_bits"], "3072");
        assert_eq!(e.facts["encrypted"], "true");
        assert_eq!(e.facts["cipher"], "aes256-ctr");
        assert!(e.lowers_severity);
    }

    #[test]
    fn an_ecdsa_key_gives_its_curve() {
        let blob = [
            string(b"ecdsa-sha2-nistp384"),
            string(b"nistp384"),
            string(&[4; 97]),
        ]
        .concat();
        let e = openssh("none", &blob);
        assert_eq!(e.facts["algorithm"], "ec");
        assert_eq!(e.facts["curve"], "P-384");
        assert_eq!(e.facts["key_bits"], "384");
    }

    #[test]
    fn an_unknown_key_type_is_named() {
        let e = openssh("none", &string(b"ssh-future"));
        assert_eq!(e.facts["ssh_key_type"], "ssh-future");
        assert!(!e.facts.contains_key("algorithm"));
    }

    #[test]
    fn broken_openssh_files_are_unparsed() {
        let good = openssh_file("none", &ed25519_blob());
        let mut huge = good.clone();
        // The cipher name's length field claims 4 GiB.
        huge[15..19].copy_from_slice(&[0xff; 4]);
        let mut no_keys = openssh_file("none", &ed25519_blob());
        no_keys[15 + 8 + 8 + 4..15 + 8 + 8 + 4 + 4].copy_from_slice(&[0; 4]);
        let mut bad_type = ed25519_blob();
        bad_type[4] = 0xff;
        for file in [
            good[..good.len() - 10].to_vec(),
            good[..15].to_vec(),
            huge,
            no_keys,
            b"openssh-key-v2\0".to_vec(),
            openssh_file("none", &[0, 0, 0, 9]),
            openssh_file("none", &bad_type),
            openssh_file("none", &string(b"ssh-rsa")),
            vec![],
        ] {
            let text = pem("OPENSSH PRIVATE KEY", &[], &file);
            let e = gather(Some(EvidenceFormat::PrivateKey), text.as_bytes(), 0);
            assert!(e.unparsed, "{file:?}");
        }
    }

    #[test]
    fn putty_keys_are_read() {
        let e = gather(
            Some(EvidenceFormat::PrivateKey),
            ppk("ssh-rsa", "none", &rsa_blob(256)).as_bytes(),
            0,
        );
        assert_eq!(e.facts["algorithm"], "rsa");
        assert_eq!(e.facts["key_bits"], "2048");
        assert_eq!(e.facts["encrypted"], "false");
        let text = ppk("ssh-ed25519", "aes256-cbc", &ed25519_blob());
        let e = gather(Some(EvidenceFormat::PrivateKey), text.as_bytes(), 0);
        assert_eq!(e.facts["algorithm"], "ed25519");
        assert_eq!(e.facts["encrypted"], "true");
        assert!(e.lowers_severity);
    }

    #[test]
    fn a_putty_key_inside_a_string_is_read() {
        let text = ppk("ssh-ed25519", "none", &ed25519_blob()).replace('\n', "\\r\\n");
        let e = gather(
            Some(EvidenceFormat::PrivateKey),
            format!("k = \"{text}\"").as_bytes(),
            0,
        );
        assert_eq!(e.facts["algorithm"], "ed25519");
    }

    #[test]
    fn broken_putty_keys_are_unparsed() {
        let good = ppk("ssh-rsa", "none", &rsa_blob(256));
        let cut = &good[..good.find("Public-Lines").unwrap() + 20];
        for text in [
            cut.to_string(),
            good.replace("Encryption: none\n", ""),
            good.replace("Public-Lines: ", "Public-Lines: 99999999999999999999"),
            good.replace("Public-Lines: 6", "Public-Lines: 1000000"),
            good.replace("ssh-rsa\n", "ssh-ed25519\n"),
            "PuTTY-User-Key-File-2".to_string(),
            "PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nPublic-Lines: 1\n!!!!\n".to_string(),
        ] {
            let e = gather(Some(EvidenceFormat::PrivateKey), text.as_bytes(), 0);
            assert!(e.unparsed, "{text}");
        }
    }
}
