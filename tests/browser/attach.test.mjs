// The attach suite: every behaviour of `sealer.attach(form, options)`, driven by real
// DOM events on a real form, against the built package. WebCrypto opens the JWEs, as
// the second implementation. Port of the former tests/web.rs (its
// runs_in_the_expected_browser check is done by scripts/browser-test.mjs, from the
// WebDriver session's capabilities and this page's user agent).
import { messages, validate, CardSeal, CardSealError } from "/pkg/index.js";
import { test, eq, ne, deepEq, ok, includes, excludes } from "./harness.mjs";
import {
  bind, makeForm, field, attr, outer, byId, typeInto, typeChars, blur, submit, record,
  onSealedSubmitAgain, submitPrevented, captureWarnings, open, nextLoad, PEM, PRIVATE_JWK,
} from "./util.mjs";

const CHECKOUT = `<form action="about:blank" method="get">
  <input id="order" name="order_id" value="A-17">
  <input id="number" data-cardseal="number" name="cc">
  <input id="expiry" data-cardseal="expiry">
  <input id="cvc" data-cardseal="cvc" autocomplete="off">
  <input id="name" data-cardseal="name" aria-describedby="name-hint">
  <span id="name-hint">As printed on the card</span>
  <button>Pay</button>
</form>`;

/** Types a valid card (with `number`) into the checkout, key by key. */
function fill(form, number) {
  for (const [id, text] of [["#number", number], ["#expiry", "1234"], ["#cvc", "123"], ["#name", "Ada Lovelace"]]) {
    const el = field(form, id);
    typeInto(el, "", 0);
    typeChars(el, text);
  }
}

/** The text of a message code in a locale; never undefined (that would compare equal). */
function message(code, locale) {
  const m = messages(locale)[code];
  eq(typeof m, "string", `message ${code} (${locale})`);
  ok(m.length > 0, `message ${code} (${locale}) is empty`);
  return m;
}

const B64U = /^[A-Za-z0-9_-]+$/;

test("seals_on_submit_and_webcrypto_opens_it", async () => {
  const form = makeForm(CHECKOUT);
  bind(form);
  const sealed = record(form, "cardseal:sealed", true);
  fill(form, "4111111111111111");
  field(form, "button").click(); // the shopper presses Pay
  eq(sealed.length, 1, "cardseal:sealed events");
  const detail = sealed[0];
  const jwe = detail.jwe;
  eq(typeof jwe, "string", "detail.jwe");
  const parts = jwe.split(".");
  eq(parts.length, 5, "JWE parts");
  parts.forEach((p, i) => ok(B64U.test(p), `JWE part ${i} is base64url: ${JSON.stringify(p.slice(0, 40))}`));
  eq(detail.summary.brand, "visa", "summary.brand");
  eq(detail.summary.last4, "1111", "summary.last4");
  eq(detail.summary.exp_year, 2034, "summary.exp_year");

  // The hidden inputs carry the JWE and the summary.
  const hidden = (name) => field(form, `input[type=hidden][name=${name}]`)?.value;
  eq(hidden("cardseal"), jwe, "hidden input cardseal");
  eq(hidden("cardseal_brand"), "visa", "hidden input cardseal_brand");
  eq(hidden("cardseal_last4"), "1111", "hidden input cardseal_last4");

  const { header, plaintext: p } = await open(jwe);
  eq(typeof detail.kid, "string", "detail.kid");
  eq(header.kid, detail.kid, "header kid");
  eq(header.alg, "RSA-OAEP-256", "header alg");
  eq(header.enc, "A256GCM", "header enc");
  eq(p.number, "4111111111111111", "plaintext number");
  eq(p.exp_month, 12, "plaintext exp_month");
  eq(p.cvc, "123", "plaintext cvc");
  eq(p.name, "Ada Lovelace", "plaintext name");
});

test("per_field_mode_writes_one_input_per_field", async () => {
  const form = makeForm(CHECKOUT);
  bind(form, { hiddenInputName: "enc", perField: true });
  const sealed = record(form, "cardseal:sealed", true);
  fill(form, "4111111111111111");
  submit(form);
  eq(sealed.length, 1, "cardseal:sealed events");
  const jwes = sealed[0].jwe;
  eq(typeof jwes, "object", "detail.jwe with perField");
  // One JWE per field the form has, the expiry as its two parts.
  deepEq(Object.keys(jwes).sort(), ["cvc", "exp_month", "exp_year", "name", "number"], "the fields of detail.jwe");
  for (const [k, jwe] of Object.entries(jwes)) eq(jwe.split?.(".").length, 5, `detail.jwe.${k}: JWE parts`);
  const seen = new Set();
  for (const [name, key, want] of [
    ["enc_number", "number", "4111111111111111"],
    ["enc_cvc", "cvc", "123"],
    ["enc_name", "name", "Ada Lovelace"],
  ]) {
    const input = field(form, `input[name=${name}]`);
    ok(input, `an input named ${name}`);
    const jwe = input.value;
    eq(jwes[key], jwe, `detail.jwe.${key} is the value of ${name}`);
    eq(jwe.split(".").length, 5, `${name}: JWE parts`);
    ok(!seen.has(jwe), `${name}: a JWE of its own`);
    seen.add(jwe);
    const { plaintext: p } = await open(jwe);
    eq(p[key], want, name);
    deepEq(Object.keys(p), [key], `${name}: the one field`);
  }
  eq(field(form, "input[name=enc]"), null, "no whole-form input");
  eq(field(form, "input[name=enc_brand]")?.value, "visa", "enc_brand");
});

test("markup_names_stripped_and_autofill_hints_set", () => {
  const form = makeForm(`<form>
    <input id="n" data-cardseal="number" name="card_number">
    <input id="c" data-cardseal="cvc" name="cvv" inputmode="text">
    <select id="m" data-cardseal="exp-month" name="month"><option value="">--</option><option>01</option><option>12</option></select>
    <select id="y" data-cardseal="exp-year"><option value="">--</option><option>2034</option></select>
    <input id="e" data-cardseal="email">
    <input id="p" data-cardseal="postal-code" autocomplete="billing postal-code">
    <input id="o" name="order_id" value="A-17">
    </form>`);
  const stop = captureWarnings();
  let warnings;
  try {
    bind(form);
  } finally {
    warnings = stop();
  }
  eq(warnings.length, 3, `one warning per stripped name (${JSON.stringify(warnings)})`);
  includes(warnings[0], '"number"', "first warning");
  includes(warnings[1], '"cvc"', "second warning");
  includes(warnings[2], '"exp-month"', "third warning");
  for (const id of ["#n", "#c", "#m"]) eq(attr(field(form, id), "name"), null, `${id} name`);
  eq(attr(field(form, "#o"), "name"), "order_id", "#o name");
  const hint = (id, a) => attr(field(form, id), a);
  eq(hint("#n", "autocomplete"), "cc-number", "#n autocomplete");
  eq(hint("#n", "inputmode"), "numeric", "#n inputmode");
  eq(hint("#c", "autocomplete"), "cc-csc", "#c autocomplete");
  eq(hint("#c", "inputmode"), "text", "#c inputmode kept");
  eq(hint("#m", "autocomplete"), "cc-exp-month", "#m autocomplete");
  eq(hint("#m", "inputmode"), null, "no inputmode on a select");
  eq(hint("#y", "autocomplete"), "cc-exp-year", "#y autocomplete");
  eq(hint("#e", "autocomplete"), "email", "#e autocomplete");
  eq(hint("#e", "inputmode"), "email", "#e inputmode");
  eq(hint("#p", "autocomplete"), "billing postal-code", "#p autocomplete kept");
  eq(hint("#o", "autocomplete"), null, "not a cardseal field");
});

test("number_and_expiry_are_formatted_keeping_the_caret", () => {
  const form = makeForm(CHECKOUT);
  bind(form);
  const n = field(form, "#number");
  const caret = () => n.selectionStart;
  typeChars(n, "41111");
  eq(n.value, "4111 1", "typed");
  eq(caret(), 6, "caret after typing");
  // [what the input holds after the edit, its caret, the formatted value, the caret
  // after formatting, what the edit was]
  for (const [value, at, want, wantAt, what] of [
    ["41211 1", 3, "4121 11", 3, "typed in the middle"], // "2" after the first "1"
    ["411 11", 2, "4111 1", 2, "deleted in the middle"], // the "2" goes again
    ["4111111111111111", 16, "4111 1111 1111 1111", 19, "pasted"], // a whole number
    ["4111 1111 1111 11119", 20, "4111 1111 1111 11119", 20, "typed a 19th digit"], // visa takes 19
  ]) {
    typeInto(n, value, at);
    eq(n.value, want, what);
    eq(caret(), wantAt, `caret after: ${what}`);
  }

  const e = field(form, "#expiry");
  typeChars(e, "1");
  eq(e.value, "1", "expiry 1");
  typeChars(e, "2");
  eq(e.value, "12 / ", "expiry 12");
  typeChars(e, "3");
  eq(e.value, "12 / 3", "expiry 123");
  typeInto(e, "4", 1);
  eq(e.value, "04 / ", "expiry 4");
});

test("brand_is_exposed_and_cvc_length_follows_it", () => {
  const form = makeForm(CHECKOUT);
  bind(form);
  const brands = record(form, "cardseal:brand", false);
  const n = field(form, "#number");
  const cvc = field(form, "#cvc");
  typeChars(n, "4");
  eq(attr(form, "data-cardseal-brand"), "visa", "brand after 4");
  eq(attr(cvc, "maxlength"), "3", "cvc maxlength for visa");
  typeChars(n, "111");
  eq(brands.length, 1, "one event per change of brand");
  typeInto(n, "37", 2);
  eq(attr(form, "data-cardseal-brand"), "american-express", "brand after 37");
  eq(attr(cvc, "maxlength"), "4", "cvc maxlength for amex");
  typeInto(n, "", 0);
  eq(attr(form, "data-cardseal-brand"), null, "brand when empty");
  deepEq(brands.map((d) => d.brand), ["visa", "american-express", null], "cardseal:brand details");
});

test("blur_marks_an_invalid_field_and_fixing_clears_it", () => {
  const form = makeForm(CHECKOUT);
  bind(form);
  const n = field(form, "#number");
  blur(n);
  eq(attr(n, "aria-invalid"), null, "an untouched empty field is left alone");
  typeChars(n, "4111111111111112");
  eq(attr(n, "aria-invalid"), null, "not while typing");
  blur(n);
  eq(attr(n, "aria-invalid"), "true", "marked on blur");
  const id = attr(n, "aria-describedby");
  ok(id, "the number has an aria-describedby");
  const msg = byId(id);
  ok(msg, `an element with id ${id}`);
  eq(msg.textContent, message("LUHN_FAILED", "en"), "the message");
  eq(attr(msg, "aria-live"), "polite", "aria-live");
  // Fixing the last digit clears the mark at once.
  typeInto(n, "4111 1111 1111 1111", 19);
  eq(attr(n, "aria-invalid"), null, "cleared when fixed");
  eq(msg.textContent, "\u00a0", "message cleared (a no-break space keeps its line)");

  // A field with its own aria-describedby element: the message goes there, and the
  // shop's text comes back when fixed.
  const name = field(form, "#name");
  typeChars(name, "1");
  blur(name);
  eq(attr(name, "aria-invalid"), "true", "name marked");
  eq(attr(name, "aria-describedby"), "name-hint", "the shop's describedby kept");
  const hint = byId("name-hint");
  const code = validate.name("1").code;
  eq(typeof code, "string", "validate.name(\"1\").code");
  eq(hint.textContent, message(code, "en"), "the message in the shop's element");
  eq(attr(hint, "aria-live"), "polite", "aria-live on the shop's element");
  typeInto(name, "Ada", 3);
  eq(attr(name, "aria-invalid"), null, "name cleared");
  eq(hint.textContent, "As printed on the card", "the shop's text back");
});

test("messages_follow_the_locale", () => {
  const form = makeForm(CHECKOUT);
  bind(form, undefined, "id");
  const n = field(form, "#number");
  typeChars(n, "4111111111111112");
  blur(n);
  const msg = byId(attr(n, "aria-describedby"));
  ok(msg, "a message element");
  const id = message("LUHN_FAILED", "id");
  ne(id, message("LUHN_FAILED", "en"), "the id text differs from the en one");
  eq(msg.textContent, id, "the message in Indonesian");
});

test("invalid_submit_marks_focuses_and_sends_nothing", () => {
  const form = makeForm(CHECKOUT);
  bind(form);
  const sealed = record(form, "cardseal:sealed", true);
  const invalid = record(form, "cardseal:invalid", false);
  typeChars(field(form, "#number"), "4111111111111111");
  typeChars(field(form, "#expiry"), "0120");
  submit(form);
  eq(sealed.length, 0, "cardseal:sealed events");
  eq(invalid.length, 1, "cardseal:invalid events");
  const fields = invalid[0].fields;
  eq(fields?.expiry, "EXPIRED", "fields.expiry");
  eq(fields.cvc, "EMPTY", "fields.cvc");
  eq(fields.name, "EMPTY", "fields.name");
  eq(fields.number, undefined, "fields.number");
  for (const id of ["#expiry", "#cvc", "#name"]) eq(attr(field(form, id), "aria-invalid"), "true", `${id} marked`);
  eq(attr(field(form, "#number"), "aria-invalid"), null, "#number not marked");
  ok(document.activeElement === field(form, "#expiry"),
    `the first invalid field has the focus, not ${document.activeElement?.outerHTML.slice(0, 80)}`);
  eq(field(form, "input[type=hidden]"), null, "no hidden input");
  eq(field(form, "#number").value, "4111 1111 1111 1111", "nothing cleared");
});

test("after_submit_no_plaintext_is_left_and_other_inputs_are_untouched", () => {
  const form = makeForm(CHECKOUT);
  bind(form);
  const sealed = record(form, "cardseal:sealed", true);
  fill(form, "4111111111111111");
  submit(form);
  eq(sealed.length, 1, "cardseal:sealed events");
  for (const id of ["#number", "#expiry", "#cvc", "#name"]) eq(field(form, id).value, "", `${id} cleared`);
  const order = field(form, "#order");
  eq(order.value, "A-17", "order value");
  eq(attr(order, "name"), "order_id", "order name");
  // Nothing in the form's own data holds a digit run of the number.
  excludes(outer(form), "4111", "the form's HTML");
});

test("a_second_submit_while_sealing_is_ignored", () => {
  const form = makeForm(CHECKOUT);
  bind(form);
  onSealedSubmitAgain(form);
  const sealed = record(form, "cardseal:sealed", true);
  const invalid = record(form, "cardseal:invalid", false);
  fill(form, "4111111111111111");
  submit(form);
  eq(sealed.length, 1, "cardseal:sealed events");
  eq(invalid.length, 0, "cardseal:invalid events");
});

test("an_uncancelled_seal_posts_the_form_natively", async () => {
  const form = makeForm(`<form method="get" action="posted" target="sink">
    <input name="order_id" value="A-17">
    <input id="number" data-cardseal="number">
    <input id="expiry" data-cardseal="expiry">
    <input id="cvc" data-cardseal="cvc">
    <input id="name" data-cardseal="name">
    </form><iframe name="sink" id="sink"></iframe>`);
  bind(form);
  const sealed = record(form, "cardseal:sealed", false);
  const invalid = record(form, "cardseal:invalid", false);
  fill(form, "4111111111111111");
  const loaded = nextLoad(byId("sink"));
  submit(form);
  const query = await loaded;
  eq(sealed.length, 1, "cardseal:sealed events");
  includes(query, "order_id=A-17", "the posted query");
  includes(query, "cardseal=eyJ", "the posted query");
  includes(query, "cardseal_brand=visa", "the posted query");
  includes(query, "cardseal_last4=1111", "the posted query");
  excludes(query, "411111", "the posted query");
  excludes(query, "4111+1111", "the posted query");
  excludes(query, "Lovelace", "the posted query");
  excludes(query, "=123&", "the posted query");
  // The form has posted: another submit is ignored.
  submit(form);
  eq(sealed.length, 1, "cardseal:sealed events after a second submit");
  eq(invalid.length, 0, "cardseal:invalid events");
  // Shown again from the back/forward cache (WebKit keeps the posted page there): a new
  // checkout, without the last one's JWE, that seals and posts again. A pageshow that is
  // not from that cache changes nothing.
  dispatchEvent(new PageTransitionEvent("pageshow", { persisted: false }));
  submit(form);
  eq(sealed.length, 1, "cardseal:sealed events after a pageshow not from the cache");
  ne(form.querySelector("input[name=cardseal]"), null, "the posted JWE, before the page is restored");
  dispatchEvent(new PageTransitionEvent("pageshow", { persisted: true }));
  eq(form.querySelector("input[name=cardseal]"), null, "the last checkout's JWE, once restored");
  fill(form, "4111111111111111");
  const again = nextLoad(byId("sink"));
  submit(form);
  includes(await again, "cardseal=eyJ", "the query posted after the restore");
  eq(sealed.length, 2, "cardseal:sealed events after the restore");
});

test("detach_restores_the_form", () => {
  const form = makeForm(CHECKOUT);
  const before = outer(form).replace(' name="cc"', "");
  let b = bind(form);
  ne(outer(form), before, "the binding changed the form");
  const n = field(form, "#number");
  typeChars(n, "4111111111111112");
  blur(n);
  const name = field(form, "#name");
  typeChars(name, "1");
  blur(name);
  b.detach();
  eq(outer(form), before, "the form after detach");
  eq(byId("name-hint").textContent, "As printed on the card", "the shop's hint text");
  // No listener is left: typing is not reformatted and submit is not intercepted.
  typeInto(n, "41111", 5);
  eq(n.value, "41111", "not reformatted after detach");
  eq(submitPrevented(form), false, "submit prevented after detach");
  b.detach(); // a second detach does nothing

  // After a (cancelled) seal, detach also takes the hidden inputs away.
  b = bind(form);
  record(form, "cardseal:sealed", true);
  fill(form, "4111111111111111");
  submit(form);
  ok(field(form, "input[name=cardseal]"), "a hidden input after the seal");
  b.detach();
  eq(outer(form), before, "the form after the second detach");
});

test("attach_is_idempotent_per_form_and_strictmode_cleanup_rebinds_once", () => {
  const form = makeForm(CHECKOUT);
  const sealer = new CardSeal(PEM);
  const a = sealer.attach(form);
  const once = outer(form);
  // React StrictMode without cleanup: the effect runs twice, with a new sealer even.
  eq(sealer.attach(form), a, "the same sealer: the same binding");
  eq(new CardSeal(PEM).attach(form, { perField: true }), a, "another sealer: still the binding the form has");
  eq(outer(form), once, "nothing added by the second attach");
  const sealed = record(form, "cardseal:sealed", true);
  const invalid = record(form, "cardseal:invalid");
  fill(form, "4111111111111111");
  submit(form);
  eq(sealed.length, 1, "one seal per submit");
  eq(invalid.length, 0, "no EMPTY errors from a second binding");
  // With the README's cleanup: attach, detach, attach binds anew, once.
  a.detach();
  const b = sealer.attach(form);
  ne(b, a, "a new binding after detach");
  eq(form.querySelectorAll(".cardseal-message").length, 3, "one message element per field (name has the shop's)");
  eq(form.querySelectorAll("input[type=hidden]").length, 0, "the first binding's hidden inputs are gone");
  b.detach();
});

test("created_message_elements_reserve_their_line", () => {
  const form = makeForm(CHECKOUT + "<p id=below>below</p>");
  bind(form);
  const n = field(form, "#number");
  const msg = byId(attr(n, "aria-describedby"));
  eq(msg.tagName, "DIV", "a block element");
  eq(msg.className, "cardseal-message", "the documented class");
  const button = field(form, "button");
  const y = () => button.getBoundingClientRect().top;
  const top = y();
  ok(msg.getBoundingClientRect().height > 0, "the empty message element has a height");
  typeChars(n, "4111111111111112");
  blur(n);
  eq(msg.textContent, message("LUHN_FAILED", "en"), "the message shows");
  eq(y(), top, "the Pay button did not move");
});

test("an_unknown_data_cardseal_value_or_a_non_form_throws_a_table_message", () => {
  // A value the field table does not have is a mistake in the page: attach throws,
  // naming the attribute, and binds nothing (no field is left silently unchecked).
  const form = makeForm(`<form>
    <input id="number" data-cardseal="number" name="cc">
    <input id="typo" data-cardseal="card-number" name="card">
    </form>`);
  const before = outer(form).replace(' name="cc"', "").replace(' name="card"', "");
  const stop = captureWarnings();
  let thrown = null;
  try {
    bind(form, undefined, "id");
  } catch (e) {
    thrown = e;
  } finally {
    stop();
  }
  ok(thrown instanceof CardSealError, `a CardSealError, not ${thrown}`);
  eq(thrown.code, "UNKNOWN_FORM_FIELD", "code");
  includes(thrown.message, message("UNKNOWN_FORM_FIELD", "id"), "the message, in the sealer's locale");
  includes(thrown.message, 'data-cardseal="card-number"', "the message names the attribute");
  // The names go (a sealed field must never post in plaintext), and nothing else changed.
  eq(outer(form), before, "the form after the refused attach");
  eq(submitPrevented(form), false, "submit is not intercepted");

  // Not a form: INVALID_FORM, with the code table's text.
  for (const locale of ["en", "id"]) {
    let e = null;
    try {
      bind(document.createElement("div"), undefined, locale);
    } catch (err) {
      e = err;
    }
    ok(e instanceof CardSealError, `${locale}: a CardSealError, not ${e}`);
    eq(e.code, "INVALID_FORM", `${locale}: code`);
    eq(e.message, message("INVALID_FORM", locale), `${locale}: message`);
  }
});

test("default_country_reads_a_national_phone_in_the_binding_and_the_seal", async () => {
  const html = CHECKOUT.replace("<button>", '<input id="phone" data-cardseal="phone">\n  <button>');
  // Without defaultCountry a national number is marked on blur.
  let form = makeForm(html);
  bind(form);
  let phone = field(form, "#phone");
  typeChars(phone, "0812-3456-7890");
  blur(phone);
  eq(attr(phone, "aria-invalid"), "true", "marked without defaultCountry");
  eq(byId(attr(phone, "aria-describedby")).textContent, message("MISSING_COUNTRY_CODE", "en"), "its message");
  form.parentNode.remove();
  // With it, the same number is valid and sealed in E.164.
  form = makeForm(html);
  const sealer = new CardSeal(PEM, { defaultCountry: "ID" });
  eq(sealer.defaultCountry, "ID", "sealer.defaultCountry");
  sealer.attach(form);
  phone = field(form, "#phone");
  typeChars(phone, "0812-3456-7890");
  blur(phone);
  eq(attr(phone, "aria-invalid"), null, "valid with defaultCountry ID");
  const sealed = record(form, "cardseal:sealed", true);
  fill(form, "4111111111111111");
  submit(form);
  eq(sealed.length, 1, "cardseal:sealed events");
  const { plaintext: p } = await open(sealed[0].jwe);
  eq(p.phone, "+6281234567890", "plaintext phone");
});

// One validity vocabulary (issue 23 item 2): in-page, `cardseal:change` reports each
// field's { field, valid, complete, brand, empty } on transitions only, as frame mode's
// on("change") does, and the binding's `state` and `complete` can be read at any time.
test("change_events_report_transitions_and_pay_follows_binding_complete", () => {
  const form = makeForm(CHECKOUT.replace("<button>Pay</button>", '<button id="pay" disabled>Pay</button>'));
  const pay = field(form, "#pay");
  eq(pay.disabled, true, "the markup keeps Pay disabled until the form is bound");
  const binding = bind(form);
  eq(pay.disabled, false, "attach enables the submit button the markup kept disabled");
  // The README's Pay-button snippet: Pay only when a submit would seal.
  const enable = () => (pay.disabled = !binding.complete);
  form.addEventListener("cardseal:change", enable);
  enable();
  eq(pay.disabled, true, "nothing typed: Pay is disabled");
  deepEq(binding.state.number, { brand: null, valid: false, complete: false, empty: true }, "the number's state before typing");
  const changes = record(form, "cardseal:change");
  const number = field(form, "#number");
  typeChars(number, "4242424242424242");
  // 16 keystrokes, two transitions: no longer empty (with the brand once its first digit
  // tells), then complete and valid at the 16th digit. Never one per keystroke.
  const own = changes.filter((c) => c.field == "number");
  deepEq(own, [
    { field: "number", brand: "visa", valid: false, complete: false, empty: false },
    { field: "number", brand: "visa", valid: true, complete: true, empty: false },
  ], "the number's change events");
  ok(changes.every((c) => c.brand === "visa"), "every event carries the brand");
  eq(pay.disabled, true, "the number alone: Pay still disabled");
  // A part-typed field is neither complete nor valid until the shopper leaves it.
  const name = field(form, "#name");
  typeChars(name, "Ada");
  eq(binding.state.name.complete, true, "a valid name is complete as typed");
  typeChars(field(form, "#expiry"), "12");
  deepEq(binding.state.expiry, { brand: "visa", valid: false, complete: false, empty: false }, "a half expiry");
  blur(field(form, "#expiry"));
  deepEq(binding.state.expiry, { brand: "visa", valid: false, complete: true, empty: false }, "a half expiry, left");
  typeChars(field(form, "#expiry"), "34");
  typeChars(field(form, "#cvc"), "123");
  eq(binding.complete, true, "every field valid");
  eq(pay.disabled, false, "Pay enabled by the change event");
  // A typo makes Pay disabled again.
  typeInto(number, "4242 4242 4242 4241", 19);
  eq(binding.state.number.valid, false, "a Luhn typo");
  eq(pay.disabled, true, "Pay disabled again");
  typeInto(number, "4242 4242 4242 4242", 19);
  eq(pay.disabled, false, "fixed: Pay enabled");
  // Sealing empties the sensitive fields: the page hears it, and Pay goes off.
  record(form, "cardseal:sealed", true);
  pay.click();
  eq(binding.state.number.empty, true, "the number after sealing");
  eq(pay.disabled, true, "Pay after sealing (cancelled post)");
  binding.detach();
  eq(pay.hasAttribute("disabled"), true, "detach leaves the form inert again");
});

// Safe before bound (issue 23 item 1): CardSeal.attach leaves a form it could not bind
// inert, shows the page's own notice and tells the page's monitoring why.
test("a_failed_create_leaves_the_form_inert_with_its_notice_and_an_error_event", async () => {
  const form = makeForm(`<form action="about:blank" method="get">
    <input id="number" data-cardseal="number">
    <p id="down" data-cardseal-unavailable hidden>Card payment is unavailable right now. Nothing was sent.</p>
    <button id="pay" disabled>Pay</button></form>`);
  const errors = record(form, "cardseal:error");
  let thrown;
  await CardSeal.attach(form, PRIVATE_JWK).catch((e) => (thrown = e));
  ok(thrown instanceof CardSealError, "rejects with a CardSealError");
  eq(thrown.name, "CardSealError", "the class name, also minified");
  eq(thrown.code, "PRIVATE_KEY_PASTED", "the code");
  eq(errors.length, 1, "one cardseal:error");
  eq(errors[0], thrown, "its detail is the error");
  eq(byId("down").hidden, false, "the page's notice shows");
  eq(field(form, "#pay").disabled, true, "Pay stays disabled");
  // A submit by any other way (Enter, a script) does not post.
  eq(submitPrevented(form), true, "a submit is prevented");
  // And with a good key: bound, Pay enabled, the notice left hidden.
  const ok2 = makeForm(`<form><input data-cardseal="number"><p id="down2" data-cardseal-unavailable hidden>x</p><button disabled>Pay</button></form>`);
  const b = await CardSeal.attach(ok2, PEM, { locale: "id", hiddenInputName: "enc" });
  eq(typeof b.detach, "function", "a binding");
  eq(field(ok2, "button").disabled, false, "Pay enabled");
  eq(byId("down2").hidden, true, "no notice");
  b.detach();
});
