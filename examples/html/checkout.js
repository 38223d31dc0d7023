import { CardSeal } from "cardseal";

// The processor key's thumbprint (the key page, or `cardseal key-info`): a page served
// with another key does not seal (KEY_NOT_PINNED).
const EXPECTED_KID = "{{kid}}";
const form = /** @type {HTMLFormElement} */ (document.getElementById("pay"));
const pay = /** @type {HTMLButtonElement} */ (document.getElementById("pay-button"));
// Your monitoring hears why a form could not be bound (the shopper sees the form's
// data-cardseal-unavailable notice, and the form stays inert).
form.addEventListener("cardseal:error", (e) => console.error("cardseal:", e.detail.code));
// Validates and formats as the shopper types, seals on submit.
const binding = await CardSeal.attach(form, form.dataset.merchantKey ?? "", { kid: EXPECTED_KID });
// Pay only when a submit would seal.
const update = () => (pay.disabled = !binding.complete);
form.addEventListener("cardseal:change", update);
update();
