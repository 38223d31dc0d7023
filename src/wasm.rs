//! The JavaScript surface (DESIGN §3): the only file with `#[wasm_bindgen]`. It converts
//! between JS values and the core types, and supplies the two things the core never
//! reaches for itself: randomness (`getrandom` → `crypto.getRandomValues`) and the clock
//! (`Date.now()`). Importing the module touches no `window` or `document`.
//!
//! Every export that reads a secret (a key text, checkout fields, a value being typed)
//! runs its body through [`scrubbed`]: once it returns, the shadow stack it used is
//! zeroed, and the allocator has already wiped every heap block it freed.

use crate::messages::Locale;
use crate::{Address, Error, Fields, PublicKey, Sealer, Summary};
use alloc::{string::String, vec::Vec};
use js_sys::{Array, JsString, Object, Reflect};
use wasm_bindgen::prelude::*;

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
struct JsRng;

impl rand_core::RngCore for JsRng {
    fn next_u32(&mut self) -> u32 {
        rand_core::impls::next_u32_via_fill(self)
    }
    fn next_u64(&mut self) -> u64 {
        rand_core::impls::next_u64_via_fill(self)
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        // The core draws every secret through try_fill_bytes, which reports failure; this
        // infallible path is not used by it.
        let _ = self.try_fill_bytes(dest);
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        getrandom::fill(dest).map_err(|_| {
            rand_core::Error::from(
                core::num::NonZeroU32::new(rand_core::Error::CUSTOM_START)
                    .unwrap_or(core::num::NonZeroU32::MIN),
            )
        })
    }
}

impl rand_core::CryptoRng for JsRng {}

#[wasm_bindgen(module = "/js/error.js")]
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

/// Builds the thrown `CardSealError` for `e` in `locale`.
fn js_error(e: &Error, locale: Locale) -> JsValue {
    let fields = match e {
        Error::InvalidFields(list) => {
            let o = Object::new();
            for (field, code) in list {
                set(&o, field, &JsValue::from_str(code));
            }
            o.into()
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
    /// `new CardSeal(publicKeyText, { locale })`. Throws `CardSealError` when the key
    /// cannot be used.
    #[wasm_bindgen(constructor)]
    pub fn new(public_key: &str, options: JsValue) -> Result<CardSeal, JsValue> {
        scrubbed(|| {
            let locale = Reflect::get(&options, &JsValue::from_str("locale"))
                .ok()
                .and_then(|l| l.as_string())
                .map_or(Locale::En, |l| Locale::parse(&l));
            let key = PublicKey::import(public_key).map_err(|e| js_error(&e, locale))?;
            Ok(CardSeal {
                sealer: Sealer::new(key),
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
            let f = read_fields(&fields, self.locale)?;
            let s = self
                .sealer
                .seal(&f, &mut JsRng, now_secs())
                .map_err(|e| js_error(&e, self.locale))?;
            let o = Object::new();
            set(&o, "jwe", &JsValue::from_str(&s.jwe));
            set(&o, "kid", &JsValue::from_str(&s.kid));
            set(&o, "summary", &summary(&s.summary));
            Ok(o)
        })
    }

    /// `sealEach(fields)` → `{ number: jwe, cvc: jwe, … }`: one JWE per field. The
    /// summary rides along as a non-enumerable `summary` (for `attach`, js/attach.js):
    /// keys, `for…in` and JSON see only the JWEs.
    #[wasm_bindgen(js_name = sealEach)]
    pub fn seal_each(&self, fields: JsValue) -> Result<Object, JsValue> {
        scrubbed(|| {
            let f = read_fields(&fields, self.locale)?;
            let s = self
                .sealer
                .seal_each(&f, &mut JsRng, now_secs())
                .map_err(|e| js_error(&e, self.locale))?;
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

/// `keyInfo(text)` → `{ kid, bits, format, warnings }`; throws `CardSealError` like the
/// `CardSeal` constructor.
#[wasm_bindgen(js_name = keyInfo)]
pub fn key_info(text: &str) -> Result<Object, JsValue> {
    scrubbed(|| {
        let key = PublicKey::import(text).map_err(|e| js_error(&e, Locale::En))?;
        let o = Object::new();
        set(&o, "kid", &JsValue::from_str(key.kid()));
        set(&o, "thumbprint", &JsValue::from_str(key.thumbprint()));
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

const FIELD_NAMES: [&str; 9] = [
    "number",
    "expiry",
    "exp_month",
    "exp_year",
    "cvc",
    "name",
    "email",
    "phone",
    "address",
];

/// Reads one field: a string, or for the expiry parts also an integer. `undefined`,
/// `null` and `""` count as absent.
fn field(obj: &JsValue, name: &str, numbers_ok: bool) -> Result<Option<String>, &'static str> {
    let v = Reflect::get(obj, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    if let Some(mut s) = text(&v) {
        // Moved out of the buffer, not copied: the caller's Fields zeroize it on drop.
        return Ok(Some(core::mem::take(&mut *s)));
    }
    match v.as_f64() {
        Some(n) if numbers_ok && (0.0..=9999.0).contains(&n) && n == (n as u64) as f64 => {
            let mut out = Vec::with_capacity(4);
            crate::json::write_u64(&mut out, n as u64);
            Ok(String::from_utf8(out).ok())
        }
        _ => Err("INVALID_TYPE"),
    }
}

/// Reads the fields object. Unknown names and wrong types are field errors, so a typo
/// such as `cardNumber` is caught rather than silently dropped.
fn read_fields(v: &JsValue, locale: Locale) -> Result<Fields, JsValue> {
    if !v.is_object() {
        return Err(js_error(&Error::NoFields, locale));
    }
    let unknown = Object::new();
    let mut any_unknown = false;
    for k in Object::keys(v.unchecked_ref::<Object>()).iter() {
        if !k
            .as_string()
            .is_some_and(|k| FIELD_NAMES.contains(&k.as_str()))
        {
            Reflect::set(&unknown, &k, &JsValue::from_str("UNKNOWN_FIELD")).ok();
            any_unknown = true;
        }
    }
    let mut errors = alloc::vec::Vec::new();
    let mut get = |name: &'static str, numbers_ok: bool| match field(v, name, numbers_ok) {
        Ok(s) => s,
        Err(code) => {
            errors.push((name, code));
            None
        }
    };
    let mut f = Fields {
        number: get("number", false),
        expiry: get("expiry", false),
        exp_month: get("exp_month", true),
        exp_year: get("exp_year", true),
        cvc: get("cvc", false),
        name: get("name", false),
        email: get("email", false),
        phone: get("phone", false),
        address: None,
    };
    let a = Reflect::get(v, &JsValue::from_str("address")).unwrap_or(JsValue::UNDEFINED);
    if a.is_object() {
        let mut get = |name: &'static str| match field(&a, name, false) {
            Ok(s) => s,
            Err(_) => {
                errors.push(("address", "INVALID_TYPE"));
                None
            }
        };
        f.address = Some(Address {
            line1: get("line1"),
            line2: get("line2"),
            city: get("city"),
            region: get("region"),
            postal_code: get("postal_code"),
            country: get("country"),
        });
    } else if !(a.is_undefined() || a.is_null()) {
        errors.push(("address", "INVALID_TYPE"));
    }
    if any_unknown {
        let e = Error::InvalidFields(errors);
        return Err(CardSealError::new(e.code(), e.message_in(locale), unknown.into()).into());
    }
    if errors.is_empty() {
        Ok(f)
    } else {
        Err(js_error(&Error::InvalidFields(errors), locale))
    }
}

// ---------------------------------------------------------------------------------------
// Field validation, formatting and messages (issue 4). Two exports dispatch on a field
// kind (each export costs wasm and JS glue); pkg-template/index.js builds the
// `validate` and `format` namespace objects of DESIGN §3 over them. Strings arrive as
// Rust `String`s in wasm memory and are zeroized here, so no copy of a card number or
// CVC stays behind.
// ---------------------------------------------------------------------------------------

use crate::validate::{self, Validation};
use zeroize::Zeroizing;

/// `{ valid, potentiallyValid, code }`, plus `brand` for card numbers.
fn validation(v: &Validation, with_brand: bool) -> Object {
    let o = Object::new();
    set(&o, "valid", &JsValue::from_bool(v.valid));
    set(
        &o,
        "potentiallyValid",
        &JsValue::from_bool(v.potentially_valid),
    );
    set(&o, "code", &opt_str(v.code));
    if with_brand {
        set(&o, "brand", &opt_str(v.brand));
    }
    o
}

/// `validateField(kind, value, extra)`, behind `validate.*`. Kinds: 0 `number(value)`,
/// 1 `expiry(value, now)` (`value` a string or `{ month, year }`; `now` a `Date` or
/// milliseconds, default `Date.now()`), 2 `cvc(value, brand)`, 3 `name(value)`,
/// 4 `email(value)`, 5 `phone(value, defaultCountry)` (adds `e164`), 6 `address(obj)`
/// (adds `field` and `fields`). Never throws.
#[wasm_bindgen(js_name = validateField)]
pub fn validate_field(kind: u8, value: JsValue, extra: JsValue) -> Object {
    scrubbed(|| {
        let text = text(&value).unwrap_or_default();
        let extra_str = extra.as_string();
        let extra_str = extra_str.as_deref();
        match kind {
            0 => validation(&validate::number(&text), true),
            1 => {
                let ms = match extra.dyn_ref::<js_sys::Date>() {
                    Some(d) => d.get_time(),
                    None => extra.as_f64().unwrap_or_else(js_sys::Date::now),
                };
                let now = if ms > 0.0 { (ms / 1000.0) as u64 } else { 0 };
                let v = if value.is_object() {
                    let part = |k: &str| field(&value, k, true).unwrap_or(Some(String::from("?")));
                    let (m, y) = (
                        Zeroizing::new(part("month").unwrap_or_default()),
                        Zeroizing::new(part("year").unwrap_or_default()),
                    );
                    validate::expiry_parts(&m, &y, now)
                } else {
                    validate::expiry(&text, now)
                };
                validation(&v, false)
            }
            2 => validation(&validate::cvc(&text, extra_str), false),
            3 => validation(&validate::name(&text), false),
            4 => validation(&validate::email(&text), false),
            5 => {
                let (v, e164) = match validate::phone::to_e164(&text, extra_str) {
                    Ok(p) => (Validation::VALID, JsValue::from_str(&p)),
                    Err(v) => (v, JsValue::NULL),
                };
                let o = validation(&v, false);
                set(&o, "e164", &e164);
                o
            }
            _ => {
                let get = |k: &str| field(&value, k, false).ok().flatten();
                let a = Address {
                    line1: get("line1"),
                    line2: get("line2"),
                    city: get("city"),
                    region: get("region"),
                    postal_code: get("postal_code"),
                    country: get("country"),
                };
                let v = validate::address(&a);
                let whole = Validation {
                    valid: v.valid,
                    potentially_valid: v.potentially_valid,
                    code: v.code,
                    brand: None,
                };
                let o = validation(&whole, false);
                set(&o, "field", &opt_str(v.field));
                let members = Object::new();
                for (k, m) in validate::address::MEMBERS.iter().zip(v.members.iter()) {
                    set(&members, k, &validation(m, false));
                }
                set(&o, "fields", &members);
                o
            }
        }
    })
}

/// `formatField(kind, a, b, caret)`, behind `format.*`: 0 `number(a)`, 1 `expiry(a)`,
/// 2 `caret(a, b, caret)` (old value, new value, caret position → new position). `a`
/// and `b` are strings.
#[wasm_bindgen(js_name = formatField)]
pub fn format_field(kind: u8, a: JsValue, b: JsValue, caret: u32) -> JsValue {
    scrubbed(|| {
        let (a, b) = (text(&a).unwrap_or_default(), text(&b).unwrap_or_default());
        match kind {
            // Copied straight into JS strings; the Rust buffers are zeroized when dropped.
            0 => JsValue::from_str(&validate::format::number(&a)),
            1 => JsValue::from_str(&validate::format::expiry(&a)),
            _ => JsValue::from(validate::format::caret(&a, &b, caret as usize) as u32),
        }
    })
}

/// `messages(locale?)` → `{ CODE: text, … }` for every error and validation code.
#[wasm_bindgen]
pub fn messages(locale: JsValue) -> Object {
    let locale = locale.as_string().map_or(Locale::En, |l| Locale::parse(&l));
    let o = Object::new();
    for code in crate::messages::codes() {
        set(
            &o,
            code,
            &JsValue::from_str(crate::messages::message(code, locale)),
        );
    }
    o
}
