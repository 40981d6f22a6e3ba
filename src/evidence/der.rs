//! A minimal DER reader, enough to walk the few ASN.1 structures of private key files:
//! tag-length-value triples with single-byte tags and definite lengths, every length checked
//! against the bytes that remain. It does not validate DER strictly (minimal length encodings,
//! sorted sets) nor decode anything but INTEGER sizes and OBJECT IDENTIFIERs: a key that an
//! ASN.1 library would reject may still be described, which is fine for evidence.

pub const INTEGER: u8 = 0x02;
pub const OCTET_STRING: u8 = 0x04;
pub const OID: u8 = 0x06;
pub const SEQUENCE: u8 = 0x30;
/// `[0]` constructed, context-specific: SEC1's curve parameters.
pub const CONTEXT_0: u8 = 0xa0;

/// Reads consecutive TLVs from a byte slice.
pub struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { rest: bytes }
    }

    /// The next TLV's tag and contents; None when the bytes run out or are not DER.
    pub fn read(&mut self) -> Option<(u8, &'a [u8])> {
        let (&tag, rest) = self.rest.split_first()?;
        // High tag numbers (low five bits all set) never occur in key structures.
        if tag & 0x1f == 0x1f {
            return None;
        }
        let (&first, mut rest) = rest.split_first()?;
        let len = if first < 0x80 {
            usize::from(first)
        } else {
            // 0x80 is BER's indefinite length, which DER forbids; more than four length bytes
            // would describe more than 4 GiB, more than any key file.
            let n = usize::from(first & 0x7f);
            if n == 0 || n > 4 || n > rest.len() {
                return None;
            }
            let (len_bytes, after) = rest.split_at(n);
            rest = after;
            len_bytes
                .iter()
                .fold(0usize, |acc, &b| (acc << 8) | usize::from(b))
        };
        if len > rest.len() {
            return None;
        }
        let (contents, after) = rest.split_at(len);
        self.rest = after;
        Some((tag, contents))
    }

    /// The contents of the next TLV if it has tag `tag`.
    pub fn expect(&mut self, tag: u8) -> Option<&'a [u8]> {
        match self.read()? {
            (t, contents) if t == tag => Some(contents),
            _ => None,
        }
    }
}

/// The size in bits of a non-negative INTEGER's value (leading zero bytes do not count).
pub fn integer_bits(contents: &[u8]) -> usize {
    let Some(start) = contents.iter().position(|&b| b != 0) else {
        return 0;
    };
    let significant = &contents[start..];
    significant.len() * 8 - significant[0].leading_zeros() as usize
}

/// An OBJECT IDENTIFIER's dotted form; None when the encoding is broken or an arc overflows.
pub fn oid(contents: &[u8]) -> Option<String> {
    let mut arcs: Vec<u64> = Vec::new();
    let mut value: u64 = 0;
    let mut in_arc = false;
    for &b in contents {
        if value > u64::MAX >> 7 {
            return None;
        }
        value = (value << 7) | u64::from(b & 0x7f);
        in_arc = b & 0x80 != 0;
        if !in_arc {
            arcs.push(value);
            value = 0;
        }
    }
    let (&first, rest) = arcs.split_first()?;
    if in_arc {
        return None;
    }
    // The first subidentifier packs the first two arcs as 40 * x + y, with x at most 2.
    let (x, y) = match first {
        0..=39 => (0, first),
        40..=79 => (1, first - 40),
        _ => (2, first - 80),
    };
    let mut dotted = format!("{x}.{y}");
    for arc in rest {
        dotted.push('.');
        dotted.push_str(&arc.to_string());
    }
    Some(dotted)
}

#[cfg(test)]
pub mod build {
    //! DER encoders for building test keys by hand.

    pub fn tlv(tag: u8, contents: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        let len = contents.len();
        if len < 0x80 {
            out.push(len as u8);
        } else {
            let bytes: Vec<u8> = len
                .to_be_bytes()
                .into_iter()
                .skip_while(|&b| b == 0)
                .collect();
            out.push(0x80 | bytes.len() as u8);
            out.extend(bytes);
        }
        out.extend_from_slice(contents);
        out
    }

    pub fn seq(items: &[Vec<u8>]) -> Vec<u8> {
        tlv(super::SEQUENCE, &items.concat())
    }

    /// A positive INTEGER of `bytes` magnitude bytes with the top bit set, as a modulus has.
    pub fn big_integer(bytes: usize) -> Vec<u8> {
        let mut contents = vec![0x00, 0xc5];
        contents.extend((1..bytes).map(|i| (i * 37 % 251) as u8));
        tlv(super::INTEGER, &contents)
    }

    pub fn small_integer(n: u8) -> Vec<u8> {
        tlv(super::INTEGER, &[n])
    }

    /// An OBJECT IDENTIFIER from its dotted form.
    pub fn oid(dotted: &str) -> Vec<u8> {
        let arcs: Vec<u64> = dotted.split('.').map(|a| a.parse().unwrap()).collect();
        let mut contents = Vec::new();
        for arc in std::iter::once(arcs[0] * 40 + arcs[1]).chain(arcs[2..].iter().copied()) {
            let mut groups = vec![(arc & 0x7f) as u8];
            let mut rest = arc >> 7;
            while rest > 0 {
                groups.push(0x80 | (rest & 0x7f) as u8);
                rest >>= 7;
            }
            contents.extend(groups.into_iter().rev());
        }
        tlv(super::OID, &contents)
    }
}

#[cfg(test)]
mod tests {
    use super::build::tlv;
    use super::*;

    #[test]
    fn reads_short_and_long_lengths() {
        let long = tlv(OCTET_STRING, &[7; 300]);
        assert_eq!(&long[..4], &[OCTET_STRING, 0x82, 0x01, 0x2c]);
        let both = [tlv(INTEGER, &[5]), long].concat();
        let mut r = Reader::new(&both);
        assert_eq!(r.read(), Some((INTEGER, &[5u8][..])));
        assert_eq!(r.expect(OCTET_STRING).map(<[u8]>::len), Some(300));
        assert_eq!(r.read(), None);
    }

    #[test]
    fn rejects_lengths_past_the_end() {
        for bad in [
            &[][..],
            &[SEQUENCE],
            &[SEQUENCE, 0x05, 1, 2],
            &[SEQUENCE, 0x80, 0, 0],
            &[SEQUENCE, 0x84, 0xff, 0xff, 0xff, 0xff, 0],
            &[SEQUENCE, 0x89, 1, 1, 1, 1, 1, 1, 1, 1, 1],
            &[SEQUENCE, 0x82, 0x01],
            &[0x1f, 0x01, 0x00],
        ] {
            assert_eq!(Reader::new(bad).read(), None, "{bad:?}");
        }
        assert_eq!(Reader::new(&tlv(INTEGER, &[1])).expect(SEQUENCE), None);
    }

    #[test]
    fn integer_bits_ignore_leading_zeros() {
        assert_eq!(integer_bits(&[]), 0);
        assert_eq!(integer_bits(&[0, 0]), 0);
        assert_eq!(integer_bits(&[1]), 1);
        assert_eq!(integer_bits(&[0x00, 0x80, 0x00]), 16);
        assert_eq!(integer_bits(&[0x01, 0xff]), 9);
    }

    #[test]
    fn oids_round_trip() {
        for dotted in [
            "1.2.840.113549.1.1.1",
            "1.2.840.10045.3.1.7",
            "1.3.132.0.35",
            "1.3.101.112",
            "2.999.3",
            "0.9.2342",
        ] {
            let der = super::build::oid(dotted);
            assert_eq!(oid(&der[2..]).as_deref(), Some(dotted));
        }
    }

    #[test]
    fn broken_oids_are_rejected() {
        assert_eq!(oid(&[]), None);
        assert_eq!(oid(&[0x2a, 0x86]), None);
        assert_eq!(oid(&[0xff; 12]), None);
    }
}
