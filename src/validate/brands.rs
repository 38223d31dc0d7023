//! Card brands as data: one row per brand.

/// One card brand.
#[derive(Debug)]
pub struct Brand {
    /// kebab-case id used across the JS ecosystem, e.g. `american-express`
    pub id: &'static str,
    /// IIN prefixes as inclusive ranges of equal-length decimal prefixes
    pub ranges: &'static [(u32, u32)],
    /// valid lengths, ascending
    pub lengths: &'static [u8],
    /// where spaces go when formatting
    pub gaps: &'static [u8],
    /// name of the security code, e.g. `CVV`
    pub code_name: &'static str,
    /// length of the security code
    pub code_len: u8,
    /// whether the Luhn check applies
    pub luhn: bool,
}

/// The brand table. The most specific (longest) matching prefix wins.
pub static BRANDS: &[Brand] = &[
    Brand { id: "visa", ranges: &[(4, 4)], lengths: &[13, 16, 19], gaps: &[4, 8, 12], code_name: "CVV", code_len: 3, luhn: true },
    Brand { id: "mastercard", ranges: &[(51, 55), (2221, 2720)], lengths: &[16], gaps: &[4, 8, 12], code_name: "CVC", code_len: 3, luhn: true },
    Brand { id: "american-express", ranges: &[(34, 34), (37, 37)], lengths: &[15], gaps: &[4, 10], code_name: "CID", code_len: 4, luhn: true },
];

/// The brand of a (possibly partial) digit string, once it is known.
pub fn detect(digits: &str) -> Option<&'static Brand> {
    let mut best: Option<(&'static Brand, usize)> = None;
    for b in BRANDS {
        for &(lo, hi) in b.ranges {
            let width = decimal_width(lo);
            let Some(prefix) = digits.get(..width) else {
                continue;
            };
            let Ok(p) = prefix.parse::<u32>() else {
                continue;
            };
            if (lo..=hi).contains(&p) && best.is_none_or(|(_, w)| width > w) {
                best = Some((b, width));
            }
        }
    }
    best.map(|(b, _)| b)
}

fn decimal_width(mut n: u32) -> usize {
    let mut w = 1;
    while n >= 10 {
        n /= 10;
        w += 1;
    }
    w
}
