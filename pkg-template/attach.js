// The checkout-form binding behind `sealer.attach(form, options)` (index.d.ts). It finds
// the fields by their `data-cardseal` attributes, formats and checks them as the shopper
// types, and on submit replaces them with a JWE in hidden inputs. Plain JS for size (the
// build minifies it): the field table, validation, formatting, messages and sealing are
// the wasm exports', which read each value into a zeroizing buffer. Values are only read
// from the inputs when needed, never kept, and every bound input is emptied after
// sealing. The entry (index.js) imports this module; it imports the runtime (runtime.js)
// and the glue (cardseal.js), never the entry, so the imports run one way.
import { validate, format, messages, CardSealError } from "./runtime.js";
import { fieldTable, brands } from "./cardseal.js";

// Which fields exist, their `data-cardseal` values, autofill hints and validators come
// from the field table (src/fields/, through `fieldTable()`). These names are only the
// fields the binding gives a behaviour of their own: the number and the expiry are
// formatted as typed, the number's brand sets the CVC's length, the month and the year
// are judged as a pair, and a phone number is read in the address's country (or the
// sealer's `defaultCountry`).
const NUMBER = "number";
const EXPIRY = "expiry";
const MONTH = "exp_month";
const YEAR = "exp_year";
const CVC = "cvc";
const COUNTRY = "address.country";

// Numbers the message elements the binding creates: unique ids with several forms.
let nextId = 1;

// What a message element the binding created holds while it shows no message: a no-break
// space, so that the element (a block) keeps one line's height and nothing below it
// moves when a message appears.
const EMPTY = "\u00a0";

// The live binding of each bound form: attach is idempotent per form (React StrictMode
// runs an effect twice), and detach forgets it.
const bound = new WeakMap();

/** `sealer.attach(form, options)`: binds `form`, or gives the binding it has; gives
 * `{ detach(), state, complete }`. */
export function attach(sealer, form, options) {
  return bound.get(form) || new Binding(sealer, form, options);
}

/** A bound form: one `attach`'s state and handlers. Its public members are `detach`,
 * `state` and `complete`. */
class Binding {
  #sealer;
  #form;
  // The code table's texts in the sealer's locale.
  #text;
  #hiddenName;
  #perField;
  // The bound fields, in document order: each a field table row (with `group` and
  // `member` for a member of a group: `address` and `city` for `address.city`), `el`, `msg`
  // (the element its messages go in), `own` (that element's text from the shop, shown
  // again when a mark clears), `marked`.
  #fields = [];
  // What the binding changed, for detach: each attribute's value before its first change
  // (null: it was absent), and the elements it added.
  #changed = [];
  #added = [];
  #brand = null;
  // What the page last heard of each field (`cardseal:change`), by name.
  #heard = {};
  // Set from a submit until its outcome is known; stays set once the form posts.
  #busy = false;
  #bound = true;
  // `blur` does not bubble: the form hears it, and `input`, in the capture phase.
  #listeners = [
    ["input", (e) => this.#onInput(e), true],
    ["blur", (e) => this.#onBlur(e), true],
    ["submit", (e) => this.#onSubmit(e), false],
  ];
  // Shown again from the back/forward cache after it posted (WebKit keeps even no-store
  // pages there): a new checkout, not busy, without the last one's JWE.
  #onShow = (e) => {
    if (e.persisted) {
      this.#busy = false;
      this.#removeHiddenInputs();
    }
  };

  constructor(sealer, form, options) {
    const text = messages(sealer.locale);
    if (!(globalThis.HTMLFormElement && form instanceof HTMLFormElement)) {
      throw new CardSealError("INVALID_FORM", text.INVALID_FORM);
    }
    this.#sealer = sealer;
    this.#form = form;
    this.#text = text;
    this.#hiddenName = hiddenInputName(options);
    this.#perField = Boolean(options?.perField);
    const elements = [...form.querySelectorAll("[data-cardseal]")];
    for (const el of elements) stripName(el);
    // The field table by `data-cardseal` value.
    const rows = new Map(fieldTable().map((row) => [row.attr, row]));
    const found = elements.map((el) => [el, this.#rowOf(rows, el)]);
    for (const [el, row] of found) this.#fields.push(this.#bindField(el, row));
    for (const [type, handler, capture] of this.#listeners) form.addEventListener(type, handler, capture);
    addEventListener("pageshow", this.#onShow);
    bound.set(form, this);
    // Bound: the submit buttons the page kept `disabled` until now work (detach disables
    // them again), as the binding's submit handler guards the form.
    for (const el of form.elements) if (el.type == "submit" && el.disabled) this.#setAttr(el, "disabled", null);
  }

  /** Each field's state, by name, as frame mode's "change" reports it (frame.d.ts
   * FieldChange): `complete` once the shopper is done with it (left it with a value, or
   * typed all it takes: for the number, a length of its brand of 16 digits or more, or
   * its longest), `valid` only once complete, `empty`, and the number's `brand`. */
  get state() {
    const state = {};
    for (const x of this.#fields) {
      const v = valueOf(x);
      const r = this.#check(x);
      const done = x.name == NUMBER
        ? r.code != "TOO_SHORT" && (v.replace(/\D/g, "").length > 15 || validate.number(v + "0").code == "TOO_LONG")
        : r.valid || !r.potentiallyValid;
      const complete = !!v && (x.left || done);
      state[x.name] = { brand: this.#brand, valid: complete && r.valid, complete, empty: !v };
    }
    return state;
  }

  /** Whether a submit would seal: every field valid, or empty where it may be. */
  get complete() {
    const state = this.state;
    return this.#fields.every((x) => state[x.name].valid || (state[x.name].empty && this.#check(x).valid));
  }

  /** `cardseal:change` `{ field, valid, complete, brand, empty }` for each field whose
   * state changed since the page last heard it (the brand only with the number): on
   * transitions, never once per keystroke. */
  #report() {
    const state = this.state;
    for (const field in state) {
      const s = state[field];
      const now = [s.valid, s.complete, s.empty, field == NUMBER && s.brand] + "";
      if (this.#heard[field] != now) {
        this.#heard[field] = now;
        this.#form.dispatchEvent(new CustomEvent("cardseal:change", { bubbles: true, detail: { field, ...s } }));
      }
    }
  }

  /** Removes every listener and element the binding added and restores every attribute
   * it changed, except the `name`s it stripped; again, does nothing. Works unbound. */
  detach = () => {
    if (!this.#bound) return;
    this.#bound = false;
    bound.delete(this.#form);
    for (const [type, handler, capture] of this.#listeners) this.#form.removeEventListener(type, handler, capture);
    removeEventListener("pageshow", this.#onShow);
    for (const x of this.#fields) {
      if (x.own != null) x.msg.textContent = x.own;
    }
    for (const c of this.#changed.reverse()) writeAttr(c.el, c.name, c.old);
    for (const el of this.#added) el.remove();
    this.#changed = [];
    this.#added = [];
  };

  /** The table row of a `data-cardseal` element. A value not in the table is a mistake
   * in the page: it throws `UNKNOWN_FORM_FIELD`, before the binding changes anything but
   * the names it strips, rather than leave the field unchecked. */
  #rowOf(rows, el) {
    const attr = el.getAttribute("data-cardseal");
    const row = rows.get(attr);
    if (!row) {
      throw new CardSealError("UNKNOWN_FORM_FIELD", `${this.#text.UNKNOWN_FORM_FIELD} (data-cardseal="${attr}")`);
    }
    return row;
  }

  /** Binds one field: autofill hints and a message element; gives its record. */
  #bindField(el, row) {
    this.#setHints(el, row);
    const { msg, own } = this.#messageElement(el, row.attr);
    return { ...row, el, msg, own, marked: false };
  }

  /** Autofill hints and keyboards the shop left out; no inputmode on a select. */
  #setHints(el, row) {
    if (!el.hasAttribute("autocomplete")) this.#setAttr(el, "autocomplete", row.autocomplete);
    if (row.inputmode && takesInputmode(el) && !el.hasAttribute("inputmode")) {
      this.#setAttr(el, "inputmode", row.inputmode);
    }
  }

  /** The element a field's messages go in: the first one its `aria-describedby` names,
   * made a polite live region unless inside one; else a new
   * `<div class="cardseal-message" aria-live="polite">` after the field, one line high
   * when empty (EMPTY). `own` is the shop's text of its element. */
  #messageElement(el, attr) {
    const doc = this.#form.ownerDocument;
    const described = el.getAttribute("aria-describedby");
    const shops = described && doc.getElementById(described.trim().split(/\s+/)[0]);
    if (shops) {
      if (!shops.closest("[aria-live]")) this.#setAttr(shops, "aria-live", "polite");
      return { msg: shops, own: shops.textContent };
    }
    const msg = doc.createElement("div");
    msg.textContent = EMPTY;
    msg.id = `cardseal-${attr}-message-${nextId++}`;
    msg.setAttribute("aria-live", "polite");
    msg.className = "cardseal-message";
    this.#addElement(msg, "afterend", el);
    this.#setAttr(el, "aria-describedby", described?.trim() ? `${described} ${msg.id}` : msg.id);
    return { msg, own: null };
  }

  /** Sets an attribute (null removes it), remembering its first value for detach. */
  #setAttr(el, name, value) {
    if (!this.#changed.some((c) => c.el == el && c.name == name)) {
      this.#changed.push({ el, name, old: el.getAttribute(name) });
    }
    writeAttr(el, name, value);
  }

  /** Inserts an element the binding owns (detach removes it). */
  #addElement(el, where, to) {
    to.insertAdjacentElement(where, el);
    this.#added.push(el);
  }

  /** The bound field named `name`, if the form has it. */
  #find(name) {
    return this.#fields.find((x) => x.name == name);
  }

  /** The value of the field named `name`; undefined when the form has no such field. */
  #valueNamed(name) {
    const x = this.#find(name);
    return x && valueOf(x);
  }

  /** Marks a field invalid with the message for `code`. */
  #mark(x, code) {
    this.#setAttr(x.el, "aria-invalid", "true");
    x.msg.textContent = this.#text[code];
    x.marked = true;
  }

  /** Clears a field's mark, if it has one; the shop's text comes back. */
  #unmark(x) {
    if (!x?.marked) return;
    this.#setAttr(x.el, "aria-invalid", null);
    x.msg.textContent = x.own ?? EMPTY;
    x.marked = false;
  }

  /** Validates one field as the seal would, with its row's validator, in the context of
   * the others: a member within its group (the address), the expiry parts as a pair, the
   * CVC against the brand, the phone against the address's country or else the
   * sealer's `defaultCountry`. */
  #check(x) {
    const s = valueOf(x);
    if (x.group) return validate[x.validator](this.#groupValues(x.group)).fields[x.member];
    if (isExpiryPart(x)) return validate.expiry({ month: this.#valueNamed(MONTH) ?? "", year: this.#valueNamed(YEAR) ?? "" });
    if (x.validator == "cvc") return validate.cvc(s, this.#brand);
    if (x.validator == "phone") return validate.phone(s, this.#valueNamed(COUNTRY)?.trim() || this.#sealer.defaultCountry);
    return validate[x.validator](s);
  }

  /** The values of the bound members of a group: `{ city: "…", … }`. */
  #groupValues(group) {
    const values = {};
    for (const x of this.#fields) {
      if (x.group == group) values[x.member] = valueOf(x);
    }
    return values;
  }

  /** The field an expiry error belongs on: the expiry; or the month when the month is
   * wrong (out of range or empty), else the year. */
  #expiryTarget(code) {
    const whole = this.#find(EXPIRY);
    if (whole) return whole;
    const month = this.#find(MONTH);
    const year = this.#find(YEAR);
    const monthWrong = code == "MONTH_OUT_OF_RANGE" || this.#valueNamed(MONTH)?.trim() === "";
    if (monthWrong) return month || year;
    return year || month;
  }

  /** Marks or clears `x` after checking it. For a separate month and year, the mark goes
   * on the month when the month is wrong, else on the year. */
  #recheck(x) {
    const r = this.#check(x);
    let target = x;
    if (isExpiryPart(x)) {
      target = this.#expiryTarget(r.code);
      this.#unmark(this.#find(MONTH));
      this.#unmark(this.#find(YEAR));
    }
    if (!r.valid && r.code && target) this.#mark(target, r.code);
    else this.#unmark(x);
  }

  /** Shows a new brand: `data-cardseal-brand` on the form, a `cardseal:brand` event, and
   * the CVC's `maxlength`. */
  #setBrand(brand) {
    if (brand === this.#brand) return;
    this.#brand = brand;
    this.#setAttr(this.#form, "data-cardseal-brand", brand);
    const cvc = this.#find(CVC);
    // The brand's code length (brands()); an unknown brand takes 3 or 4 digits.
    if (cvc) this.#setAttr(cvc.el, "maxlength", brands().find((b) => b.id == brand)?.cvc ?? 4);
    this.#form.dispatchEvent(new CustomEvent("cardseal:brand", { bubbles: true, detail: { brand } }));
  }

  /** As the shopper types: the number and the expiry are reformatted with the caret kept
   * in place, the brand followed, and a marked field cleared as soon as it is right. */
  #onInput(e) {
    const x = this.#fields.find((o) => o.el == e.target);
    if (!x) return;
    if (x.name == NUMBER || x.name == EXPIRY) reformat(x);
    if (x.name == NUMBER) this.#setBrand(validate.number(valueOf(x)).brand);
    if (x.marked) this.#recheck(x);
    x.left = 0;
    this.#report();
  }

  /** Blur: marks the field if invalid. An empty field the shopper only passed through is
   * left alone until submit; so is the month while the year is still empty (the pair is
   * judged when the year is left). */
  #onBlur(e) {
    const x = this.#fields.find((o) => o.el == e.target);
    if (!x) return;
    x.left = !!valueOf(x);
    this.#report();
    if (!valueOf(x).trim() || (x.name == MONTH && this.#valueNamed(YEAR)?.trim() === "")) return;
    this.#recheck(x);
  }

  /** On submit: validate everything, then seal, write the hidden inputs, empty the
   * sensitive fields, announce `cardseal:sealed` and, unless that is cancelled, post. */
  #onSubmit(e) {
    e.preventDefault();
    // A second submit while one is being sealed or posted is ignored.
    if (this.#busy) return;
    this.#busy = true;
    let sealed;
    try {
      sealed = this.#seal();
    } catch (err) {
      this.#busy = false;
      if (!(err instanceof CardSealError)) throw err;
      this.#showInvalid(err);
      return;
    }
    this.#writeHiddenInputs(sealed);
    for (const x of this.#fields) {
      x.el.value = "";
      this.#unmark(x);
    }
    this.#report();
    const detail = { jwe: sealed.jwe, kid: this.#sealer.kid, summary: sealed.summary };
    const post = this.#form.dispatchEvent(new CustomEvent("cardseal:sealed", { bubbles: true, cancelable: true, detail }));
    // submit() fires no second submit event and skips constraint validation, which the
    // emptied fields would now fail. (The prototype's: a field named "submit" shadows
    // it.)
    if (post && this.#bound) HTMLFormElement.prototype.submit.call(this.#form);
    else this.#busy = false;
  }

  /** Seals the bound fields: `{ jwe, summary }`, where `jwe` is one JWE or, per field,
   * `{ number: jwe, … }`. The values go straight from the inputs to wasm; the object that
   * holds them is dropped here. */
  #seal() {
    const all = {};
    for (const x of this.#fields) {
      if (x.group) {
        all[x.group] ||= {};
        all[x.group][x.member] = valueOf(x);
      } else {
        all[x.name] = valueOf(x);
      }
    }
    if (!this.#perField) return this.#sealer.seal(all);
    const jwe = this.#sealer.sealEach(all);
    return { jwe, summary: jwe.summary };
  }

  /** Marks every invalid field, focuses the first, and dispatches `cardseal:invalid`
   * with `{ fields: { number: "LUHN_FAILED", … }, code }`. */
  #showInvalid(err) {
    for (const x of this.#fields) this.#unmark(x);
    let first = null;
    for (const [name, code] of Object.entries(err.fields || {})) {
      const target = name == EXPIRY ? this.#expiryTarget(code) : this.#find(name);
      if (!target) continue;
      this.#mark(target, code);
      if (!first || this.#fields.indexOf(target) < this.#fields.indexOf(first)) first = target;
    }
    first?.el.focus();
    const detail = { fields: { ...err.fields }, code: err.code };
    this.#form.dispatchEvent(new CustomEvent("cardseal:invalid", { bubbles: true, detail }));
  }

  /** The hidden inputs, in place of an earlier seal's: the JWE (with `perField`, one per
   * field: `cardseal_number`, …), `cardseal_brand` and `cardseal_last4`. */
  #writeHiddenInputs({ jwe, summary }) {
    this.#removeHiddenInputs();
    const name = this.#hiddenName;
    if (this.#perField) {
      for (const k in jwe) this.#addHidden(`${name}_${k}`, jwe[k]);
    } else {
      this.#addHidden(name, jwe);
    }
    this.#addHidden(`${name}_brand`, summary.brand);
    this.#addHidden(`${name}_last4`, summary.last4);
  }

  /** Removes the hidden inputs of an earlier seal. */
  #removeHiddenInputs() {
    const kept = [];
    for (const el of this.#added) {
      if (el.hasAttribute("data-cardseal-hidden")) el.remove();
      else kept.push(el);
    }
    this.#added = kept;
  }

  #addHidden(name, value) {
    const input = this.#form.ownerDocument.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.setAttribute("data-cardseal-hidden", "");
    input.value = value ?? "";
    this.#addElement(input, "beforeend", this.#form);
  }
}

/** The name of the hidden input with the JWE, and prefix of the others. */
function hiddenInputName(options) {
  const name = options?.hiddenInputName;
  if (typeof name == "string" && name) return name;
  return "cardseal";
}

/** A sealed field must not post in plaintext, even when the script fails later: its
 * `name` goes, for good, with one console warning. */
function stripName(el) {
  if (!el.hasAttribute("name")) return;
  el.removeAttribute("name");
  const attr = el.getAttribute("data-cardseal");
  console.warn(`cardseal: removed the name of data-cardseal="${attr}" (no plaintext post).`);
}

function takesInputmode(el) {
  return typeof el.type == "string" && !el.type.startsWith("select");
}

function writeAttr(el, name, value) {
  if (value == null) el.removeAttribute(name);
  else el.setAttribute(name, value);
}

/** A bound field's value: "" when its element has none. */
function valueOf(x) {
  return typeof x.el.value == "string" ? x.el.value : "";
}

function isExpiryPart(x) {
  return x.name == MONTH || x.name == YEAR;
}

/** Formats the number or the expiry, keeping the caret where it was in the text. */
function reformat(x) {
  const { el } = x;
  const old = valueOf(x);
  const formatted = format[x.name](old);
  if (old == formatted) return;
  const caret = el.selectionStart;
  el.value = formatted;
  if (caret == null) return;
  const at = format.caret(old, formatted, caret);
  el.setSelectionRange(at, at);
}
