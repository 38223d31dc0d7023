//! Browser suite (`make test-browser`, headless Chromium and Firefox): sealing in the
//! browser and every behaviour of `attach`, driven by real DOM events on a real form.
//! WebCrypto opens the JWEs, as the second implementation.

#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may panic

#[path = "web/util.rs"]
mod util;

use cardseal::dom::Options;
use cardseal::messages::{message, Locale};
use util::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// `make test-browser` passes the browser it started as `CARDSEAL_BROWSER`, e.g.
/// `Chrome/156` or `Firefox/153`: the page must run in that one.
#[wasm_bindgen_test]
fn runs_in_the_expected_browser() {
    let ua = user_agent();
    if let Some(want) = option_env!("CARDSEAL_BROWSER") {
        assert!(ua.contains(want), "expected {want}, running in {ua}");
    }
}

const CHECKOUT: &str = r#"<form action="about:blank" method="get">
  <input id="order" name="order_id" value="A-17">
  <input id="number" data-cardseal="number" name="cc">
  <input id="expiry" data-cardseal="expiry">
  <input id="cvc" data-cardseal="cvc" autocomplete="off">
  <input id="name" data-cardseal="name" aria-describedby="name-hint">
  <span id="name-hint">As printed on the card</span>
  <button>Pay</button>
</form>"#;

/// Types a valid card (with `number`) into the checkout, key by key.
fn fill(form: &web_sys::HtmlFormElement, number: &str) {
    for (id, text) in [
        ("#number", number),
        ("#expiry", "1234"),
        ("#cvc", "123"),
        ("#name", "Ada Lovelace"),
    ] {
        let el = field(form, id);
        type_into(&el, "", 0);
        type_chars(&el, text);
    }
}

#[wasm_bindgen_test]
async fn seals_on_submit_and_webcrypto_opens_it() {
    cleanup();
    let form = make_form(CHECKOUT);
    let _b = bind(&form, Options::default(), Locale::En);
    let sealed = record(&form, "cardseal:sealed", true);
    fill(&form, "4111111111111111");
    submit(&form);
    assert_eq!(sealed.length(), 1);
    let detail = sealed.get(0);
    let jwe = get_str(&detail, "jwe").unwrap();
    assert_eq!(jwe.split('.').count(), 5);
    let summary = get(&detail, "summary");
    assert_eq!(get_str(&summary, "brand").as_deref(), Some("visa"));
    assert_eq!(get_str(&summary, "last4").as_deref(), Some("1111"));
    assert_eq!(get(&summary, "exp_year").as_f64(), Some(2034.0));

    // The hidden inputs carry the JWE and the summary.
    let hidden = |name: &str| {
        value(&field(
            &form,
            &["input[type=hidden][name=", name, "]"].concat(),
        ))
    };
    assert_eq!(hidden("cardseal"), jwe);
    assert_eq!(hidden("cardseal_brand"), "visa");
    assert_eq!(hidden("cardseal_last4"), "1111");

    let opened = open(&jwe).await;
    let header = get(&opened, "header");
    assert_eq!(get_str(&header, "kid"), get_str(&detail, "kid"));
    assert_eq!(get_str(&header, "enc").as_deref(), Some("A256GCM"));
    let p = get(&opened, "plaintext");
    assert_eq!(get_str(&p, "number").as_deref(), Some("4111111111111111"));
    assert_eq!(get(&p, "exp_month").as_f64(), Some(12.0));
    assert_eq!(get_str(&p, "cvc").as_deref(), Some("123"));
    assert_eq!(get_str(&p, "name").as_deref(), Some("Ada Lovelace"));
    cleanup();
}

#[wasm_bindgen_test]
async fn per_field_mode_writes_one_input_per_field() {
    cleanup();
    let form = make_form(CHECKOUT);
    let opts = Options {
        hidden_input_name: "enc".into(),
        per_field: true,
    };
    let _b = bind(&form, opts, Locale::En);
    let sealed = record(&form, "cardseal:sealed", true);
    fill(&form, "4111111111111111");
    submit(&form);
    assert_eq!(sealed.length(), 1);
    let jwes = get(&sealed.get(0), "jwe");
    for (name, key, want) in [
        ("enc_number", "number", "4111111111111111"),
        ("enc_cvc", "cvc", "123"),
        ("enc_name", "name", "Ada Lovelace"),
    ] {
        let jwe = value(&field(&form, &["input[name=", name, "]"].concat()));
        assert_eq!(get_str(&jwes, key).as_deref(), Some(jwe.as_str()));
        let p = get(&open(&jwe).await, "plaintext");
        assert_eq!(get_str(&p, key).as_deref(), Some(want), "{name}");
        assert_eq!(
            js_sys::Object::keys(p.unchecked_ref::<js_sys::Object>()).length(),
            1,
            "{name}"
        );
    }
    assert!(field(&form, "input[name=enc]").is_null());
    assert_eq!(value(&field(&form, "input[name=enc_brand]")), "visa");
    cleanup();
}

use wasm_bindgen::JsCast;

#[wasm_bindgen_test]
fn markup_names_stripped_and_autofill_hints_set() {
    cleanup();
    let form = make_form(
        r#"<form>
        <input id="n" data-cardseal="number" name="card_number">
        <input id="c" data-cardseal="cvc" name="cvv" inputmode="text">
        <select id="m" data-cardseal="exp-month" name="month"><option value="">--</option><option>01</option><option>12</option></select>
        <select id="y" data-cardseal="exp-year"><option value="">--</option><option>2034</option></select>
        <input id="e" data-cardseal="email">
        <input id="p" data-cardseal="postal-code" autocomplete="billing postal-code">
        <input id="o" name="order_id" value="A-17">
        </form>"#,
    );
    let stop = capture_warnings();
    let _b = bind(&form, Options::default(), Locale::En);
    let warnings = restore_warnings(&stop);
    assert_eq!(warnings.length(), 3, "one warning per stripped name");
    let w: Vec<String> = warnings.iter().filter_map(|w| w.as_string()).collect();
    assert!(w[0].contains("\"number\""), "{w:?}");
    assert!(w[1].contains("\"cvc\""), "{w:?}");
    assert!(w[2].contains("\"exp-month\""), "{w:?}");
    for id in ["#n", "#c", "#m"] {
        assert_eq!(attr(&field(&form, id), "name"), None, "{id}");
    }
    assert_eq!(
        attr(&field(&form, "#o"), "name").as_deref(),
        Some("order_id")
    );
    let hint = |id: &str, a: &str| attr(&field(&form, id), a);
    assert_eq!(hint("#n", "autocomplete").as_deref(), Some("cc-number"));
    assert_eq!(hint("#n", "inputmode").as_deref(), Some("numeric"));
    assert_eq!(hint("#c", "autocomplete").as_deref(), Some("cc-csc"));
    assert_eq!(hint("#c", "inputmode").as_deref(), Some("text"), "kept");
    assert_eq!(hint("#m", "autocomplete").as_deref(), Some("cc-exp-month"));
    assert_eq!(hint("#m", "inputmode"), None, "no inputmode on a select");
    assert_eq!(hint("#y", "autocomplete").as_deref(), Some("cc-exp-year"));
    assert_eq!(hint("#e", "autocomplete").as_deref(), Some("email"));
    assert_eq!(hint("#e", "inputmode").as_deref(), Some("email"));
    assert_eq!(
        hint("#p", "autocomplete").as_deref(),
        Some("billing postal-code"),
        "kept"
    );
    assert_eq!(hint("#o", "autocomplete"), None, "not a cardseal field");
    cleanup();
}

#[wasm_bindgen_test]
fn number_and_expiry_are_formatted_keeping_the_caret() {
    cleanup();
    let form = make_form(CHECKOUT);
    let _b = bind(&form, Options::default(), Locale::En);
    let n = field(&form, "#number");
    let caret = || prop(&n, "selectionStart").as_f64().unwrap() as u32;
    type_chars(&n, "41111");
    assert_eq!(value(&n), "4111 1");
    assert_eq!(caret(), 6);
    // Typing in the middle: "4111 1" with "2" typed after the first "1".
    type_into(&n, "41211 1", 3);
    assert_eq!(value(&n), "4121 11");
    assert_eq!(caret(), 3);
    // Deleting in the middle: the "2" goes again.
    type_into(&n, "411 11", 2);
    assert_eq!(value(&n), "4111 1");
    assert_eq!(caret(), 2);
    // Pasting a whole number mid-string, caret after the paste.
    type_into(&n, "4111111111111111", 16);
    assert_eq!(value(&n), "4111 1111 1111 1111");
    assert_eq!(caret(), 19);
    type_into(&n, "4111 1111 1111 11119", 20);
    assert_eq!(value(&n), "4111 1111 1111 11119", "visa takes 19 digits");

    let e = field(&form, "#expiry");
    type_chars(&e, "1");
    assert_eq!(value(&e), "1");
    type_chars(&e, "2");
    assert_eq!(value(&e), "12 / ");
    type_chars(&e, "3");
    assert_eq!(value(&e), "12 / 3");
    type_into(&e, "4", 1);
    assert_eq!(value(&e), "04 / ");
    cleanup();
}

#[wasm_bindgen_test]
fn brand_is_exposed_and_cvc_length_follows_it() {
    cleanup();
    let form = make_form(CHECKOUT);
    let _b = bind(&form, Options::default(), Locale::En);
    let brands = record(&form, "cardseal:brand", false);
    let n = field(&form, "#number");
    let cvc = field(&form, "#cvc");
    type_chars(&n, "4");
    assert_eq!(attr(&form, "data-cardseal-brand").as_deref(), Some("visa"));
    assert_eq!(attr(&cvc, "maxlength").as_deref(), Some("3"));
    type_chars(&n, "111");
    assert_eq!(brands.length(), 1, "one event per change of brand");
    type_into(&n, "37", 2);
    assert_eq!(
        attr(&form, "data-cardseal-brand").as_deref(),
        Some("american-express")
    );
    assert_eq!(attr(&cvc, "maxlength").as_deref(), Some("4"));
    type_into(&n, "", 0);
    assert_eq!(attr(&form, "data-cardseal-brand"), None);
    let seen: Vec<JsValue> = brands.iter().map(|d| get(&d, "brand")).collect();
    assert_eq!(
        seen,
        [
            JsValue::from("visa"),
            JsValue::from("american-express"),
            JsValue::NULL
        ]
    );
    cleanup();
}

#[wasm_bindgen_test]
fn blur_marks_an_invalid_field_and_fixing_clears_it() {
    cleanup();
    let form = make_form(CHECKOUT);
    let _b = bind(&form, Options::default(), Locale::En);
    let n = field(&form, "#number");
    blur(&n);
    assert_eq!(
        attr(&n, "aria-invalid"),
        None,
        "an untouched empty field is left alone"
    );
    type_chars(&n, "4111111111111112");
    assert_eq!(attr(&n, "aria-invalid"), None, "not while typing");
    blur(&n);
    assert_eq!(attr(&n, "aria-invalid").as_deref(), Some("true"));
    let id = attr(&n, "aria-describedby").unwrap();
    let msg = by_id(&id);
    assert_eq!(
        prop(&msg, "textContent").as_string().as_deref(),
        Some(message("LUHN_FAILED", Locale::En))
    );
    assert_eq!(attr(&msg, "aria-live").as_deref(), Some("polite"));
    // Fixing the last digit clears the mark at once.
    type_into(&n, "4111 1111 1111 1111", 19);
    assert_eq!(attr(&n, "aria-invalid"), None);
    assert_eq!(prop(&msg, "textContent").as_string().as_deref(), Some(""));

    // A field with its own aria-describedby element: the message goes there, and the
    // shop's text comes back when fixed.
    let name = field(&form, "#name");
    type_chars(&name, "1");
    blur(&name);
    assert_eq!(attr(&name, "aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        attr(&name, "aria-describedby").as_deref(),
        Some("name-hint")
    );
    let hint = by_id("name-hint");
    assert_eq!(
        prop(&hint, "textContent").as_string().as_deref(),
        Some(message(
            cardseal::validate::name("1").code.unwrap(),
            Locale::En
        ))
    );
    assert_eq!(attr(&hint, "aria-live").as_deref(), Some("polite"));
    type_into(&name, "Ada", 3);
    assert_eq!(attr(&name, "aria-invalid"), None);
    assert_eq!(
        prop(&hint, "textContent").as_string().as_deref(),
        Some("As printed on the card")
    );
    cleanup();
}

#[wasm_bindgen_test]
fn messages_follow_the_locale() {
    cleanup();
    let form = make_form(CHECKOUT);
    let _b = bind(&form, Options::default(), Locale::Id);
    let n = field(&form, "#number");
    type_chars(&n, "4111111111111112");
    blur(&n);
    let msg = by_id(&attr(&n, "aria-describedby").unwrap());
    assert_eq!(
        prop(&msg, "textContent").as_string().as_deref(),
        Some(message("LUHN_FAILED", Locale::Id))
    );
    cleanup();
}

#[wasm_bindgen_test]
fn invalid_submit_marks_focuses_and_sends_nothing() {
    cleanup();
    let form = make_form(CHECKOUT);
    let _b = bind(&form, Options::default(), Locale::En);
    let sealed = record(&form, "cardseal:sealed", true);
    let invalid = record(&form, "cardseal:invalid", false);
    type_chars(&field(&form, "#number"), "4111111111111111");
    type_chars(&field(&form, "#expiry"), "0120");
    submit(&form);
    assert_eq!(sealed.length(), 0);
    assert_eq!(invalid.length(), 1);
    let fields = get(&invalid.get(0), "fields");
    assert_eq!(get_str(&fields, "expiry").as_deref(), Some("EXPIRED"));
    assert_eq!(get_str(&fields, "cvc").as_deref(), Some("EMPTY"));
    assert_eq!(get_str(&fields, "name").as_deref(), Some("EMPTY"));
    assert_eq!(get_str(&fields, "number"), None);
    for id in ["#expiry", "#cvc", "#name"] {
        assert_eq!(
            attr(&field(&form, id), "aria-invalid").as_deref(),
            Some("true"),
            "{id}"
        );
    }
    assert_eq!(attr(&field(&form, "#number"), "aria-invalid"), None);
    assert!(
        active_is(&field(&form, "#expiry")),
        "the first invalid field has the focus"
    );
    assert!(
        field(&form, "input[type=hidden]").is_null(),
        "no hidden input"
    );
    assert_eq!(
        value(&field(&form, "#number")),
        "4111 1111 1111 1111",
        "nothing cleared"
    );
    cleanup();
}

#[wasm_bindgen_test]
fn after_submit_no_plaintext_is_left_and_other_inputs_are_untouched() {
    cleanup();
    let form = make_form(CHECKOUT);
    let _b = bind(&form, Options::default(), Locale::En);
    let sealed = record(&form, "cardseal:sealed", true);
    fill(&form, "4111111111111111");
    submit(&form);
    assert_eq!(sealed.length(), 1);
    for id in ["#number", "#expiry", "#cvc", "#name"] {
        assert_eq!(value(&field(&form, id)), "", "{id} cleared");
    }
    let order = field(&form, "#order");
    assert_eq!(value(&order), "A-17");
    assert_eq!(attr(&order, "name").as_deref(), Some("order_id"));
    // Nothing in the form's own data holds a digit run of the number.
    let html = outer(&form);
    assert!(!html.contains("4111"), "{html}");
    cleanup();
}

#[wasm_bindgen_test]
fn a_second_submit_while_sealing_is_ignored() {
    cleanup();
    let form = make_form(CHECKOUT);
    let _b = bind(&form, Options::default(), Locale::En);
    on_sealed_submit_again(&form);
    let sealed = record(&form, "cardseal:sealed", true);
    let invalid = record(&form, "cardseal:invalid", false);
    fill(&form, "4111111111111111");
    submit(&form);
    assert_eq!(sealed.length(), 1);
    assert_eq!(invalid.length(), 0);
    cleanup();
}

#[wasm_bindgen_test]
async fn an_uncancelled_seal_posts_the_form_natively() {
    cleanup();
    let form = make_form(
        r#"<form method="get" action="posted" target="sink">
        <input name="order_id" value="A-17">
        <input id="number" data-cardseal="number">
        <input id="expiry" data-cardseal="expiry">
        <input id="cvc" data-cardseal="cvc">
        <input id="name" data-cardseal="name">
        </form><iframe name="sink" id="sink"></iframe>"#,
    );
    let _b = bind(&form, Options::default(), Locale::En);
    let sealed = record(&form, "cardseal:sealed", false);
    let invalid = record(&form, "cardseal:invalid", false);
    fill(&form, "4111111111111111");
    let loaded = next_load(&by_id("sink"));
    submit(&form);
    let query = wasm_bindgen_futures::JsFuture::from(loaded)
        .await
        .unwrap()
        .as_string()
        .unwrap();
    assert_eq!(sealed.length(), 1);
    assert!(query.contains("order_id=A-17"), "{query}");
    assert!(query.contains("cardseal=eyJ"), "{query}");
    assert!(query.contains("cardseal_brand=visa"), "{query}");
    assert!(query.contains("cardseal_last4=1111"), "{query}");
    assert!(
        !query.contains("411111") && !query.contains("4111+1111"),
        "{query}"
    );
    assert!(
        !query.contains("Lovelace") && !query.contains("=123&"),
        "{query}"
    );
    // The form has posted: another submit is ignored.
    submit(&form);
    assert_eq!(sealed.length(), 1);
    assert_eq!(invalid.length(), 0);
    cleanup();
}

#[wasm_bindgen_test]
fn detach_restores_the_form() {
    cleanup();
    let form = make_form(CHECKOUT);
    let before = outer(&form).replace(r#" name="cc""#, "");
    let mut b = bind(&form, Options::default(), Locale::En);
    assert_ne!(outer(&form), before);
    let n = field(&form, "#number");
    type_chars(&n, "4111111111111112");
    blur(&n);
    let name = field(&form, "#name");
    type_chars(&name, "1");
    blur(&name);
    b.detach();
    assert_eq!(outer(&form), before);
    assert_eq!(
        prop(&by_id("name-hint"), "textContent")
            .as_string()
            .as_deref(),
        Some("As printed on the card")
    );
    // No listener is left: typing is not reformatted and submit is not intercepted.
    type_into(&n, "41111", 5);
    assert_eq!(value(&n), "41111");
    assert!(!submit_prevented(&form));
    b.detach();

    // After a (cancelled) seal, detach also takes the hidden inputs away.
    let mut b = bind(&form, Options::default(), Locale::En);
    let _sealed = record(&form, "cardseal:sealed", true);
    fill(&form, "4111111111111111");
    submit(&form);
    assert!(!field(&form, "input[name=cardseal]").is_null());
    b.detach();
    assert_eq!(outer(&form), before);
    cleanup();
}
