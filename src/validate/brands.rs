//! Card brands as data: one row per brand (docs/DESIGN.md §3). Adding a brand is adding a row.
//!
//! Ranges come from the networks' and processors' public IIN tables and are at parity
//! with braintree's credit-card-type 10.3 (`dist/lib/card-types.js`, the npm package,
//! which card-validator 10 uses too); tests/node/brands.test.mjs checks that on numbers
//! made from its data. The deliberate differences, each said at its row and listed in
//! that test:
//! - RuPay (NPCI's ranges) is ours only; credit-card-type reads those numbers as Maestro
//!   or Discover.
//! - Verve has Interswitch's whole blocks (506099–506198, 507865–507964, 650002–650027);
//!   credit-card-type lists some BINs inside them and leaves the rest to Maestro and
//!   Discover.
//! - Hipercard also has its 19-digit 3841 BINs, Diners Club there.
//! - GPN (9360) is ours only; credit-card-type knows no number starting 9360.
//! - Diners Club also has 3095, which credit-card-type leaves unmatched.
//! - Lengths: Visa also 13 digits, Discover also 17 and 18, Hipercard also 19.
//! - Where credit-card-type lists one BIN under two brands at the same width (Elo's
//!   650901–650978 holds Troy's 650923), it picks by the order of its list; here the
//!   table has no such overlap, and the BIN goes to the brand credit-card-type picks.
//!
//! Where two brands claim the same digits, the longer prefix wins; the table is kept
//! free of equal-width overlaps (a test checks it), so the winner is never a matter of
//! row order. A number that no range matches is of the [`UNKNOWN`] brand: valid when
//! its length and Luhn check are, as it is for the processor to decline a card it does
//! not take.

/// One card brand.
#[derive(Debug)]
pub struct Brand {
    /// kebab-case id used across the JS ecosystem, e.g. `american-express`
    pub id: &'static str,
    /// the name shoppers know it by, e.g. `American Express` (credit-card-type's
    /// `niceType`)
    pub name: &'static str,
    /// IIN prefixes as inclusive ranges of equal-width decimal prefixes, stored as
    /// `(lo, hi - lo)` (written `(lo, hi)` in the table, through [`spans`]): `(2221, 499)`
    /// covers every number starting 2221 … 2720
    pub ranges: &'static [(u32, u32)],
    /// valid lengths as a bit set, bit `n` for `n` digits: [`bits`]`(&[16, 19])`
    pub lengths: u32,
    /// where a space goes when formatting, bit `n` for a space after `n` digits:
    /// [`bits`]`(&[4, 8, 12])`
    pub gaps: u32,
    /// name of the security code, e.g. `CVV`
    pub code_name: &'static str,
    /// length of the security code
    pub code_len: u8,
    /// whether the Luhn check applies
    pub luhn: bool,
}

impl Brand {
    /// The most digits a number of this brand has.
    pub fn max_len(&self) -> usize {
        (32 - self.lengths.leading_zeros() as usize).saturating_sub(1)
    }

    /// The fewest digits a number of this brand has.
    pub fn min_len(&self) -> usize {
        self.lengths.trailing_zeros() as usize
    }

    /// Whether a number of this brand can have `n` digits.
    pub fn has_len(&self, n: usize) -> bool {
        n < 32 && self.lengths >> n & 1 == 1
    }
}

/// Turns the table's ranges, written `(lo, hi)`, into the stored `(lo, hi - lo)`: a
/// single BIN is then `(lo, 0)`, which compresses better in the wasm (about 100 bytes of
/// gzip over the table). A range written backwards does not compile.
pub const fn spans<const N: usize>(mut r: [(u32, u32); N]) -> [(u32, u32); N] {
    let mut i = 0;
    while i < N {
        r[i].1 -= r[i].0;
        i += 1;
    }
    r
}

/// The bit set of small numbers (lengths, gap positions): `bits(&[16, 19])` has bits 16
/// and 19 set.
pub const fn bits(list: &[u8]) -> u32 {
    let mut set = 0;
    let mut i = 0;
    while i < list.len() {
        set |= 1 << list[i];
        i += 1;
    }
    set
}

const G4: u32 = bits(&[4, 8, 12]);
const L16: u32 = bits(&[16]);
const L16_19: u32 = bits(&[16, 17, 18, 19]);
const L12_19: u32 = bits(&[12, 13, 14, 15, 16, 17, 18, 19]);

/// The brand of a number that no range of [`BRANDS`] matches (`"unknown"`): any length of
/// 12 to 19 digits, with the Luhn check. Not in [`BRANDS`], so `brands()` does not list
/// it and [`by_id`] does not find it (the security code is then 3 or 4 digits).
pub static UNKNOWN: Brand = Brand {
    id: "unknown",
    name: "",
    ranges: &[],
    lengths: L12_19,
    gaps: G4,
    code_name: "CVV",
    code_len: 3,
    luhn: true,
};

/// The brand table.
pub static BRANDS: &[Brand] = &[
    Brand {
        id: "visa",
        name: "Visa",
        ranges: &spans([(4, 4)]),
        // 13 digits (not in credit-card-type): older cards still in circulation and in
        // processors' test sets.
        lengths: bits(&[13, 16, 18, 19]),
        gaps: G4,
        code_name: "CVV",
        code_len: 3,
        luhn: true,
    },
    Brand {
        id: "mastercard",
        name: "Mastercard",
        ranges: &spans([(51, 55), (2221, 2720)]),
        lengths: L16,
        gaps: G4,
        code_name: "CVC",
        code_len: 3,
        luhn: true,
    },
    Brand {
        id: "american-express",
        name: "American Express",
        ranges: &spans([(34, 34), (37, 37)]),
        lengths: bits(&[15]),
        gaps: bits(&[4, 10]),
        code_name: "CID",
        code_len: 4,
        luhn: true,
    },
    Brand {
        id: "diners-club",
        name: "Diners Club",
        // 3095: Diners Club International's (Discover's IIN table); not in
        // credit-card-type.
        ranges: &spans([(300, 305), (3095, 3095), (36, 36), (38, 39)]),
        lengths: bits(&[14, 16, 19]),
        gaps: bits(&[4, 10]),
        code_name: "CVV",
        code_len: 3,
        luhn: true,
    },
    Brand {
        id: "discover",
        name: "Discover",
        ranges: &spans([(6011, 6011), (644, 649), (65, 65)]),
        // 16 to 19 digits, as Discover's IIN table says; credit-card-type has 16 and 19.
        lengths: L16_19,
        gaps: G4,
        code_name: "CID",
        code_len: 3,
        luhn: true,
    },
    Brand {
        id: "jcb",
        name: "JCB",
        ranges: &spans([(1800, 1800), (2131, 2131), (3528, 3589)]),
        lengths: L16_19,
        gaps: G4,
        code_name: "CVV",
        code_len: 3,
        luhn: true,
    },
    Brand {
        id: "unionpay",
        name: "UnionPay",
        ranges: &spans([
            (620, 620),
            (62100, 62182),
            (62184, 62197),
            (62200, 62205),
            (62207, 62209),
            (622010, 622999),
            (623, 626),
            (6270, 6270),
            (6272, 6272),
            (6276, 6276),
            (627700, 627779),
            (627781, 627799),
            (6282, 6289),
            (6291, 6292),
            (810, 810),
            (8110, 8171),
        ]),
        lengths: bits(&[14, 15, 16, 17, 18, 19]),
        gaps: G4,
        code_name: "CVN",
        code_len: 3,
        // Some UnionPay cards do not pass Luhn; the issuer checks the number.
        luhn: false,
    },
    Brand {
        id: "maestro",
        name: "Maestro",
        // Mastercard's Maestro ranges, as credit-card-type has them, with its catch-all
        // `6` (every 6… number no other row claims), less the BINs of Verve and RuPay
        // (split around them). Elo's and Troy's BINs win by their longer prefixes.
        ranges: &spans([
            (493698, 493698),
            (500000, 504174),
            (504176, 506098),
            (506199, 506698),
            (506779, 507864),
            (507965, 508499),
            (56, 59),
            (6, 6),
        ]),
        lengths: L12_19,
        gaps: G4,
        code_name: "CVC",
        code_len: 3,
        luhn: true,
    },
    Brand {
        id: "mir",
        name: "Mir",
        ranges: &spans([(2200, 2204)]),
        lengths: L16_19,
        gaps: G4,
        code_name: "CVP2",
        code_len: 3,
        luhn: true,
    },
    Brand {
        id: "elo",
        name: "Elo",
        ranges: &spans([
            (401178, 401179),
            (431274, 431274),
            (438935, 438935),
            (451416, 451416),
            (457393, 457393),
            (457631, 457632),
            (504175, 504175),
            (506699, 506778),
            (509000, 509999),
            (627780, 627780),
            (636297, 636297),
            (636368, 636368),
            (650031, 650033),
            (650035, 650051),
            (650405, 650439),
            (650485, 650538),
            (650541, 650598),
            (650700, 650718),
            (650720, 650727),
            // Less Troy's 650923.
            (650901, 650922),
            (650924, 650978),
            (651652, 651679),
            (655000, 655019),
            (655021, 655058),
        ]),
        lengths: L16,
        gaps: G4,
        code_name: "CVE",
        code_len: 3,
        luhn: true,
    },
    Brand {
        id: "hiper",
        name: "Hiper",
        ranges: &spans([
            (637095, 637095),
            (637568, 637568),
            (637599, 637599),
            (637609, 637609),
            (637612, 637612),
            (63737423, 63737423),
            (63743358, 63743358),
        ]),
        lengths: L16,
        gaps: G4,
        code_name: "CVC",
        code_len: 3,
        luhn: true,
    },
    Brand {
        id: "hipercard",
        name: "Hipercard",
        // 3841…: Hipercard's 19-digit BINs (credit-card-type has 606282 only and reads
        // them as Diners Club).
        ranges: &spans([
            (384100, 384100),
            (384140, 384140),
            (384160, 384160),
            (606282, 606282),
        ]),
        lengths: bits(&[16, 19]),
        gaps: G4,
        code_name: "CVC",
        code_len: 3,
        luhn: true,
    },
    Brand {
        id: "troy",
        name: "Troy",
        // credit-card-type's list: BKM's 9792 and its BINs in Discover's 65 (Discover
        // Global Network). 650923 is also in Elo's 650901–650978; it is Troy's here, as
        // credit-card-type picks it.
        #[rustfmt::skip]
        ranges: &spans([
            (9792, 9792), (650052, 650052), (650082, 650083), (650092, 650092),
            (650161, 650161), (650170, 650170), (650173, 650173), (650175, 650175),
            (650268, 650268), (650271, 650271), (650273, 650274), (650456, 650457),
            (650836, 650836), (650846, 650850), (650923, 650923), (650987, 650987),
            (650990, 650990), (654997, 654997), (657366, 657366), (657998, 657998),
            (658758, 658758), (658767, 658768), (65083700, 65083704), (65085800, 65085804),
            (65085900, 65085901), (65086000, 65086000), (65086100, 65086105),
            (65086200, 65086203), (65875000, 65875003), (65875009, 65875009),
            (65875101, 65875104), (65875200, 65875200), (65875501, 65875501),
            (65875601, 65875601), (65875900, 65875900), (65876000, 65876002),
            (65876100, 65876103), (65876110, 65876110), (65876115, 65876116),
            (65876200, 65876201), (65876500, 65876500), (65876504, 65876505),
            (65876600, 65876602), (65877100, 65877101), (65877600, 65877602),
            (65877700, 65877700), (65877801, 65877802), (65878200, 65878202),
            (65878300, 65878311), (65878400, 65878405), (65878500, 65878505),
            (65878600, 65878601), (65879800, 65879800), (65880800, 65880800),
            (65880900, 65880900),
        ]),
        lengths: L16,
        gaps: G4,
        code_name: "CVV",
        code_len: 3,
        luhn: true,
    },
    Brand {
        id: "verve",
        name: "Verve",
        // Interswitch's blocks; credit-card-type lists only some BINs of the first two
        // (the rest Maestro) and reads the third as Discover.
        ranges: &spans([(506099, 506198), (507865, 507964), (650002, 650027)]),
        lengths: bits(&[16, 18, 19]),
        gaps: G4,
        code_name: "CVV",
        code_len: 3,
        luhn: true,
    },
    Brand {
        id: "rupay",
        name: "RuPay",
        // NPCI's RuPay BINs (not in credit-card-type, which reads them as Maestro and
        // Discover). The RuPay–JCB co-brands (353, 356) fall inside JCB's 3528–3589 and
        // are routed as JCB, so they are left to that row.
        ranges: &spans([
            (508500, 508999),
            (606985, 607984),
            (608001, 608500),
            (652150, 653149),
        ]),
        lengths: L16,
        gaps: G4,
        code_name: "CVV",
        code_len: 3,
        luhn: true,
    },
    Brand {
        id: "naranja",
        name: "Naranja",
        // Tarjeta Naranja (Argentina), from credit-card-type.
        ranges: &spans([(402918, 402918), (527572, 527572), (589562, 589562)]),
        lengths: L16,
        gaps: G4,
        code_name: "CVV",
        code_len: 3,
        luhn: true,
    },
    Brand {
        id: "gpn",
        name: "GPN",
        // Indonesia's national debit scheme (Gerbang Pembayaran Nasional). BSN, the
        // national standards body, runs Indonesia's IIN registry and issues national
        // IINs of 8 digits: 9 (ISO/IEC 7812's national numbering), 360 (Indonesia's ISO
        // 3166 numeric code), then 4 digits for the institution, `9360 BBBB` (BSN's IIN
        // registry, "Apa itu IIN Nasional?"). credit-card-type 10.3 and card-validator
        // 10.0.4 (which uses credit-card-type's data) have no GPN and match no 9360
        // number. Lengths 16, 18 and 19 with the Luhn check, as issue 12 gives them (the
        // registry gives the IIN, not the card number's length). The row is the national
        // range only: a GPN card numbered in another range is read by that range.
        ranges: &spans([(9360, 9360)]),
        lengths: bits(&[16, 18, 19]),
        gaps: G4,
        code_name: "CVV",
        code_len: 3,
        luhn: true,
    },
];

/// The longest number of any brand: no card number has more digits.
pub const MAX_LEN: usize = 19;

/// The widest IIN prefix in the table.
const MAX_WIDTH: usize = 8;

/// Looks up the brand of a (possibly partial) number from its leading ASCII digits;
/// anything after the first non-digit is ignored. Only the first eight digits matter.
///
/// The brand, once it is known: the most specific range that the digits fully match;
/// while no range is complete, the only brand the digits can still become; [`UNKNOWN`]
/// when they can become none. `None` while several brands are still possible.
pub fn lookup(digits: &[u8]) -> Option<&'static Brand> {
    let n = digits
        .iter()
        .take(MAX_WIDTH)
        .take_while(|b| b.is_ascii_digit())
        .count();
    // Prefix values for every width 1..=n (p[w] = value of the first w digits).
    let mut p = [0u32; MAX_WIDTH + 1];
    for (i, &d) in digits.iter().take(n).enumerate() {
        p[i + 1] = p[i] * 10 + u32::from(d - b'0');
    }
    let mut best: Option<(&'static Brand, usize)> = None;
    let mut only: Option<&'static Brand> = None;
    let mut several = false;
    for b in BRANDS {
        for &(lo, span) in b.ranges {
            let hi = lo + span;
            let w = width(lo);
            let hit = if n >= w {
                let v = p[w];
                lo <= v && v <= hi
            } else {
                // Still possible if some continuation of the digits lands in the range.
                let d = 10u32.pow((w - n) as u32);
                lo / d <= p[n] && p[n] <= hi / d
            };
            if !hit {
                continue;
            }
            if n >= w && best.is_none_or(|(_, bw)| w > bw) {
                best = Some((b, w));
            }
            match only {
                Some(o) if !core::ptr::eq(o, b) => several = true,
                _ => only = Some(b),
            }
        }
    }
    match (best, only) {
        (Some((b, _)), _) => Some(b),
        (None, None) => Some(&UNKNOWN),
        _ if several => None,
        _ => only,
    }
}

/// The brand of a (possibly partial) digit string, once it is known; [`UNKNOWN`] when it
/// is of no brand in the table.
pub fn detect(digits: &str) -> Option<&'static Brand> {
    lookup(digits.as_bytes())
}

/// The row for a brand id such as `"visa"`.
pub fn by_id(id: &str) -> Option<&'static Brand> {
    BRANDS.iter().find(|b| b.id == id)
}

fn width(mut n: u32) -> usize {
    let mut w = 1;
    while n >= 10 {
        n /= 10;
        w += 1;
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_equal_width_overlaps_between_brands() {
        for (i, a) in BRANDS.iter().enumerate() {
            for b in &BRANDS[i + 1..] {
                for &(alo, aspan) in a.ranges {
                    for &(blo, bspan) in b.ranges {
                        let (ahi, bhi) = (alo + aspan, blo + bspan);
                        let same = width(alo) == width(blo);
                        assert!(
                            !(same && alo <= bhi && blo <= ahi),
                            "{} / {}: {alo}-{ahi} vs {blo}-{bhi}",
                            a.id,
                            b.id
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn rows_are_well_formed() {
        for b in BRANDS.iter().chain([&UNKNOWN]) {
            for &(lo, span) in b.ranges {
                let hi = lo + span;
                assert_eq!(width(lo), width(hi), "{}", b.id);
                assert!(lo <= hi && width(lo) <= MAX_WIDTH, "{}", b.id);
            }
            assert!(b.min_len() >= 12 && b.max_len() <= MAX_LEN, "{}", b.id);
            assert!(b.has_len(b.min_len()) && b.has_len(b.max_len()), "{}", b.id);
            assert!(!b.has_len(b.max_len() + 1) && !b.has_len(40), "{}", b.id);
            assert!(b.gaps != 0 && b.gaps >> b.max_len() == 0, "{}", b.id);
            assert!(b.code_len == 3 || b.code_len == 4, "{}", b.id);
        }
        for b in BRANDS {
            assert!(!b.name.is_empty() && b.name.trim() == b.name, "{}", b.id);
            assert!(!b.ranges.is_empty(), "{}", b.id);
        }
        assert_eq!(BRANDS.iter().map(Brand::max_len).max(), Some(MAX_LEN));
        assert_eq!(bits(&[13, 16, 18, 19]), 0b1101_0010_0000_0000_0000);
        for (i, b) in BRANDS.iter().enumerate() {
            assert!(
                BRANDS[i + 1..]
                    .iter()
                    .all(|o| o.id != b.id && o.name != b.name),
                "{}",
                b.id
            );
        }
    }
}
