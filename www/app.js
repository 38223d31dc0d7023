// The Toko Senja checkout page. It uses only cardseal's public npm API: load the wasm,
// make a sealer with the processor's public key, and `attach` it to the form, which
// validates as the shopper types and, on submit, posts only the sealed data.
// Sealed (the `data-cardseal` inputs, which have no name): the card and the contact
// (name, email, phone), for the processor alone. Posted in plain (named inputs): the
// shipping address, which the shop needs to deliver; this page checks it with the
// package's validate.address and shows the package's messages, like the binding does.
// Runs under `require-trusted-types-for 'script'`: text goes in with textContent only.
import init, { CardSeal, brands, messages, validate } from "/pkg/index.js";
import { setPageLanguage } from "/static/i18n.js";

const form = document.getElementById("checkout");
const pay = document.getElementById("pay");
const brand = document.getElementById("brand");
const phone = form.querySelector('[data-cardseal="phone"]');
const country = form.querySelector('[data-address="country"]');
const meta = (name) => document.querySelector(`meta[name="${name}"]`).content;

let locale = "en";
let sealer = null;
let binding = null;

/** (Re)binds the form with a sealer in `locale`, so messages follow the switch. */
function bind(locale) {
  binding?.detach();
  sealer?.free();
  sealer = new CardSeal(meta("cardseal-public-key"), { locale });
  binding = sealer.attach(form, { hiddenInputName: "cardseal" });
}

function setLanguage(to) {
  locale = setPageLanguage(to);
  if (form.querySelector("[data-address][aria-invalid]")) checkAddress();
  if (sealer) bind(locale);
}

/**
 * The shipping address, checked by the package (validate.address, in the chosen
 * country) and the page's `required`: each problem's message (the package's, in the
 * page's language) under its field. Gives the first invalid field, or null.
 */
function checkAddress() {
  const inputs = [...form.querySelectorAll("[data-address]")];
  const values = Object.fromEntries(inputs.map((el) => [el.dataset.address, el.value]));
  const { fields } = validate.address(values);
  const text = messages(locale);
  let first = null;
  for (const el of inputs) {
    const r = fields[el.dataset.address];
    const problem = el.required && !el.value.trim() ? "EMPTY" : r && !r.valid ? r.code : null;
    document.getElementById(el.getAttribute("aria-describedby")).textContent = problem ? text[problem] : "";
    if (problem) el.setAttribute("aria-invalid", "true");
    else el.removeAttribute("aria-invalid");
    first ??= problem ? el : null;
  }
  return first;
}

/**
 * A phone number typed the national way (0812-3456-7890, (021) 555 1234) is read in the
 * shipping country and written back in E.164 (+6281234567890), so that the binding, which
 * seals no address to read it in, takes it as it is. Anything else is left to the binding.
 */
function phoneInE164() {
  const r = validate.phone(phone.value, country.value);
  if (r.valid && r.e164 !== phone.value) phone.value = r.e164;
}

/**
 * Whether the sealed fields are all valid, by the validators the binding seals with: for
 * a submit with a wrong address, which must not be sealed (sealing empties the fields).
 */
function sealedFieldsValid() {
  const value = (name) => form.querySelector(`[data-cardseal="${name}"]`).value;
  const { brand: b, valid: numberValid } = validate.number(value("number"));
  return numberValid && validate.expiry(value("expiry")).valid && validate.cvc(value("cvc"), b).valid
    && validate.name(value("name")).valid && validate.email(value("email")).valid
    && validate.phone(value("phone")).valid;
}

// These listeners are added before the binding's (capture runs first at the form), so
// they run before it: the phone is in E.164 before the binding checks or seals it.
form.addEventListener("blur", (e) => {
  if (e.target === phone) phoneInE164();
  else if (e.target.dataset?.address && e.target.hasAttribute("aria-invalid")) checkAddress();
}, true);
// A wrong address stops the submit before the binding seals. When a sealed field is
// wrong too, the binding goes on, to mark it (it does not seal then), so the shopper sees
// every problem at once.
form.addEventListener("submit", (e) => {
  phoneInE164();
  const bad = checkAddress();
  if (bad && sealedFieldsValid()) {
    e.preventDefault();
    e.stopImmediatePropagation();
    bad.focus();
  }
}, true);
// After the binding marked its fields: the focus goes to the first problem on the page.
form.addEventListener("cardseal:invalid", () => form.querySelector('[aria-invalid="true"]')?.focus());
// A form is sealed only when the address was right at the submit (above); should it be
// wrong here all the same, the sealed form is not posted.
form.addEventListener("cardseal:sealed", (e) => {
  if (checkAddress()) {
    e.preventDefault();
    return;
  }
  pay.disabled = true;
  pay.setAttribute("aria-busy", "true");
});
// WebKit (Safari) keeps the page in its back/forward cache, no-store or not: Back would
// show it as it was posted (the binding busy, Pay disabled, the sealed JWE in the hidden
// inputs). A page shown again from that cache loads afresh instead.
addEventListener("pageshow", (e) => e.persisted && location.reload());

// The brand's name as shoppers know it, from cardseal's brand table; none for a number of
// no brand of the table ("unknown", which still pays).
form.addEventListener("cardseal:brand", (e) => {
  brand.textContent = brands().find((b) => b.id === e.detail.brand)?.name ?? "";
});
for (const b of document.querySelectorAll("[data-lang]")) {
  b.addEventListener("click", () => setLanguage(b.dataset.lang));
}

try {
  // The wasm is fetched with its SRI hash too, not only the script tags.
  await init({ module_or_path: fetch("/pkg/cardseal_bg.wasm", { integrity: meta("cardseal-wasm-integrity") }) });
  bind(document.documentElement.lang === "id" ? "id" : "en");
  pay.disabled = false;
} catch (e) {
  document.getElementById("load-error").hidden = false;
  throw e;
}
