//! Private key files: PEM blocks (`-----BEGIN ... PRIVATE KEY-----`), also when found inside
//! a JSON or code string with its newlines written as `\n`, and PuTTY `.ppk` files. It tells
//! the algorithm, the key size or curve where the file shows it, and whether the key is
//! encrypted, which makes a leak far less urgent. PKCS#1, SEC1, OpenSSL DSA and PKCS#8 keys are
//! read here; OpenSSH and PuTTY keys in `ssh`, OpenPGP keys in `pgp`. Public keys and
//! certificates are not secrets and get no evidence; encrypted contents are never decrypted.
use memchr::memmem;

use super::key::{decode_lines, KeyFacts};
use super::{der, pgp, ssh, Evidence};

const BEGIN: &[u8] = b"-----BEGIN ";
const DASHES: &[u8] = b"-----";
/// Longest label looked for; real ones are short ("ENCRYPTED PRIVATE KEY").
const LABEL_MAX: usize = 40;
const PUTTY: &[u8] = b"PuTTY-User-Key-File-";

/// Evidence of the first private key in `text`, unparsed when it is cut short or broken;
/// None when `text` holds no private key (nothing, a public key, a certificate).
pub(super) fn evidence(text: &[u8]) -> Option<Evidence> {
    if let Some(at) = memmem::find(text, PUTTY) {
        let lines = unescape(&text[at..]);
        return Some(finish(ssh::putty(&lines)));
    }
    let (label, after) = find_private_block(text)?;
    let end_marker = [b"-----END ", label, DASHES].concat();
    let Some(end) = memmem::find(after, &end_marker) else {
        return Some(Evidence::unparsed());
    };
    Some(finish(block(label, &unescape(&after[..end]))))
}

fn finish(facts: Option<KeyFacts>) -> Evidence {
    facts.map_or_else(Evidence::unparsed, KeyFacts::into_evidence)
}

/// The label of the first `BEGIN` line of a private key, and the text after that line.
fn find_private_block(text: &[u8]) -> Option<(&[u8], &[u8])> {
    memmem::find_iter(text, BEGIN).find_map(|at| {
        let rest = &text[at + BEGIN.len()..];
        let window = &rest[..rest.len().min(LABEL_MAX + DASHES.len())];
        let label_len = memmem::find(window, DASHES)?;
        let label = &rest[..label_len];
        memmem::find(label, b"PRIVATE KEY")?;
        Some((label, &rest[label_len + DASHES.len()..]))
    })
}

/// Text with the escapes that a PEM block picks up inside a string undone: `\n` becomes a
/// newline, `\r` nothing, and other backslashes (`\/` in JSON, doubled `\\n`) are dropped, since
/// neither headers nor base64 ever contain one.
pub(super) fn unescape(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut bytes = raw.iter().copied().peekable();
    while let Some(b) = bytes.next() {
        if b != b'\\' {
            out.push(b);
            continue;
        }
        match bytes.peek() {
            Some(b'n') => {
                out.push(b'\n');
                bytes.next();
            }
            Some(b'r') => {
                bytes.next();
            }
            _ => {}
        }
    }
    out
}

/// Reads the inside of a PEM block: RFC 1421 headers, then base64.
fn block(label: &[u8], inside: &[u8]) -> Option<KeyFacts> {
    let lines: Vec<&[u8]> = inside
        .split(|&b| b == b'\n')
        .map(<[u8]>::trim_ascii)
        .filter(|l| !l.is_empty())
        .collect();
    // Base64 never holds a colon, so a line with one is a header ("Proc-Type: 4,ENCRYPTED",
    // "DEK-Info: ...", an armour's "Version: ..."); an armour's CRC line starts with `=`.
    let (headers, body): (Vec<&[u8]>, Vec<&[u8]>) = lines
        .into_iter()
        .filter(|l| !l.starts_with(b"="))
        .partition(|l| l.contains(&b':'));
    let der = decode_lines(body.into_iter())?;
    let legacy_encrypted = headers.iter().any(|h| {
        h.starts_with(b"DEK-Info:")
            || (h.starts_with(b"Proc-Type:") && memmem::find(h, b"ENCRYPTED").is_some())
    });
    let algorithm = match label {
        b"RSA PRIVATE KEY" => "rsa",
        b"EC PRIVATE KEY" => "ec",
        b"DSA PRIVATE KEY" => "dsa",
        b"PRIVATE KEY" => return pkcs8(&der),
        b"ENCRYPTED PRIVATE KEY" => return encrypted_pkcs8(&der),
        b"OPENSSH PRIVATE KEY" => return ssh::openssh(&der),
        b"PGP PRIVATE KEY BLOCK" => return Some(pgp::secret_key(&der)),
        _ => {
            // A label of some other tool ("ANY PRIVATE KEY"): only encryption can be told.
            let encrypted = legacy_encrypted || memmem::find(label, b"ENCRYPTED").is_some();
            return Some(KeyFacts {
                encrypted: Some(encrypted),
                ..KeyFacts::default()
            });
        }
    };
    if legacy_encrypted {
        // The DER under a DEK-Info header is ciphertext: only the label says anything.
        let mut facts = KeyFacts::algorithm(algorithm);
        facts.encrypted = Some(true);
        return Some(facts);
    }
    let mut facts = match algorithm {
        "rsa" => pkcs1(&der)?,
        "ec" => sec1(&der)?,
        _ => openssl_dsa(&der)?,
    };
    facts.encrypted = Some(false);
    Some(facts)
}

/// PKCS#1 RSAPrivateKey: SEQUENCE { version, modulus, publicExponent, ... }.
fn pkcs1(der: &[u8]) -> Option<KeyFacts> {
    let mut key = der::Reader::new(der::Reader::new(der).expect(der::SEQUENCE)?);
    key.expect(der::INTEGER)?;
    let modulus = key.expect(der::INTEGER)?;
    key.expect(der::INTEGER)?;
    let mut facts = KeyFacts::algorithm("rsa");
    facts.bits = Some(der::integer_bits(modulus));
    Some(facts)
}

/// SEC1 ECPrivateKey: SEQUENCE { version, privateKey, [0] curve OPTIONAL, [1] OPTIONAL }.
fn sec1(der: &[u8]) -> Option<KeyFacts> {
    let mut key = der::Reader::new(der::Reader::new(der).expect(der::SEQUENCE)?);
    key.expect(der::INTEGER)?;
    key.expect(der::OCTET_STRING)?;
    let mut facts = KeyFacts::algorithm("ec");
    while let Some((tag, contents)) = key.read() {
        if tag == der::CONTEXT_0 {
            let oid = der::Reader::new(contents).expect(der::OID)?;
            facts.set_curve(&der::oid(oid)?);
        }
    }
    Some(facts)
}

/// OpenSSL's DSA private key: SEQUENCE { version, p, q, g, y, x }.
fn openssl_dsa(der: &[u8]) -> Option<KeyFacts> {
    let mut key = der::Reader::new(der::Reader::new(der).expect(der::SEQUENCE)?);
    key.expect(der::INTEGER)?;
    let p = key.expect(der::INTEGER)?;
    let mut facts = KeyFacts::algorithm("dsa");
    facts.bits = Some(der::integer_bits(p));
    Some(facts)
}

/// PKCS#8 PrivateKeyInfo: SEQUENCE { version, AlgorithmIdentifier, OCTET STRING key, ... }.
fn pkcs8(der: &[u8]) -> Option<KeyFacts> {
    let mut info = der::Reader::new(der::Reader::new(der).expect(der::SEQUENCE)?);
    info.expect(der::INTEGER)?;
    let mut algorithm = der::Reader::new(info.expect(der::SEQUENCE)?);
    let oid = der::oid(algorithm.expect(der::OID)?)?;
    let key = info.expect(der::OCTET_STRING)?;
    let mut facts = match oid.as_str() {
        // rsaEncryption and RSASSA-PSS wrap a PKCS#1 key.
        "1.2.840.113549.1.1.1" | "1.2.840.113549.1.1.10" => pkcs1(key)?,
        "1.2.840.10045.2.1" => {
            let mut facts = KeyFacts::algorithm("ec");
            if let Some((der::OID, curve)) = algorithm.read() {
                facts.set_curve(&der::oid(curve)?);
            }
            facts
        }
        "1.2.840.10040.4.1" => {
            let mut facts = KeyFacts::algorithm("dsa");
            if let Some(params) = algorithm.expect(der::SEQUENCE) {
                let p = der::Reader::new(params).expect(der::INTEGER)?;
                facts.bits = Some(der::integer_bits(p));
            }
            facts
        }
        "1.3.101.110" => KeyFacts::algorithm("x25519"),
        "1.3.101.111" => KeyFacts::algorithm("x448"),
        "1.3.101.112" => KeyFacts::algorithm("ed25519"),
        "1.3.101.113" => KeyFacts::algorithm("ed448"),
        other => KeyFacts::algorithm(other),
    };
    facts.encrypted = Some(false);
    Some(facts)
}

/// PKCS#8 EncryptedPrivateKeyInfo: SEQUENCE { AlgorithmIdentifier, OCTET STRING }; the key's
/// algorithm is inside the ciphertext.
fn encrypted_pkcs8(der: &[u8]) -> Option<KeyFacts> {
    let mut info = der::Reader::new(der::Reader::new(der).expect(der::SEQUENCE)?);
    info.expect(der::SEQUENCE)?;
    info.expect(der::OCTET_STRING)?;
    Some(KeyFacts {
        encrypted: Some(true),
        ..KeyFacts::default()
    })
}

#[cfg(test)]
mod tests {
    use super::super::der::build::*;
    use super::super::key::tests::pem;
    use super::*;

    fn rsa_pkcs1(modulus_bytes: usize) -> Vec<u8> {
        seq(&[
            small_integer(0),
            big_integer(modulus_bytes),
            tlv(der::INTEGER, &[0x01, 0x00, 0x01]),
            big_integer(modulus_bytes),
        ])
    }

    fn facts(text: &str) -> Evidence {
        evidence(text.as_bytes()).expect("a private key")
    }

    #[test]
    fn pkcs1_rsa_gives_its_modulus_size() {
        let e = facts(&pem("RSA PRIVATE KEY", &[], &rsa_pkcs1(256)));
        assert_eq!(e.facts["algorithm"], "rsa");
        assert_eq!(e.facts["key_bits"], "2048");
        assert_eq!(e.facts["encrypted"], "false");
        assert!(!e.lowers_severity && !e.unparsed);
        assert_eq!(e.lifetime, None);
    }

    #[test]
    fn escaped_newlines_inside_a_json_string_are_read() {
        let block = pem("RSA PRIVATE KEY", &[], &rsa_pkcs1(512)).replace('\n', "\\n");
        let json = format!(r#"{{"key": "{}"}}"#, block.replace('/', "\\/"));
        let e = facts(&json);
        assert_eq!(e.facts["key_bits"], "4096");
        let crlf = pem("RSA PRIVATE KEY", &[], &rsa_pkcs1(128)).replace('\n', "\\r\\n");
        assert_eq!(facts(&crlf).facts["key_bits"], "1024");
    }

    #[test]
    fn legacy_encryption_headers_mark_the_key_encrypted() {
        let text = pem(
            "RSA PRIVATE KEY",
            &[
                "Proc-Type: 4,ENCRYPTED",
                "DEK-Info: AES-128-CBC,0123456789ABCDEF0123456789ABCDEF",
            ],
            &[0x5a; 1200],
        );
        let e = facts(&text);
        assert_eq!(e.facts["algorithm"], "rsa");
        assert_eq!(e.facts["encrypted"], "true");
        assert!(!e.facts.contains_key("key_bits"));
        assert!(e.lowers_severity);
    }

    #[test]
    fn sec1_ec_gives_its_curve() {
        for (oid_text, curve, bits) in [
            ("1.2.840.10045.3.1.7", "P-256", "256"),
            ("1.3.132.0.34", "P-384", "384"),
            ("1.3.132.0.35", "P-521", "521"),
        ] {
            let key = seq(&[
                small_integer(1),
                tlv(der::OCTET_STRING, &[0x11; 32]),
                tlv(der::CONTEXT_0, &oid(oid_text)),
                tlv(0xa1, &tlv(0x03, &[0x00, 0x04, 0x22])),
            ]);
            let e = facts(&pem("EC PRIVATE KEY", &[], &key));
            assert_eq!(e.facts["algorithm"], "ec");
            assert_eq!(e.facts["curve"], curve);
            assert_eq!(e.facts["key_bits"], bits);
        }
    }

    #[test]
    fn pkcs8_names_the_algorithm() {
        let info = |algorithm: Vec<u8>, key: Vec<u8>| {
            seq(&[small_integer(0), algorithm, tlv(der::OCTET_STRING, &key)])
        };
        let rsa = info(
            seq(&[oid("1.2.840.113549.1.1.1"), tlv(0x05, &[])]),
            rsa_pkcs1(384),
        );
        let e = facts(&pem("PRIVATE KEY", &[], &rsa));
        assert_eq!(
            (e.facts["algorithm"].as_str(), e.facts["key_bits"].as_str()),
            ("rsa", "3072")
        );

        let ec = info(
            seq(&[oid("1.2.840.10045.2.1"), oid("1.3.132.0.34")]),
            seq(&[small_integer(1), tlv(der::OCTET_STRING, &[1; 48])]),
        );
        let e = facts(&pem("PRIVATE KEY", &[], &ec));
        assert_eq!(
            (e.facts["algorithm"].as_str(), e.facts["curve"].as_str()),
            ("ec", "P-384")
        );

        let ed = info(seq(&[oid("1.3.101.112")]), tlv(der::OCTET_STRING, &[9; 32]));
        let e = facts(&pem("PRIVATE KEY", &[], &ed));
        assert_eq!(e.facts["algorithm"], "ed25519");
        assert_eq!(e.facts["encrypted"], "false");

        let dsa_params = seq(&[big_integer(128), big_integer(20), big_integer(128)]);
        let dsa = info(
            seq(&[oid("1.2.840.10040.4.1"), dsa_params]),
            small_integer(7),
        );
        let e = facts(&pem("PRIVATE KEY", &[], &dsa));
        assert_eq!(
            (e.facts["algorithm"].as_str(), e.facts["key_bits"].as_str()),
            ("dsa", "1024")
        );

        let odd = info(seq(&[oid("1.2.3.4")]), vec![]);
        assert_eq!(
            facts(&pem("PRIVATE KEY", &[], &odd)).facts["algorithm"],
            "1.2.3.4"
        );
    }

    #[test]
    fn openssl_dsa_gives_its_size() {
        let key = seq(&[small_integer(0), big_integer(256), big_integer(32)]);
        let e = facts(&pem("DSA PRIVATE KEY", &[], &key));
        assert_eq!(
            (e.facts["algorithm"].as_str(), e.facts["key_bits"].as_str()),
            ("dsa", "2048")
        );
    }

    #[test]
    fn encrypted_pkcs8_is_encrypted() {
        let key = seq(&[
            seq(&[oid("1.2.840.113549.1.5.13")]),
            tlv(der::OCTET_STRING, &[3; 64]),
        ]);
        let e = facts(&pem("ENCRYPTED PRIVATE KEY", &[], &key));
        assert_eq!(e.facts["encrypted"], "true");
        assert!(e.lowers_severity);
        assert!(!e.facts.contains_key("algorithm"));
    }

    #[test]
    fn the_private_key_is_found_after_a_certificate() {
        let text = format!(
            "{}{}",
            pem("CERTIFICATE", &[], &[1, 2, 3]),
            pem("RSA PRIVATE KEY", &[], &rsa_pkcs1(256))
        );
        assert_eq!(facts(&text).facts["key_bits"], "2048");
    }

    #[test]
    fn public_keys_and_certificates_are_not_evidence() {
        assert_eq!(evidence(pem("PUBLIC KEY", &[], &[1, 2]).as_bytes()), None);
        assert_eq!(evidence(pem("CERTIFICATE", &[], &[1, 2]).as_bytes()), None);
        assert_eq!(
            evidence(b"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA user@host"),
            None
        );
        assert_eq!(evidence(b""), None);
        assert_eq!(evidence(b"-----BEGIN "), None);
    }

    #[test]
    fn broken_blocks_are_unparsed() {
        let whole = pem("RSA PRIVATE KEY", &[], &rsa_pkcs1(256));
        let truncated = &whole[..whole.len() / 2];
        let bad_base64 = whole.replacen("\n", "\n!!!!", 2);
        let not_der = pem("RSA PRIVATE KEY", &[], b"not a key");
        let mut huge_length = rsa_pkcs1(256);
        huge_length[1..4].copy_from_slice(&[0x84, 0x7f, 0xff]);
        let huge = pem("RSA PRIVATE KEY", &[], &huge_length);
        let empty = pem("PRIVATE KEY", &[], &[]);
        let short_modulus = pem("RSA PRIVATE KEY", &[], &seq(&[small_integer(0)]));
        let unbalanced =
            "-----BEGIN RSA PRIVATE KEY-----\n-----END EC PRIVATE KEY-----".to_string();
        for text in [
            truncated,
            &bad_base64,
            &not_der,
            &huge,
            &empty,
            &short_modulus,
            &unbalanced,
            "-----BEGIN PRIVATE KEY-----",
        ] {
            let e = evidence(text.as_bytes()).expect(text);
            assert!(e.unparsed, "{text}");
            assert_eq!(e.facts["evidence"], "unparsed");
        }
    }

    #[test]
    fn unescape_undoes_string_escapes() {
        assert_eq!(unescape(br"a\nb\r\nc\/d\\ne\"), b"a\nb\nc/d\ne");
    }
}
