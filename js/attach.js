// The checkout-form binding behind `sealer.attach(form, options)` (DESIGN §3). It finds
// the fields by their `data-cardseal` attributes, formats and checks them as the shopper
// types, and on submit replaces them with a JWE in hidden inputs. Plain JS for size: all
// validation, formatting, messages and sealing are the wasm exports', which read each
// value into a zeroizing buffer. Values are only read from the inputs when needed, never
// kept, and the sealed inputs are emptied after sealing.
// From the package entry, which imports this module too: the cycle is safe, as nothing
// here runs before `attach` is called.
import { validate, format, messages, CardSealError } from "./index.js";

// Every `data-cardseal` name: [the name core validation reports it by (and where its
// value goes in the sealed fields), autocomplete token, inputmode].
const KINDS = {
  __proto__: null,
  number: ["number", "cc-number", "numeric"],
  expiry: ["expiry", "cc-exp", "numeric"],
  "exp-month": ["exp_month", "cc-exp-month", "numeric"],
  "exp-year": ["exp_year", "cc-exp-year", "numeric"],
  cvc: ["cvc", "cc-csc", "numeric"],
  name: ["name", "cc-name"],
  email: ["email", "email", "email"],
  phone: ["phone", "tel", "tel"],
  "address-line1": ["address.line1", "address-line1"],
  "address-line2": ["address.line2", "address-line2"],
  city: ["address.city", "address-level2"],
  region: ["address.region", "address-level1"],
  "postal-code": ["address.postal_code", "postal-code"],
  country: ["address.country", "country"],
};

// Numbers the message elements the binding creates: unique ids with several forms.
let nextId = 1;

/** `sealer.attach(form, options)`: binds `form`; gives `{ detach() }`. */
export function attach(sealer, form, options) {
  if (!(globalThis.HTMLFormElement && form instanceof HTMLFormElement))
    throw new CardSealError("INVALID_FORM", "attach() takes a <form> element.");
  const prefix = options?.hiddenInputName;
  const name = typeof prefix == "string" && prefix ? prefix : "cardseal";
  const perField = !!options?.perField;
  const text = messages(sealer.locale);

  // What the binding changed, for detach: [element, attribute, original value or null]
  // the first time each attribute changes, and the elements it added.
  const attrs = [];
  let added = [];
  const set = (el, a, value) => {
    if (!attrs.some(([e, b]) => e == el && b == a)) attrs.push([el, a, el.getAttribute(a)]);
    value == null ? el.removeAttribute(a) : el.setAttribute(a, value);
  };
  const add = (el, where, to) => (to.insertAdjacentElement(where, el), added.push(el), el);

  // The fields in document order: { key, el, msg (the element its messages go in),
  // own (the shop's text of that element, shown again when a mark clears), marked }.
  const fields = [];
  for (const el of form.querySelectorAll("[data-cardseal]")) {
    const attr = el.getAttribute("data-cardseal");
    const kind = KINDS[attr];
    if (!kind) continue;
    const [key, autocomplete, inputmode] = kind;
    // A sealed field must not post in plaintext, even when the script fails: its `name`
    // goes, for good, with one console warning.
    if (el.hasAttribute("name")) {
      el.removeAttribute("name");
      console.warn(`cardseal: removed the name of the "${attr}" field so that it cannot post in plaintext. Sealed fields must have no name attribute.`);
    }
    // Autofill hints and keyboards where the shop left them out; no inputmode on a select.
    if (!el.hasAttribute("autocomplete")) set(el, "autocomplete", autocomplete);
    if (inputmode && typeof el.type == "string" && !el.type.startsWith("select") && !el.hasAttribute("inputmode"))
      set(el, "inputmode", inputmode);
    // The message element: the first one `aria-describedby` names, made a polite live
    // region unless inside one; else a new `<span aria-live="polite">` after the field.
    const described = el.getAttribute("aria-describedby");
    let msg = described && form.ownerDocument.getElementById(described.trim().split(/\s+/)[0]);
    let own = null;
    if (msg) {
      if (!msg.closest("[aria-live]")) set(msg, "aria-live", "polite");
      own = msg.textContent;
    } else {
      msg = form.ownerDocument.createElement("span");
      msg.id = `cardseal-${attr}-message-${nextId++}`;
      msg.setAttribute("aria-live", "polite");
      msg.className = "cardseal-message";
      add(msg, "afterend", el);
      set(el, "aria-describedby", described?.trim() ? `${described} ${msg.id}` : msg.id);
    }
    fields.push({ key, el, msg, own, marked: false });
  }
  const slot = (key) => fields.find((x) => x.key == key);
  // A field's value ("" when the element has none); undefined for a missing field.
  const val = (x) => x && (typeof x.el.value == "string" ? x.el.value : "");
  const value = (key) => val(slot(key));
  let brand = null;
  // Set from a submit until its outcome is known; stays set once the form posts.
  let busy = false;
  let bound = true;

  // Marking a field invalid with the message for `code`, and clearing the mark.
  const mark = (x, code) => {
    set(x.el, "aria-invalid", "true");
    x.msg.textContent = text[code];
    x.marked = true;
  };
  const unmark = (x) => {
    if (x?.marked) {
      set(x.el, "aria-invalid", null);
      x.msg.textContent = x.own ?? "";
      x.marked = false;
    }
  };

  // Validates one field as the seal would, in the context of the others (the CVC
  // against the brand, the phone and postal code against the country).
  const check = (x) => {
    const { key } = x;
    const s = val(x);
    if (key == "number") return validate.number(s);
    if (key == "expiry") return validate.expiry(s);
    if (key.startsWith("exp_")) return validate.expiry({ month: value("exp_month") ?? "", year: value("exp_year") ?? "" });
    if (key == "cvc") return validate.cvc(s, brand);
    if (key == "phone") return validate.phone(s, value("address.country"));
    if (key.startsWith("address.")) {
      const a = {};
      for (const o of fields) if (o.key.startsWith("address.")) a[o.key.slice(8)] = val(o);
      return validate.address(a).fields[key.slice(8)];
    }
    return key == "name" ? validate.name(s) : validate.email(s);
  };

  // The field an expiry error belongs on: the expiry; or the month when the month is
  // wrong (out of range or empty), else the year.
  const expiryTarget = (code) => {
    const month = slot("exp_month");
    const year = slot("exp_year");
    return slot("expiry") ||
      (code == "MONTH_OUT_OF_RANGE" || val(month)?.trim() === "" ? month || year : year || month);
  };

  // Marks or clears `x` after checking it. For a separate month and year, the mark goes
  // on the month when the month is wrong, else on the year.
  const recheck = (x) => {
    const r = check(x);
    let target = x;
    if (x.key.startsWith("exp_")) {
      target = expiryTarget(r.code);
      unmark(slot("exp_month"));
      unmark(slot("exp_year"));
    }
    !r.valid && r.code && target ? mark(target, r.code) : unmark(x);
  };

  // Shows a new brand: `data-cardseal-brand` on the form, a `cardseal:brand` event, and
  // the CVC's `maxlength` (4 when the brand takes 4 digits or is unknown, else 3).
  const setBrand = (b) => {
    if (b === brand) return;
    brand = b;
    set(form, "data-cardseal-brand", b);
    const cvc = slot("cvc");
    if (cvc) set(cvc.el, "maxlength", validate.cvc("1234", b).valid ? "4" : "3");
    form.dispatchEvent(new CustomEvent("cardseal:brand", { bubbles: true, detail: { brand: b } }));
  };

  // As the shopper types: the number and the expiry are reformatted with the caret kept
  // in place, the brand followed, and a marked field cleared as soon as it is right.
  const onInput = (e) => {
    const x = fields.find((o) => o.el == e.target);
    if (!x) return;
    if (x.key == "number" || x.key == "expiry") {
      const { el } = x;
      const old = val(x);
      const neu = format[x.key](old);
      if (old != neu) {
        let caret = el.selectionStart;
        el.value = neu;
        if (caret != null) el.setSelectionRange((caret = format.caret(old, neu, caret)), caret);
      }
      if (x.key == "number") setBrand(validate.number(neu).brand);
    }
    if (x.marked) recheck(x);
  };

  // Blur (heard in the capture phase: it does not bubble): mark the field if invalid. An
  // empty field the shopper only passed through is left alone until submit; so is the
  // month while the year is still empty (the pair is judged when the year is left).
  const onBlur = (e) => {
    const x = fields.find((o) => o.el == e.target);
    if (!x || !val(x).trim() || (x.key == "exp_month" && value("exp_year")?.trim() === "")) return;
    recheck(x);
  };

  // Marks every invalid field, focuses the first, and dispatches `cardseal:invalid` with
  // `{ fields: { number: "LUHN_FAILED", … }, code }`.
  const invalid = (err) => {
    fields.forEach(unmark);
    let first;
    for (const [key, code] of Object.entries(err.fields || {})) {
      const t = key == "expiry" ? expiryTarget(code) : slot(key);
      if (t) {
        mark(t, code);
        if (!first || fields.indexOf(t) < fields.indexOf(first)) first = t;
      }
    }
    first?.el.focus();
    form.dispatchEvent(new CustomEvent("cardseal:invalid", {
      bubbles: true, detail: { fields: { ...err.fields }, code: err.code },
    }));
  };

  // On submit: validate everything, then seal, write the hidden inputs, empty the sealed
  // fields, announce `cardseal:sealed` and, unless that is cancelled, post.
  const onSubmit = (e) => {
    e.preventDefault();
    // A second submit while one is being sealed or posted is ignored.
    if (busy) return;
    busy = true;
    let jwe, summary;
    try {
      // The values go straight from the inputs to wasm; this object is dropped here.
      const all = {};
      for (const x of fields)
        x.key.startsWith("address.") ? ((all.address ||= {})[x.key.slice(8)] = val(x)) : (all[x.key] = val(x));
      if (perField) ({ summary } = jwe = sealer.sealEach(all));
      else ({ jwe, summary } = sealer.seal(all));
    } catch (err) {
      busy = false;
      if (!(err instanceof CardSealError)) throw err;
      return invalid(err);
    }
    // Replace the hidden inputs of an earlier seal with this one's.
    added = added.filter((el) => !el.hasAttribute("data-cardseal-hidden") || el.remove());
    const hidden = (suffix, content) => {
      const input = add(form.ownerDocument.createElement("input"), "beforeend", form);
      input.type = "hidden";
      input.name = suffix ? `${name}_${suffix}` : name;
      input.setAttribute("data-cardseal-hidden", "");
      input.value = content ?? "";
    };
    if (perField) for (const k in jwe) hidden(k, jwe[k]);
    else hidden("", jwe);
    hidden("brand", summary.brand);
    hidden("last4", summary.last4);
    for (const x of fields) {
      x.el.value = "";
      unmark(x);
    }
    const post = form.dispatchEvent(new CustomEvent("cardseal:sealed", {
      bubbles: true, cancelable: true, detail: { jwe, kid: sealer.kid, summary },
    }));
    // submit() fires no second submit event and skips constraint validation, which the
    // emptied fields would now fail. (The prototype's: a field named "submit" shadows it.)
    if (post && bound) HTMLFormElement.prototype.submit.call(form);
    else busy = false;
  };

  // `blur` does not bubble: the form hears it, and `input`, in the capture phase.
  const listeners = [["input", onInput, true], ["blur", onBlur, true], ["submit", onSubmit, false]];
  for (const l of listeners) form.addEventListener(...l);

  return {
    /** Removes every listener and element the binding added and restores every
     * attribute it changed, except the `name`s it stripped. Again, it does nothing. */
    detach() {
      if (!bound) return;
      bound = false;
      for (const l of listeners) form.removeEventListener(...l);
      for (const x of fields) if (x.own != null) x.msg.textContent = x.own;
      for (const [el, a, old] of attrs.reverse()) old == null ? el.removeAttribute(a) : el.setAttribute(a, old);
      for (const el of added) el.remove();
      attrs.length = added.length = 0;
    },
  };
}
