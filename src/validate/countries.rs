//! ISO 3166-1 alpha-2 country codes with their ITU-T E.164 calling codes: one table
//! serves both the address's country check and the phone number's default country.

/// `(alpha-2 code, calling code)`, sorted by code. Territories without telephone
/// service of their own carry the code of the country that serves them. `XK` (Kosovo)
/// is user-assigned but used by processors and banks.
#[rustfmt::skip]
pub(crate) static COUNTRIES: &[([u8; 2], u16)] = &[
    (*b"AD", 376), (*b"AE", 971), (*b"AF", 93), (*b"AG", 1), (*b"AI", 1), (*b"AL", 355),
    (*b"AM", 374), (*b"AO", 244), (*b"AQ", 672), (*b"AR", 54), (*b"AS", 1), (*b"AT", 43),
    (*b"AU", 61), (*b"AW", 297), (*b"AX", 358), (*b"AZ", 994), (*b"BA", 387), (*b"BB", 1),
    (*b"BD", 880), (*b"BE", 32), (*b"BF", 226), (*b"BG", 359), (*b"BH", 973), (*b"BI", 257),
    (*b"BJ", 229), (*b"BL", 590), (*b"BM", 1), (*b"BN", 673), (*b"BO", 591), (*b"BQ", 599),
    (*b"BR", 55), (*b"BS", 1), (*b"BT", 975), (*b"BV", 47), (*b"BW", 267), (*b"BY", 375),
    (*b"BZ", 501), (*b"CA", 1), (*b"CC", 61), (*b"CD", 243), (*b"CF", 236), (*b"CG", 242),
    (*b"CH", 41), (*b"CI", 225), (*b"CK", 682), (*b"CL", 56), (*b"CM", 237), (*b"CN", 86),
    (*b"CO", 57), (*b"CR", 506), (*b"CU", 53), (*b"CV", 238), (*b"CW", 599), (*b"CX", 61),
    (*b"CY", 357), (*b"CZ", 420), (*b"DE", 49), (*b"DJ", 253), (*b"DK", 45), (*b"DM", 1),
    (*b"DO", 1), (*b"DZ", 213), (*b"EC", 593), (*b"EE", 372), (*b"EG", 20), (*b"EH", 212),
    (*b"ER", 291), (*b"ES", 34), (*b"ET", 251), (*b"FI", 358), (*b"FJ", 679), (*b"FK", 500),
    (*b"FM", 691), (*b"FO", 298), (*b"FR", 33), (*b"GA", 241), (*b"GB", 44), (*b"GD", 1),
    (*b"GE", 995), (*b"GF", 594), (*b"GG", 44), (*b"GH", 233), (*b"GI", 350), (*b"GL", 299),
    (*b"GM", 220), (*b"GN", 224), (*b"GP", 590), (*b"GQ", 240), (*b"GR", 30), (*b"GS", 500),
    (*b"GT", 502), (*b"GU", 1), (*b"GW", 245), (*b"GY", 592), (*b"HK", 852), (*b"HM", 672),
    (*b"HN", 504), (*b"HR", 385), (*b"HT", 509), (*b"HU", 36), (*b"ID", 62), (*b"IE", 353),
    (*b"IL", 972), (*b"IM", 44), (*b"IN", 91), (*b"IO", 246), (*b"IQ", 964), (*b"IR", 98),
    (*b"IS", 354), (*b"IT", 39), (*b"JE", 44), (*b"JM", 1), (*b"JO", 962), (*b"JP", 81),
    (*b"KE", 254), (*b"KG", 996), (*b"KH", 855), (*b"KI", 686), (*b"KM", 269), (*b"KN", 1),
    (*b"KP", 850), (*b"KR", 82), (*b"KW", 965), (*b"KY", 1), (*b"KZ", 7), (*b"LA", 856),
    (*b"LB", 961), (*b"LC", 1), (*b"LI", 423), (*b"LK", 94), (*b"LR", 231), (*b"LS", 266),
    (*b"LT", 370), (*b"LU", 352), (*b"LV", 371), (*b"LY", 218), (*b"MA", 212), (*b"MC", 377),
    (*b"MD", 373), (*b"ME", 382), (*b"MF", 590), (*b"MG", 261), (*b"MH", 692), (*b"MK", 389),
    (*b"ML", 223), (*b"MM", 95), (*b"MN", 976), (*b"MO", 853), (*b"MP", 1), (*b"MQ", 596),
    (*b"MR", 222), (*b"MS", 1), (*b"MT", 356), (*b"MU", 230), (*b"MV", 960), (*b"MW", 265),
    (*b"MX", 52), (*b"MY", 60), (*b"MZ", 258), (*b"NA", 264), (*b"NC", 687), (*b"NE", 227),
    (*b"NF", 672), (*b"NG", 234), (*b"NI", 505), (*b"NL", 31), (*b"NO", 47), (*b"NP", 977),
    (*b"NR", 674), (*b"NU", 683), (*b"NZ", 64), (*b"OM", 968), (*b"PA", 507), (*b"PE", 51),
    (*b"PF", 689), (*b"PG", 675), (*b"PH", 63), (*b"PK", 92), (*b"PL", 48), (*b"PM", 508),
    (*b"PN", 64), (*b"PR", 1), (*b"PS", 970), (*b"PT", 351), (*b"PW", 680), (*b"PY", 595),
    (*b"QA", 974), (*b"RE", 262), (*b"RO", 40), (*b"RS", 381), (*b"RU", 7), (*b"RW", 250),
    (*b"SA", 966), (*b"SB", 677), (*b"SC", 248), (*b"SD", 249), (*b"SE", 46), (*b"SG", 65),
    (*b"SH", 290), (*b"SI", 386), (*b"SJ", 47), (*b"SK", 421), (*b"SL", 232), (*b"SM", 378),
    (*b"SN", 221), (*b"SO", 252), (*b"SR", 597), (*b"SS", 211), (*b"ST", 239), (*b"SV", 503),
    (*b"SX", 1), (*b"SY", 963), (*b"SZ", 268), (*b"TC", 1), (*b"TD", 235), (*b"TF", 262),
    (*b"TG", 228), (*b"TH", 66), (*b"TJ", 992), (*b"TK", 690), (*b"TL", 670), (*b"TM", 993),
    (*b"TN", 216), (*b"TO", 676), (*b"TR", 90), (*b"TT", 1), (*b"TV", 688), (*b"TW", 886),
    (*b"TZ", 255), (*b"UA", 380), (*b"UG", 256), (*b"UM", 1), (*b"US", 1), (*b"UY", 598),
    (*b"UZ", 998), (*b"VA", 39), (*b"VC", 1), (*b"VE", 58), (*b"VG", 1), (*b"VI", 1),
    (*b"VN", 84), (*b"VU", 678), (*b"WF", 681), (*b"WS", 685), (*b"XK", 383), (*b"YE", 967),
    (*b"YT", 262), (*b"ZA", 27), (*b"ZM", 260), (*b"ZW", 263),
];

/// The calling code of an alpha-2 country code (either case), if it is one.
pub(crate) fn calling_code(alpha2: &str) -> Option<u16> {
    let b = alpha2.as_bytes();
    let key = [
        b.first()?.to_ascii_uppercase(),
        b.get(1)?.to_ascii_uppercase(),
    ];
    if b.len() != 2 {
        return None;
    }
    COUNTRIES
        .binary_search_by(|r| r.0.cmp(&key))
        .ok()
        .and_then(|i| COUNTRIES.get(i))
        .map(|r| r.1)
}

/// Whether `digits` (E.164, without `+`) start with a calling code in the table; gives
/// the code's length in digits.
pub(crate) fn calling_code_len(digits: &[u8]) -> Option<usize> {
    (1..=3).find(|&n| {
        digits.get(..n).is_some_and(|p| {
            let v = p
                .iter()
                .fold(0u16, |a, d| a * 10 + u16::from(d.wrapping_sub(b'0')));
            p[0] != b'0' && COUNTRIES.iter().any(|r| r.1 == v)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_complete() {
        assert!(COUNTRIES.windows(2).all(|w| w[0].0 < w[1].0));
        // 249 officially assigned codes, plus XK.
        assert_eq!(COUNTRIES.len(), 250);
        assert_eq!(calling_code("id"), Some(62));
        assert_eq!(calling_code("US"), Some(1));
        assert_eq!(calling_code("ZZ"), None);
        assert_eq!(calling_code("IDN"), None);
        assert_eq!(calling_code("I"), None);
        assert_eq!(calling_code("\u{0130}D"), None);
    }
}
