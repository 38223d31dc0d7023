//! What a hostile header costs: the time `Opener::open` takes to refuse the worst headers
//! within the limits (1 KiB, 32 members an object, 8 levels), all refused before the
//! replay store and RSA; and the review's 49 KB, 6,144-member header, which took 47.6 ms
//! to parse before the limits and is now refused on its length.

use cardseal::b64::encode_url;
use cardseal_open::{Opener, MAX_HEADER_LEN};
use std::time::Instant;

/// A JWE with header `h` and a rest of the right lengths (never reached: every header
/// here is refused first).
fn jwe(h: &str) -> String {
    format!(
        "{}.{}.{}.{}.{}",
        encode_url(h.as_bytes()),
        encode_url(&[1; 256]),
        encode_url(&[2; 12]),
        encode_url(&[3; 64]),
        encode_url(&[4; 16])
    )
}

/// The hostile headers, named. `kid` is a key held, so only the parser and the profile
/// refuse them.
fn headers(kid: &str, iat: u64) -> Vec<(&'static str, String)> {
    let genuine = format!(
        r#""alg":"RSA-OAEP-256","enc":"A256GCM","kid":"{kid}","cty":"cardseal+json","iat":{iat},"jti":"AAAAAAAAAAAAAAAAAAAAAA""#
    );
    // Without a valid profile (alg none), so that the parse is all there is.
    let hostile = genuine.replace("RSA-OAEP-256", "none");
    let fill = |member: &dyn Fn(usize) -> String| {
        let mut extra = String::new();
        for i in 0.. {
            let m = member(i);
            if hostile.len() + extra.len() + m.len() + 2 > MAX_HEADER_LEN {
                break;
            }
            extra.push_str(&m);
        }
        format!("{{{extra}{hostile}}}")
    };
    let nested = {
        // Objects 8 deep, each of short members, repeated to fill 1 KiB.
        let one = (0..7).fold(String::from("0"), |inner, d| {
            format!(r#"{{"a{d}":1,"b{d}":2,"c{d}":{inner}}}"#)
        });
        fill(&|i| format!(r#""n{i}":{one},"#))
    };
    vec![
        (
            "long names alike, up to the member cap",
            fill(&|i| format!(r#""{}{i:02}":0,"#, "a".repeat(25))),
        ),
        (
            "31 short members a nested object, 1 KiB",
            fill(&|i| {
                let inner: String = (0..31)
                    .map(|j| format!(r#""{}":0,"#, (b'a' + j as u8) as char))
                    .collect();
                format!(r#""o{i}":{{{}}},"#, inner.trim_end_matches(','))
            }),
        ),
        ("nesting 8 deep, repeated", nested),
        (
            "\\u escapes, 1 KiB",
            fill(&|i| format!(r#""e{i}":"{}","#, r"\ud83d\ude00".repeat(4))),
        ),
        (
            "an array of 400 numbers",
            fill(&|i| format!(r#""a{i}":[{}0],"#, "0,".repeat(200))),
        ),
        (
            "33 members (refused by the cap)",
            fill(&|i| format!(r#""m{i}":0,"#)),
        ),
        (
            "a duplicate at the end",
            format!(
                "{{{}{hostile},\"alg\":1}}",
                (0..24)
                    .map(|i| format!(r#""{}{i}":0,"#, "d".repeat(20)))
                    .collect::<String>()
            ),
        ),
    ]
}

/// Mean microseconds per `open` of `jwe` over about 0.3 s.
fn time_us<S: cardseal_open::ReplayStore>(
    o: &Opener<S>,
    jwe: &str,
    now: u64,
) -> (f64, &'static str) {
    let code = o.open(jwe, now).map(|_| "OK").unwrap_or_else(|e| e.code());
    let mut n = 0u32;
    let start = Instant::now();
    while start.elapsed().as_secs_f64() < 0.3 {
        for _ in 0..100 {
            let r = o.open(std::hint::black_box(jwe), now);
            std::hint::black_box(&r.is_err());
        }
        n += 100;
    }
    (start.elapsed().as_secs_f64() * 1e6 / f64::from(n), code)
}

/// Prints the time to refuse each hostile header, the worst, and the review's header.
pub fn run<S: cardseal_open::ReplayStore>(o: &Opener<S>, kid: &str, now: u64, open_us: f64) {
    println!("  hostile headers, refused before the replay store and RSA (mean of ~0.3 s each):");
    let mut worst = (0.0f64, "");
    for (name, h) in headers(kid, now) {
        let jwe = jwe(&h);
        let (us, code) = time_us(o, &jwe, now);
        println!("    {name:<42} {:>5} B  {us:>8.3} us  {code}", h.len());
        if us > worst.0 {
            worst = (us, name);
        }
    }
    let members: String = (0..6144).map(|i| format!(r#""m{i}":0,"#)).collect();
    let review = jwe(&format!(r#"{{{members}"alg":"none"}}"#));
    let (us, code) = time_us(o, &review, now);
    println!(
        "    {:<42} {:>5} B  {us:>8.3} us  {code} (was 47.6 ms: quadratic parse)",
        "the review's header: 6,144 members",
        review.len()
    );
    println!(
        "  worst header within the limits         {:>9.2} us  ({}; {:.0}x less than one open)",
        worst.0,
        worst.1,
        open_us / worst.0
    );
}
