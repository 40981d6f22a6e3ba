//! OpenPGP secret keys (`-----BEGIN PGP PRIVATE KEY BLOCK-----`): the first packet of the
//! armour is the primary secret key, whose public half (algorithm, size) is in the clear and
//! whose "string-to-key usage" octet says whether the secret half is protected by a
//! passphrase. Subkeys, user ids and signatures that follow are not read, and a packet layout
//! this module does not know (version 3 keys, unknown algorithms) leaves only "pgp" as the
//! algorithm: the armour itself was fine, so that is not a parse failure.
use super::der;
use super::key::KeyFacts;

const SECRET_KEY_TAG: u8 = 5;

/// What the first packet of a decoded armour tells; always at least the algorithm "pgp".
pub(super) fn secret_key(bytes: &[u8]) -> KeyFacts {
    let mut facts = parse(bytes).unwrap_or_default();
    facts.algorithm = Some("pgp".to_string());
    facts
}

struct Cursor<'a> {
    rest: &'a [u8],
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.rest.len() {
            return None;
        }
        let (head, rest) = self.rest.split_at(n);
        self.rest = rest;
        Some(head)
    }

    fn byte(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    fn u32(&mut self) -> Option<usize> {
        let b = self.take(4)?;
        usize::try_from(u32::from_be_bytes([b[0], b[1], b[2], b[3]])).ok()
    }

    /// A multiprecision integer (RFC 4880 3.2), as its size in bits.
    fn mpi_bits(&mut self) -> Option<usize> {
        let b = self.take(2)?;
        let declared = usize::from(u16::from_be_bytes([b[0], b[1]]));
        Some(der::integer_bits(self.take(declared.div_ceil(8))?))
    }

    /// A curve OID, written as a length octet and the OID's DER contents.
    fn curve(&mut self) -> Option<String> {
        let len = usize::from(self.byte()?);
        der::oid(self.take(len)?)
    }
}

fn parse(bytes: &[u8]) -> Option<KeyFacts> {
    let (tag, body) = first_packet(bytes)?;
    if tag != SECRET_KEY_TAG {
        return None;
    }
    let mut key = Cursor { rest: body };
    let version = key.byte()?;
    key.take(4)?; // creation time
    let algorithm = key.byte()?;
    let mut facts = match version {
        4 => public_material(&mut key, algorithm)?,
        // Versions 5 and 6 count the public material's octets first.
        5 | 6 => {
            let len = key.u32()?;
            public_material(
                &mut Cursor {
                    rest: key.take(len)?,
                },
                algorithm,
            )?
        }
        _ => return None,
    };
    // The string-to-key usage octet: 0 means the secret half is stored in the clear.
    facts.encrypted = Some(key.byte()? != 0);
    Some(facts)
}

/// The tag and body of the first packet, in the old or the new header format (RFC 4880 4.2).
fn first_packet(bytes: &[u8]) -> Option<(u8, &[u8])> {
    let mut c = Cursor { rest: bytes };
    let header = c.byte()?;
    if header & 0x80 == 0 {
        return None;
    }
    let (tag, len) = if header & 0x40 != 0 {
        let len = match c.byte()? {
            first @ 0..=191 => usize::from(first),
            first @ 192..=223 => ((usize::from(first) - 192) << 8) + usize::from(c.byte()?) + 192,
            255 => c.u32()?,
            // Partial body lengths are for streamed data, never for a key packet.
            _ => return None,
        };
        (header & 0x3f, len)
    } else {
        let len = match header & 0x03 {
            0 => usize::from(c.byte()?),
            1 => {
                let b = c.take(2)?;
                usize::from(u16::from_be_bytes([b[0], b[1]]))
            }
            2 => c.u32()?,
            // Indeterminate length: the packet runs to the end.
            _ => c.rest.len(),
        };
        ((header >> 2) & 0x0f, len)
    };
    Some((tag, c.take(len)?))
}

/// The public key fields of `algorithm` (RFC 9580 9.1 ids), consumed from `key`.
fn public_material(key: &mut Cursor<'_>, algorithm: u8) -> Option<KeyFacts> {
    let mut facts = KeyFacts::default();
    let name = match algorithm {
        1..=3 => {
            facts.bits = Some(key.mpi_bits()?);
            key.mpi_bits()?;
            "rsa"
        }
        16 | 20 => {
            facts.bits = Some(key.mpi_bits()?);
            key.mpi_bits()?;
            key.mpi_bits()?;
            "elgamal"
        }
        17 => {
            facts.bits = Some(key.mpi_bits()?);
            for _ in 0..3 {
                key.mpi_bits()?;
            }
            "dsa"
        }
        18 | 19 | 22 => {
            facts.set_curve(&key.curve()?);
            key.mpi_bits()?;
            match algorithm {
                18 => {
                    let kdf_len = usize::from(key.byte()?);
                    key.take(kdf_len)?;
                    "ecdh"
                }
                19 => "ecdsa",
                _ => "eddsa",
            }
        }
        25 => {
            key.take(32)?;
            "x25519"
        }
        26 => {
            key.take(56)?;
            "x448"
        }
        27 => {
            key.take(32)?;
            "ed25519"
        }
        28 => {
            key.take(57)?;
            "ed448"
        }
        _ => return None,
    };
    facts.extra.push(("pgp_algorithm", name.to_string()));
    Some(facts)
}

#[cfg(test)]
mod tests {
    use super::super::der::build::oid;
    use super::super::gather;
    use super::super::key::tests::pem;
    use super::*;
    use crate::rules::EvidenceFormat;

    fn mpi(bits: u16) -> Vec<u8> {
        let mut out = bits.to_be_bytes().to_vec();
        let len = usize::from(bits).div_ceil(8);
        out.push(1 << ((bits - 1) % 8));
        out.extend((1..len).map(|i| (i * 13 % 256) as u8));
        out
    }

    /// A new-format secret key packet around `body`.
    fn packet(body: &[u8]) -> Vec<u8> {
        assert!(body.len() < 8384);
        let mut out = vec![0xc0 | SECRET_KEY_TAG];
        if body.len() < 192 {
            out.push(body.len() as u8);
        } else {
            let n = body.len() - 192;
            out.extend([(n >> 8) as u8 + 192, n as u8]);
        }
        out.extend_from_slice(body);
        out
    }

    fn v4(algorithm: u8, material: &[u8], s2k_usage: u8) -> Vec<u8> {
        [
            &[4, 0x65, 0x00, 0x00, 0x00, algorithm][..],
            material,
            &[s2k_usage],
            &[0xaa; 40],
        ]
        .concat()
    }

    fn armoured(packets: &[u8]) -> String {
        pem(
            "PGP PRIVATE KEY BLOCK",
            &["Version: Test 1.0", "Comment: built by hand"],
            packets,
        )
        .replace("\n-----END", "\n=AbCd\n-----END")
    }

    #[test]
    fn an_rsa_key_in_the_clear() {
        let material = [mpi(3072), mpi(17)].concat();
        let text = armoured(&packet(&v4(1, &material, 0)));
        let e = gather(Some(EvidenceFormat::PrivateKey), text.as_bytes(), 0);
        assert_eq!(e.facts["algorithm"], "pgp");
        assert_eq!(e.facts["pgp_algorithm"], "rsa");
        assert_eq!(e.facts["key_bits"], "3072");
        assert_eq!(e.facts["encrypted"], "false");
        assert!(!e.unparsed && !e.lowers_severity);
    }

    #[test]
    fn a_passphrase_protected_eddsa_key() {
        let curve = oid("1.3.6.1.4.1.11591.15.1");
        let material = [&[curve.len() as u8 - 2][..], &curve[2..], &mpi(263)].concat();
        let text = armoured(&packet(&v4(22, &material, 254)));
        let e = gather(Some(EvidenceFormat::PrivateKey), text.as_bytes(), 0);
        assert_eq!(e.facts["pgp_algorithm"], "eddsa");
        assert_eq!(e.facts["curve"], "Ed25519");
        assert_eq!(e.facts["encrypted"], "true");
        assert!(e.lowers_severity);
    }

    #[test]
    fn a_version_6_key_and_an_old_format_header() {
        let material = [0x11u8; 32];
        let body = [
            &[6, 0x65, 0, 0, 0, 27, 0, 0, 0, 32][..],
            &material,
            &[0],
            &[0x22; 32],
        ]
        .concat();
        let facts = secret_key(&packet(&body));
        assert_eq!(facts.extra, vec![("pgp_algorithm", "ed25519".to_string())]);
        assert_eq!(facts.encrypted, Some(false));

        let dsa = v4(
            17,
            &[mpi(2048), mpi(256), mpi(2048), mpi(2048)].concat(),
            255,
        );
        let old = [
            &[0x80 | (SECRET_KEY_TAG << 2) | 1][..],
            &(dsa.len() as u16).to_be_bytes(),
            &dsa,
        ]
        .concat();
        let facts = secret_key(&old);
        assert_eq!(facts.bits, Some(2048));
        assert_eq!(facts.encrypted, Some(true));
    }

    #[test]
    fn unknown_layouts_say_only_pgp() {
        let truncated = packet(&v4(1, &mpi(2048), 0));
        for bytes in [
            &[][..],
            &[0x00],
            &[0xc5],
            &[0xc5, 0xff, 0xff, 0xff, 0xff, 0xff],
            &[0xc5, 0xe0, 1, 2],
            &truncated[..truncated.len() - 60],
            &packet(&v4(99, &[], 0)),
            &packet(&[3, 0, 0, 0, 0, 1]),
            &[0xc6, 0x01, 0x04],
        ] {
            assert_eq!(secret_key(bytes), KeyFacts::algorithm("pgp"), "{bytes:?}");
        }
    }
}
