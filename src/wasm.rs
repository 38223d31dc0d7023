//! The JavaScript surface (DESIGN §3): the only file with `#[wasm_bindgen]`. It converts
//! between JS values and the core types, and supplies the two things the core never
//! reaches for itself: randomness (`getrandom` → `crypto.getRandomValues`) and the clock
//! (`Date.now()`). Importing the module touches no `window` or `document`.
//!
//! Every export that reads a secret (a key text, checkout fields, a value being typed)
//! runs its body through [`scrubbed`]: once it returns, the shadow stack it used is
//! zeroed, and the allocator has already wiped every heap block it freed.

use crate::fields::{self, Value as FieldValue};
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
        // Never predictable bytes: if the platform RNG fails here, the module traps. The
        // core draws every secret through try_fill_bytes, which reports the failure as
        // RNG_FAILED instead; nothing it calls uses this path.
        if self.try_fill_bytes(dest).is_err() {
            core::arch::wasm32::unreachable();
        }
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

/// `keyInfo(text)` → `{ kid, thumbprint, bits, format, warnings }`; throws
/// `CardSealError` like the `CardSeal` constructor.
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

/// A JS value as the field table's untyped [`FieldValue`]. A string is decoded into one
/// zeroizing buffer (see [`text`]) and moved out of it, not copied: the `Fields` it goes
/// into zeroize it on drop.
fn value(v: &JsValue) -> FieldValue {
    if v.is_undefined() || v.is_null() {
        return FieldValue::Absent;
    }
    if let Some(mut s) = text(v) {
        return FieldValue::Text(core::mem::take(&mut *s));
    }
    v.as_f64().map_or(FieldValue::Other, FieldValue::Number)
}

/// Reads the fields object through [`Fields::set`], which holds the rules (unknown names,
/// wrong types); a group such as `address` is a nested object. Every refused name is
/// reported in the error's `fields`, so a typo such as `cardNumber` is caught rather
/// than silently dropped.
fn read_fields(v: &JsValue, locale: Locale) -> Result<Fields, JsValue> {
    if !v.is_object() {
        return Err(js_error(&Error::NoFields, locale));
    }
    let mut f = Fields::default();
    let refused = Object::new();
    let mut any = false;
    let mut put = |f: &mut Fields, name: &str, v: &JsValue| {
        if let Err(code) = f.set(name, value(v)) {
            set(&refused, name, &JsValue::from_str(code));
            any = true;
        }
    };
    for k in Object::keys(v.unchecked_ref::<Object>()).iter() {
        let name = k.as_string().unwrap_or_default();
        let val = Reflect::get(v, &k).unwrap_or(JsValue::UNDEFINED);
        if fields::is_group(&name) && val.is_object() {
            for m in Object::keys(val.unchecked_ref::<Object>()).iter() {
                let mut member = String::with_capacity(name.len() + 16);
                member.push_str(&name);
                member.push('.');
                member.push_str(&m.as_string().unwrap_or_default());
                put(
                    &mut f,
                    &member,
                    &Reflect::get(&val, &m).unwrap_or(JsValue::UNDEFINED),
                );
            }
        } else {
            put(&mut f, &name, &val);
        }
    }
    if any {
        let e = Error::InvalidFields(Vec::new());
        return Err(CardSealError::new(e.code(), e.message_in(locale), refused.into()).into());
    }
    Ok(f)
}

/// `fieldTable()` → the field table ([`crate::fields::FIELDS`]) for the form binding:
/// `[{ name, attr, autocomplete, inputmode, sensitive, rule }]`, in table order; `rule`
/// is the `validate.*` validator that checks the field ([`validator`]).
#[wasm_bindgen(js_name = fieldTable)]
pub fn field_table() -> Array {
    let rows = Array::new();
    for f in fields::FIELDS {
        let o = Object::new();
        set(&o, "name", &JsValue::from_str(f.name));
        set(&o, "rule", &JsValue::from_str(validator(f.rule)));
        set(&o, "attr", &JsValue::from_str(f.attr));
        set(&o, "autocomplete", &JsValue::from_str(f.autocomplete));
        set(
            &o,
            "inputmode",
            &opt_str(Some(f.inputmode).filter(|m| !m.is_empty())),
        );
        set(&o, "sensitive", &JsValue::from_bool(f.sensitive));
        rows.push(&o);
    }
    rows
}

/// The name of the `validateField` validator that checks a field of `rule`: a member of
/// a group (the address) is checked within its group.
fn validator(rule: fields::Rule) -> &'static str {
    use fields::Rule;
    match rule {
        Rule::Number => "number",
        Rule::Expiry | Rule::ExpiryPart => "expiry",
        Rule::Cvc => "cvc",
        Rule::Name => "name",
        Rule::Email => "email",
        Rule::Phone => "phone",
        Rule::Line(_) | Rule::PostalCode | Rule::Country => "address",
    }
}

// ---------------------------------------------------------------------------------------
// Field validation, formatting and messages. Two exports dispatch on a validator's or
// formatter's name (each export costs wasm and JS glue); pkg-template/index.js builds
// the `validate` and `format` namespaces over them, and tests/node/table.test.mjs
// checks that the names agree, and with index.d.ts. Values are read into zeroizing
// buffers (`text`).
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

/// The fields of a JS object as [`Fields`] members under `prefix` (`address`), through
/// [`Fields::set`]; values it refuses are left out (validators never throw).
fn read_group(obj: &JsValue, prefix: &str, f: &mut Fields) {
    if !obj.is_object() {
        return;
    }
    for k in Object::keys(obj.unchecked_ref::<Object>()).iter() {
        let mut name = String::with_capacity(prefix.len() + 16);
        name.push_str(prefix);
        name.push('.');
        name.push_str(&k.as_string().unwrap_or_default());
        let _ = f.set(
            &name,
            value(&Reflect::get(obj, &k).unwrap_or(JsValue::UNDEFINED)),
        );
    }
}

/// `validateField(validator, value, extra)`, behind `validate.*` (pkg-template/index.js),
/// by the validator's name: `number(value)`, `expiry(value, now)` (`value` a string or
/// `{ month, year }`; `now` a `Date` or milliseconds, default `Date.now()`),
/// `cvc(value, brand)`, `name(value)`, `email(value)`, `phone(value, defaultCountry)`
/// (adds `e164`), `address(obj)` (adds `field` and `fields`). Never throws: an unknown
/// validator gives `{ valid: false, code: "UNKNOWN_FIELD" }`.
#[wasm_bindgen(js_name = validateField)]
pub fn validate_field(validator: &str, value: JsValue, extra: JsValue) -> Object {
    scrubbed(|| {
        let text = text(&value).unwrap_or_default();
        let extra_str = extra.as_string();
        let extra_str = extra_str.as_deref();
        match validator {
            "number" => validation(&validate::number(&text), true),
            "expiry" => {
                let ms = match extra.dyn_ref::<js_sys::Date>() {
                    Some(d) => d.get_time(),
                    None => extra.as_f64().unwrap_or_else(js_sys::Date::now),
                };
                let now = if ms > 0.0 { (ms / 1000.0) as u64 } else { 0 };
                let v = if value.is_object() {
                    // `{ month, year }` read by the table's rules for exp_month/exp_year;
                    // a part of a wrong type is "?", which is not valid.
                    let mut f = Fields::default();
                    for (k, name) in [("month", "exp_month"), ("year", "exp_year")] {
                        let v = Reflect::get(&value, &JsValue::from_str(k)).unwrap_or_default();
                        if f.set(name, self::value(&v)).is_err() {
                            let _ = f.set(name, FieldValue::Text(String::from("?")));
                        }
                    }
                    let part = |name| f.get(name).unwrap_or("");
                    validate::expiry_parts(part("exp_month"), part("exp_year"), now)
                } else {
                    validate::expiry(&text, now)
                };
                validation(&v, false)
            }
            "cvc" => validation(&validate::cvc(&text, extra_str), false),
            "name" => validation(&validate::name(&text), false),
            "email" => validation(&validate::email(&text), false),
            "phone" => {
                let (v, e164) = match validate::phone::to_e164(&text, extra_str) {
                    Ok(p) => (Validation::VALID, JsValue::from_str(&p)),
                    Err(v) => (v, JsValue::NULL),
                };
                let o = validation(&v, false);
                set(&o, "e164", &e164);
                o
            }
            "address" => {
                let mut f = Fields::default();
                read_group(&value, "address", &mut f);
                let v = validate::address(f.address.as_ref().unwrap_or(&Address::default()));
                let whole = Validation {
                    valid: v.valid,
                    potentially_valid: v.potentially_valid,
                    code: v.code,
                    brand: None,
                };
                let o = validation(&whole, false);
                set(&o, "field", &opt_str(v.field));
                let members = Object::new();
                for (k, m) in &v.members {
                    set(&members, k, &validation(m, false));
                }
                set(&o, "fields", &members);
                o
            }
            _ => validation(&Validation::invalid(fields::UNKNOWN_FIELD, false), false),
        }
    })
}

/// `formatField(formatter, a, b, caret)`, behind `format.*`, by name: `number(a)`,
/// `expiry(a)`, `caret(a, b, caret)` (old value, new value, caret position → new
/// position). `a` and `b` are strings. An unknown formatter gives `a` back unchanged.
#[wasm_bindgen(js_name = formatField)]
pub fn format_field(formatter: &str, a: JsValue, b: JsValue, caret: u32) -> JsValue {
    scrubbed(|| {
        let (a, b) = (text(&a).unwrap_or_default(), text(&b).unwrap_or_default());
        match formatter {
            // Copied straight into JS strings; the Rust buffers are zeroized when dropped.
            "number" => JsValue::from_str(&validate::format::number(&a)),
            "expiry" => JsValue::from_str(&validate::format::expiry(&a)),
            "caret" => JsValue::from(validate::format::caret(&a, &b, caret as usize) as u32),
            _ => JsValue::from_str(&a),
        }
    })
}

/// `codes()` → `{ error: [...], field: [...], warning: [...] }`: every code of the code
/// table by kind (`crate::messages`). Not part of the documented API: the tests check
/// `index.d.ts`'s `CardSealErrorCode` union against it.
#[wasm_bindgen]
pub fn codes() -> Object {
    use crate::messages::{codes_of, Kind};
    let o = Object::new();
    for (name, kind) in [
        ("error", Kind::Error),
        ("field", Kind::Field),
        ("warning", Kind::Warning),
    ] {
        let list = Array::new();
        for code in codes_of(kind) {
            list.push(&JsValue::from_str(code));
        }
        set(&o, name, &list);
    }
    o
}

/// `brands()` → `[{ id, name }]`: every card brand of the brand table
/// ([`crate::validate::brands::BRANDS`]), in table order, with the name shoppers know it
/// by (`american-express`, `American Express`).
#[wasm_bindgen]
pub fn brands() -> Array {
    let rows = Array::new();
    for b in validate::brands::BRANDS {
        let o = Object::new();
        set(&o, "id", &JsValue::from_str(b.id));
        set(&o, "name", &JsValue::from_str(b.name));
        rows.push(&o);
    }
    rows
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
