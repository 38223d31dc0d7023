//! The JavaScript surface (docs/DESIGN.md §1, the wasm layer): the only module with
//! `#[wasm_bindgen]` (here, the runtime, the sealer and key info; `form.rs`, the fields
//! object and the field table; `validate.rs`, validation, formatting and the tables of
//! codes, brands and messages). It converts between JS values and the core types, and
//! supplies the two things the core never reaches for itself: randomness (`getrandom` →
//! `crypto.getRandomValues`) and the clock (`Date.now()`). Importing the module touches
//! no `window` or `document`.
//!
//! Every export that reads a secret (a key text, checkout fields, a value being typed)
//! runs its body through [`scrubbed`]: once it returns, the shadow stack it used is
//! zeroed, and the allocator has already wiped every heap block it freed.

mod form;
mod validate;

use crate::messages::Locale;
use crate::{Error, PublicKey, Sealer, Summary};
use alloc::string::String;
use form::read_fields;
use js_sys::{Array, JsString, Object, Reflect};
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

/// In the no_std package build a panic only traps: no message is formatted, so core's
/// formatting code stays out of the wasm. Nothing on an input path panics by design.
#[cfg(not(feature = "std"))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

#[cfg(not(feature = "std"))]
#[global_allocator]
static ALLOC: cardseal_alloc::WipingAlloc = cardseal_alloc::WipingAlloc::new();

/// The platform CSPRNG through `getrandom` (its `wasm_js` backend:
/// `crypto.getRandomValues`, in every browser and in Node 20), as the `rand_core` RNG the
/// core takes. This is the one source of randomness of the package.
///
/// A JWE draws four times (content key, IV, `jti`, OAEP seed: 92 bytes); each draw would
/// be a call out to JS that makes a typed-array view. So the bytes come from a pool filled
/// by one `getrandom` call (enough for a whole-form seal; refilled when it runs short),
/// each byte handed out once and zeroed in the pool as it is. The pool lives in the
/// export's frame, on the shadow stack that the export's wipe zeroes, and is zeroized
/// when dropped too.
struct JsRng {
    pool: Zeroizing<[u8; 128]>,
    /// Bytes of `pool` already handed out (zeros now); `pool.len()` when empty.
    used: usize,
}

impl JsRng {
    fn new() -> JsRng {
        JsRng {
            pool: Zeroizing::new([0; 128]),
            used: 128,
        }
    }
}

impl rand_core::RngCore for JsRng {
    fn next_u32(&mut self) -> u32 {
        rand_core::impls::next_u32_via_fill(self)
    }
    fn next_u64(&mut self) -> u64 {
        rand_core::impls::next_u64_via_fill(self)
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        // Never predictable bytes: if the platform RNG fails here, the module traps. The
        // core draws every secret through try_fill_bytes, which reports the failure as
        // RNG_FAILED instead; nothing it calls uses this path.
        if self.try_fill_bytes(dest).is_err() {
            core::arch::wasm32::unreachable();
        }
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        let failed = |_| {
            rand_core::Error::from(
                core::num::NonZeroU32::new(rand_core::Error::CUSTOM_START)
                    .unwrap_or(core::num::NonZeroU32::MIN),
            )
        };
        if dest.len() > self.pool.len() {
            return getrandom::fill(dest).map_err(failed);
        }
        if self.pool.len() - self.used < dest.len() {
            getrandom::fill(&mut self.pool[..]).map_err(failed)?;
            self.used = 0;
        }
        let part = &mut self.pool[self.used..self.used + dest.len()];
        dest.copy_from_slice(part);
        part.fill(0);
        self.used += dest.len();
        Ok(())
    }
}

impl rand_core::CryptoRng for JsRng {}

#[wasm_bindgen(module = "/pkg-template/error.js")]
extern "C" {
    /// `CardSealError extends Error`, with `code`, `message` and, for field errors,
    /// `fields`.
    type CardSealError;
    #[wasm_bindgen(constructor)]
    fn new(code: &str, message: &str, fields: JsValue) -> CardSealError;
}

/// Runs an export's body, then zeroes the part of the shadow stack it used
/// (`cardseal_alloc::stack::scrubbed`). The `control-no-stack-wipe` feature exists only
/// for the memory suite's control build, which shows that its scan finds what this
/// wipe removes; the package is never built with it.
#[inline(always)]
fn scrubbed<T>(f: impl FnOnce() -> T) -> T {
    #[cfg(not(feature = "control-no-stack-wipe"))]
    return cardseal_alloc::stack::scrubbed(f);
    #[cfg(feature = "control-no-stack-wipe")]
    return f();
}

/// `wipeStack()`: zeroes the whole shadow stack below the caller. The package entry
/// (pkg-template/index.js) calls it after every export that read a secret, when no wasm
/// frame is live any more, so that even the exports' own frames (which hold only handles
/// and pointers, as [`scrubbed`] keeps secrets below them) end up as zeros. A no-op in the
/// control build.
#[wasm_bindgen(js_name = wipeStack)]
pub fn wipe_stack() {
    #[cfg(not(feature = "control-no-stack-wipe"))]
    cardseal_alloc::stack::wipe_dead_stack();
}

/// `deferWipe()`: the package entry calls it just before an export that it follows with
/// `wipeStack()`, so that the export's own wipe ([`scrubbed`]) is left to that one: the
/// stack is wiped once a call, not twice. An export called without it wipes below itself.
#[wasm_bindgen(js_name = deferWipe)]
pub fn defer_wipe() {
    #[cfg(not(feature = "control-no-stack-wipe"))]
    cardseal_alloc::stack::defer_next();
}

/// Builds the thrown `CardSealError` for `e` in `locale`.
fn js_error(e: &Error, locale: Locale) -> JsValue {
    field_error(e, locale, Object::new())
}

/// Builds the thrown `CardSealError` for an error of sealing: for `INVALID_FIELDS`, its
/// `fields` are `refused` (the names reading refused, `{ nmae: "UNKNOWN_FIELD" }`) and
/// each field's error.
fn field_error(e: &Error, locale: Locale, refused: Object) -> JsValue {
    let fields = match e {
        Error::InvalidFields(list) => {
            for (field, code) in list {
                set(&refused, field, &JsValue::from_str(code));
            }
            refused.into()
        }
        _ => JsValue::UNDEFINED,
    };
    CardSealError::new(e.code(), e.message_in(locale), fields).into()
}

fn set(o: &Object, k: &str, v: &JsValue) {
    // Setting a plain data property on a fresh plain object cannot fail.
    let _ = Reflect::set(o, &JsValue::from_str(k), v);
}

fn opt_str(v: Option<&str>) -> JsValue {
    v.map_or(JsValue::NULL, JsValue::from_str)
}

fn now_secs() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

/// The text of a JS string, or `None` for any other value. It is decoded here from
/// UTF-16 code units into one zeroizing allocation of the worst-case size (3 bytes a
/// unit): wasm-bindgen's own string passing reallocates on the first non-ASCII
/// character and would leave the ASCII prefix, a card number, behind in freed memory.
fn text(v: &JsValue) -> Option<Zeroizing<String>> {
    let s = v.dyn_ref::<JsString>()?;
    let n = s.length();
    let mut out = Zeroizing::new(String::with_capacity(n as usize * 3));
    let units = (0..n).map(|i| s.char_code_at(i) as u16);
    for c in char::decode_utf16(units) {
        out.push(c.unwrap_or(char::REPLACEMENT_CHARACTER));
    }
    Some(out)
}

/// Seals checkout fields with a merchant's public key.
#[wasm_bindgen]
pub struct CardSeal {
    sealer: Sealer,
    locale: Locale,
}

#[wasm_bindgen]
impl CardSeal {
    /// `new CardSeal(publicKeyText, { locale }, defaultCountry)`: the package entry
    /// passes `options.defaultCountry` apart, so no option name is spelt here
    /// ([`Sealer::with_default_country`]). Throws `CardSealError` when the key cannot be
    /// used.
    #[wasm_bindgen(constructor)]
    pub fn new(public_key: &str, options: JsValue) -> Result<CardSeal, JsValue> {
        scrubbed(|| {
            let option = |name| {
                Reflect::get(&options, &JsValue::from_str(name))
                    .ok()
                    .and_then(|v| v.as_string())
            };
            let locale = option("locale").map_or(Locale::En, |l| Locale::parse(&l));
            let key = PublicKey::import(public_key).map_err(|e| js_error(&e, locale))?;
            Ok(CardSeal {
                sealer: Sealer::new(key).with_default_country(option("defaultCountry").as_deref()),
                locale,
            })
        })
    }

    /// The key id every JWE of this sealer carries.
    #[wasm_bindgen(getter)]
    pub fn kid(&self) -> String {
        self.sealer.kid().into()
    }

    /// The locale of error messages: `en` or `id`.
    #[wasm_bindgen(getter)]
    pub fn locale(&self) -> String {
        self.locale.tag().into()
    }

    /// `seal(fields)` → `{ jwe, kid, summary }`: one JWE holding all given fields.
    pub fn seal(&self, fields: JsValue) -> Result<Object, JsValue> {
        scrubbed(|| {
            let (f, refused) = read_fields(&fields, self.locale)?;
            let s = self
                .sealer
                .seal(&f, &mut JsRng::new(), now_secs())
                .map_err(|e| field_error(&e, self.locale, refused))?;
            let o = Object::new();
            set(&o, "jwe", &JsValue::from_str(&s.jwe));
            set(&o, "kid", &JsValue::from_str(&s.kid));
            set(&o, "summary", &summary(&s.summary));
            Ok(o)
        })
    }

    /// `sealEach(fields)` → `{ number: jwe, cvc: jwe, … }`: one JWE per field. The
    /// summary rides along as a non-enumerable `summary` (for `attach`, pkg-template/attach.js):
    /// keys, `for…in` and JSON see only the JWEs.
    #[wasm_bindgen(js_name = sealEach)]
    pub fn seal_each(&self, fields: JsValue) -> Result<Object, JsValue> {
        scrubbed(|| {
            let (f, refused) = read_fields(&fields, self.locale)?;
            let s = self
                .sealer
                .seal_each(&f, &mut JsRng::new(), now_secs())
                .map_err(|e| field_error(&e, self.locale, refused))?;
            let o = Object::new();
            for (name, jwe) in &s.jwes {
                set(&o, name, &JsValue::from_str(jwe));
            }
            let d = Object::new();
            set(&d, "value", &summary(&s.summary));
            Object::define_property(&o, &JsValue::from_str("summary"), &d);
            Ok(o)
        })
    }
}

/// `keyInfo(text)` → `{ kid, jwkKid, bits, format, warnings }`: `kid` is the key's
/// RFC 7638 thumbprint (what every JWE carries), `jwkKid` the JWK's own `kid` or `null`;
/// throws `CardSealError` like the `CardSeal` constructor.
#[wasm_bindgen(js_name = keyInfo)]
pub fn key_info(text: &str) -> Result<Object, JsValue> {
    scrubbed(|| {
        let key = PublicKey::import(text).map_err(|e| js_error(&e, Locale::En))?;
        let o = Object::new();
        set(&o, "kid", &JsValue::from_str(key.kid()));
        set(&o, "jwkKid", &opt_str(key.jwk_kid()));
        set(&o, "bits", &JsValue::from(key.bits() as u32));
        set(&o, "format", &JsValue::from_str(key.format().as_str()));
        let w = Array::new();
        for code in key.warnings(now_secs()) {
            w.push(&JsValue::from_str(code));
        }
        set(&o, "warnings", &w);
        Ok(o)
    })
}

fn summary(s: &Summary) -> JsValue {
    let o = Object::new();
    set(&o, "brand", &opt_str(s.brand));
    set(&o, "last4", &opt_str(s.last4.as_deref()));
    set(
        &o,
        "exp_month",
        &s.exp_month.map_or(JsValue::NULL, JsValue::from),
    );
    set(
        &o,
        "exp_year",
        &s.exp_year.map_or(JsValue::NULL, JsValue::from),
    );
    o.into()
}
