//! Postal addresses: required lines, the ISO 3166-1 alpha-2 country, and the postal code
//! checked per country.

use super::countries::calling_code;
use super::{
    Validation, EMPTY, INVALID_CHARACTERS, INVALID_COUNTRY, INVALID_POSTAL_CODE, TOO_LONG,
};
use crate::fields::{self, Address, FIELDS};
use alloc::{string::String, vec::Vec};

/// The most characters of a street line, city or region.
pub const MAX_LINE: usize = 100;

/// The outcome of validating an address: the whole, and each member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressValidation {
    /// Every member is valid.
    pub valid: bool,
    /// Every member is valid or could still become valid.
    pub potentially_valid: bool,
    /// The code of the first invalid member, in the field table's order.
    pub code: Option<&'static str>,
    /// The first invalid member's name, e.g. `"postal_code"`.
    pub field: Option<&'static str>,
    /// Each member's name and result, in the field table's order
    /// ([`crate::fields::FIELDS`]).
    pub members: Vec<(&'static str, Validation)>,
}

/// Validates an address: `line1`, `city` and `country` are required; `country` is an
/// ISO 3166-1 alpha-2 code; the postal code, when given, must fit the country.
pub fn address(a: &Address) -> AddressValidation {
    let get = |m: &str| a.get(m).unwrap_or("");
    let cx = fields::Context {
        country: Some(get("country")).filter(|c| country(c).valid),
        ..fields::Context::default()
    };
    // Each member by the rule of its row in the field table.
    let members: Vec<(&'static str, Validation)> = FIELDS
        .iter()
        .filter(|f| f.group() == "address")
        .map(|f| (f.member(), f.rule.check(get(f.member()), &cx)))
        .collect();
    let first = members.iter().find(|(_, v)| !v.valid);
    AddressValidation {
        valid: first.is_none(),
        potentially_valid: members.iter().all(|(_, v)| v.potentially_valid),
        code: first.and_then(|(_, v)| v.code),
        field: first.map(|(k, _)| *k),
        members,
    }
}

/// A street line, city or region: at most [`MAX_LINE`] characters, no control
/// characters.
pub fn line(value: &str, required: bool) -> Validation {
    let s = value.trim();
    if s.is_empty() {
        return if required {
            Validation::invalid(EMPTY, true)
        } else {
            Validation::VALID
        };
    }
    if s.len() > MAX_LINE * 4 || super::char_count(s) > MAX_LINE {
        return Validation::invalid(TOO_LONG, false);
    }
    if s.chars().any(char::is_control) {
        return Validation::invalid(INVALID_CHARACTERS, false);
    }
    Validation::VALID
}

/// Validates an ISO 3166-1 alpha-2 country code, in either case.
pub fn country(value: &str) -> Validation {
    let s = value.trim();
    if s.is_empty() {
        Validation::invalid(EMPTY, true)
    } else if calling_code(s).is_some() {
        Validation::VALID
    } else {
        Validation::invalid(
            INVALID_COUNTRY,
            s.len() == 1 && s.bytes().all(|b| b.is_ascii_alphabetic()),
        )
    }
}

/// The country code in upper case, e.g. `"ID"`, or why it is not valid.
pub fn normalize_country(value: &str) -> Result<String, Validation> {
    let v = country(value);
    if !v.valid {
        return Err(v);
    }
    Ok(value.trim().to_ascii_uppercase())
}

/// A country's postal code rule: patterns over the code without spaces and dashes
/// (`n` a digit, `d` a digit 1–9, `a` a letter, anything else itself), and where the
/// separator goes in the normalised form (counted from the end when negative).
struct Rule {
    country: &'static str,
    patterns: &'static [&'static str],
    sep: Option<(char, i8)>,
}

/// The countries whose postal codes are checked, one row each (the national formats, as
/// Google's address data, libaddressinput, gives them; the first digit where the
/// national post has no codes starting 0). Elsewhere any letters, digits, spaces and
/// dashes pass. The test below has examples for every row.
#[rustfmt::skip]
static RULES: &[Rule] = &[
    Rule { country: "AU", patterns: &["nnnn"], sep: None },
    Rule { country: "BR", patterns: &["nnnnnnnn"], sep: Some(('-', 5)) },
    Rule { country: "CA", patterns: &["ananan"], sep: Some((' ', 3)) },
    Rule { country: "DE", patterns: &["nnnnn"], sep: None },
    Rule { country: "FR", patterns: &["nnnnn"], sep: None },
    // Outward code (A9, A99, AA9, AA99, A9A, AA9A), then inward code 9AA.
    Rule {
        country: "GB",
        patterns: &["annaa", "annnaa", "aannaa", "aannnaa", "ananaa", "aananaa", "GIR0AA"],
        sep: Some((' ', -3)),
    },
    // Indonesia: 5 digits, 10110 (Jakarta) to 99xxx (Papua); none starts with 0.
    Rule { country: "ID", patterns: &["dnnnn"], sep: None },
    Rule { country: "IN", patterns: &["dnnnnn"], sep: None },
    Rule { country: "JP", patterns: &["nnnnnnn"], sep: Some(('-', 3)) },
    Rule { country: "MY", patterns: &["nnnnn"], sep: None },
    Rule { country: "NL", patterns: &["dnnnaa"], sep: Some((' ', 4)) },
    Rule { country: "SG", patterns: &["nnnnnn"], sep: None },
    Rule { country: "US", patterns: &["nnnnn", "nnnnnnnnn"], sep: Some(('-', 5)) },
];

/// The most characters of a postal code anywhere, separators included.
const MAX_POSTAL: usize = 12;

/// Validates a postal code for `country` (alpha-2, any case). An empty postal code is
/// valid: not every country has them. For the countries in the rule table the code must
/// match the national format; elsewhere letters, digits, spaces and dashes are allowed.
pub fn postal_code(value: &str, country: Option<&str>) -> Validation {
    match postal(value, country) {
        Ok(_) => Validation::VALID,
        Err(v) => v,
    }
}

/// The postal code in its national form (`"12345-6789"`, `"SW1A 1AA"`, `"1234 AB"`),
/// or why it is not valid. An empty postal code gives an empty string.
pub fn normalize_postal_code(value: &str, country: Option<&str>) -> Result<String, Validation> {
    let s = value.trim();
    let (rule, len) = postal(value, country)?;
    let mut out = String::with_capacity(s.len() + 1);
    let sep = rule.and_then(|r| r.sep).and_then(|(c, at)| {
        let at = if at < 0 {
            len as isize + isize::from(at)
        } else {
            isize::from(at)
        };
        // US ZIP+4: the dash only when there are four more digits.
        (at > 0 && (at as usize) < len).then_some((c, at as usize))
    });
    let mut i = 0;
    for c in s.chars() {
        let keep = rule.is_none() || c.is_ascii_alphanumeric();
        if !keep {
            continue;
        }
        if sep.is_some_and(|(_, at)| at == i) {
            out.extend(sep.map(|(c, _)| c));
        }
        out.push(c.to_ascii_uppercase());
        i += 1;
    }
    Ok(out)
}

/// Checks a postal code; gives the country's rule (if it has one) and the number of
/// letters and digits.
fn postal(
    value: &str,
    country: Option<&str>,
) -> Result<(Option<&'static Rule>, usize), Validation> {
    let s = value.trim();
    if s.len() > MAX_POSTAL {
        return Err(Validation::invalid(INVALID_POSTAL_CODE, false));
    }
    if !s
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b' ' || b == b'-')
    {
        return Err(Validation::invalid(INVALID_POSTAL_CODE, false));
    }
    let compact = || s.bytes().filter(u8::is_ascii_alphanumeric);
    let len = compact().count();
    if len == 0 {
        return if s.is_empty() {
            Ok((None, 0))
        } else {
            Err(Validation::invalid(INVALID_POSTAL_CODE, false))
        };
    }
    let rule = country.and_then(|c| {
        RULES
            .iter()
            .find(|r| r.country.eq_ignore_ascii_case(c.trim()))
    });
    let Some(rule) = rule else {
        return Ok((None, len));
    };
    let fits = |p: &str, prefix_only: bool| {
        (if prefix_only {
            len < p.len()
        } else {
            len == p.len()
        }) && compact().zip(p.bytes()).all(|(c, k)| match k {
            b'n' => c.is_ascii_digit(),
            b'd' => matches!(c, b'1'..=b'9'),
            b'a' => c.is_ascii_alphabetic(),
            _ => c.to_ascii_uppercase() == k,
        })
    };
    if rule.patterns.iter().any(|p| fits(p, false)) {
        Ok((Some(rule), len))
    } else {
        Err(Validation::invalid(
            INVALID_POSTAL_CODE,
            rule.patterns.iter().any(|p| fits(p, true)),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every row of [`RULES`]: a code that passes (as typed, and normalised) and one that
    /// does not.
    #[test]
    fn every_rule_has_examples() {
        #[rustfmt::skip]
        let examples: &[(&str, &str, &str, &str)] = &[
            ("AU", "2000", "2000", "200"),
            ("BR", "01310100", "01310-100", "0131010"),
            ("CA", "k1a 0b1", "K1A 0B1", "K1A 0B"),
            ("DE", "01067", "01067", "1067"),
            ("FR", "75008", "75008", "7500A"),
            ("GB", "sw1a2aa", "SW1A 2AA", "SW1A"),
            ("ID", "10110", "10110", "01110"),
            ("IN", "110001", "110001", "010001"),
            ("JP", "1000001", "100-0001", "100-001"),
            ("MY", "01000", "01000", "1000"),
            ("NL", "1012ab", "1012 AB", "0123 AB"),
            ("SG", "018956", "018956", "01895"),
            ("US", "627041234", "62704-1234", "6270"),
        ];
        let countries: Vec<&str> = RULES.iter().map(|r| r.country).collect();
        let listed: Vec<&str> = examples.iter().map(|e| e.0).collect();
        assert_eq!(countries, listed);
        for &(c, good, normal, bad) in examples {
            assert!(postal_code(good, Some(c)).valid, "{c} {good}");
            assert_eq!(normalize_postal_code(good, Some(c)).as_deref(), Ok(normal));
            assert_eq!(
                postal_code(bad, Some(c)).code,
                Some(INVALID_POSTAL_CODE),
                "{c} {bad}"
            );
        }
    }
}
