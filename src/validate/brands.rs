//! Card brands as data: one row per brand (STYLE §4). Adding a brand is adding a row.
//!
//! Ranges come from the networks' and processors' public IIN tables, cross-checked with
//! braintree/credit-card-type (`src/lib/card-types.ts`). Where two brands claim the same
//! digits, the longer prefix wins; the table is kept free of equal-width overlaps (a
//! test checks it), so the winner is never a matter of row order.

/// One card brand.
#[derive(Debug)]
pub struct Brand {
    /// kebab-case id used across the JS ecosystem, e.g. `american-express`
    pub id: &'static str,
    /// the name shoppers know it by, e.g. `American Express` (credit-card-type's
    /// `niceType`)
    pub name: &'static str,
    /// IIN prefixes as inclusive ranges of equal-width decimal prefixes: `(2221, 2720)`
    /// covers every number starting 2221 … 2720
    pub ranges: &'static [(u32, u32)],
    /// valid lengths, ascending
    pub lengths: &'static [u8],
    /// digit positions after which a space goes when formatting
    pub gaps: &'static [u8],
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
        self.lengths.last().map_or(0, |&l| usize::from(l))
    }
}

const G4: &[u8] = &[4, 8, 12];
const L16: &[u8] = &[16];
const L16_19: &[u8] = &[16, 17, 18, 19];

/// The brand table.
pub static BRANDS: &[Brand] = &[
    Brand {
        id: "visa",
        name: "Visa",
        ranges: &[(4, 4)],
        // 13 digits: older cards still in circulation and in processors' test sets.
        lengths: &[13, 16, 18, 19],
        gaps: G4,
        code_name: "CVV",
        code_len: 3,
        luhn: true,
    },
    Brand {
        id: "mastercard",
        name: "Mastercard",
        ranges: &[(51, 55), (2221, 2720)],
        lengths: L16,
        gaps: G4,
        code_name: "CVC",
        code_len: 3,
        luhn: true,
    },
    Brand {
        id: "american-express",
        name: "American Express",
        ranges: &[(34, 34), (37, 37)],
        lengths: &[15],
        gaps: &[4, 10],
        code_name: "CID",
        code_len: 4,
        luhn: true,
    },
    Brand {
        id: "diners-club",
        name: "Diners Club",
        ranges: &[(300, 305), (3095, 3095), (36, 36), (38, 39)],
        lengths: &[14, 16, 19],
        gaps: &[4, 10],
        code_name: "CVV",
        code_len: 3,
        luhn: true,
    },
    Brand {
        id: "discover",
        name: "Discover",
        ranges: &[(6011, 6011), (644, 649), (65, 65)],
        lengths: L16_19,
        gaps: G4,
        code_name: "CID",
        code_len: 3,
        luhn: true,
    },
    Brand {
        id: "jcb",
        name: "JCB",
        ranges: &[(1800, 1800), (2131, 2131), (3528, 3589)],
        lengths: L16_19,
        gaps: G4,
        code_name: "CVV",
        code_len: 3,
        luhn: true,
    },
    Brand {
        id: "unionpay",
        name: "UnionPay",
        ranges: &[
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
        ],
        lengths: &[14, 15, 16, 17, 18, 19],
        gaps: G4,
        code_name: "CVN",
        code_len: 3,
        // Some UnionPay cards do not pass Luhn; the issuer checks the number.
        luhn: false,
    },
    Brand {
        id: "maestro",
        name: "Maestro",
        // Mastercard's Maestro ranges, less the BINs that belong to Elo, Verve and
        // RuPay (split around them).
        ranges: &[
            (493698, 493698),
            (500000, 504174),
            (504176, 506098),
            (506199, 506698),
            (506779, 507864),
            (507965, 508499),
            (56, 59),
            (63, 63),
            (67, 67),
        ],
        lengths: &[12, 13, 14, 15, 16, 17, 18, 19],
        gaps: G4,
        code_name: "CVC",
        code_len: 3,
        luhn: true,
    },
    Brand {
        id: "mir",
        name: "Mir",
        ranges: &[(2200, 2204)],
        lengths: L16_19,
        gaps: G4,
        code_name: "CVP2",
        code_len: 3,
        luhn: true,
    },
    Brand {
        id: "elo",
        name: "Elo",
        ranges: &[
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
            (650901, 650978),
            (651652, 651679),
            (655000, 655019),
            (655021, 655058),
        ],
        lengths: L16,
        gaps: G4,
        code_name: "CVE",
        code_len: 3,
        luhn: true,
    },
    Brand {
        id: "hiper",
        name: "Hiper",
        ranges: &[
            (637095, 637095),
            (637568, 637568),
            (637599, 637599),
            (637609, 637609),
            (637612, 637612),
            (63737423, 63737423),
            (63743358, 63743358),
        ],
        lengths: L16,
        gaps: G4,
        code_name: "CVC",
        code_len: 3,
        luhn: true,
    },
    Brand {
        id: "hipercard",
        name: "Hipercard",
        ranges: &[
            (384100, 384100),
            (384140, 384140),
            (384160, 384160),
            (606282, 606282),
        ],
        lengths: &[16, 19],
        gaps: G4,
        code_name: "CVC",
        code_len: 3,
        luhn: true,
    },
    Brand {
        id: "troy",
        name: "Troy",
        ranges: &[(9792, 9792)],
        lengths: L16,
        gaps: G4,
        code_name: "CVV",
        code_len: 3,
        luhn: true,
    },
    Brand {
        id: "verve",
        name: "Verve",
        ranges: &[(506099, 506198), (507865, 507964), (650002, 650027)],
        lengths: &[16, 18, 19],
        gaps: G4,
        code_name: "CVV",
        code_len: 3,
        luhn: true,
    },
    Brand {
        id: "rupay",
        name: "RuPay",
        // NPCI's RuPay BINs. The RuPay–JCB co-brands (353, 356) fall inside JCB's
        // 3528–3589 and are routed as JCB, so they are left to that row.
        ranges: &[
            (508500, 508999),
            (606985, 607984),
            (608001, 608500),
            (652150, 653149),
        ],
        lengths: L16,
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

/// What the leading digits of a number say about its brand.
#[derive(Debug, Clone, Copy)]
pub struct Lookup {
    /// The brand, once it is known: the most specific range that the digits fully
    /// match; or, while no range is complete, the only brand the digits can still
    /// become.
    pub brand: Option<&'static Brand>,
    /// Whether any brand is still possible.
    pub possible: bool,
}

/// Looks up the brand of a (possibly partial) number from its leading ASCII digits;
/// anything after the first non-digit is ignored. Only the first eight digits matter.
pub fn lookup(digits: &[u8]) -> Lookup {
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
        for &(lo, hi) in b.ranges {
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
    Lookup {
        brand: best.map(|(b, _)| b).or(if several { None } else { only }),
        possible: only.is_some(),
    }
}

/// The brand of a (possibly partial) digit string, once it is known.
pub fn detect(digits: &str) -> Option<&'static Brand> {
    lookup(digits.as_bytes()).brand
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
                for &(alo, ahi) in a.ranges {
                    for &(blo, bhi) in b.ranges {
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
        for b in BRANDS {
            for &(lo, hi) in b.ranges {
                assert_eq!(width(lo), width(hi), "{}", b.id);
                assert!(lo <= hi && width(lo) <= MAX_WIDTH, "{}", b.id);
            }
            assert!(!b.name.is_empty() && b.name.trim() == b.name, "{}", b.id);
            assert!(b.lengths.windows(2).all(|w| w[0] < w[1]), "{}", b.id);
            assert!(b.max_len() <= MAX_LEN, "{}", b.id);
            assert!(
                b.gaps.iter().all(|&g| usize::from(g) < b.max_len()),
                "{}",
                b.id
            );
        }
        assert_eq!(BRANDS.iter().map(Brand::max_len).max(), Some(MAX_LEN));
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
