import { CardSeal } from "cardseal";

const form = /** @type {HTMLFormElement} */ (document.getElementById("pay"));
const sealer = await CardSeal.create(/** @type {string} */ (form.dataset.merchantKey));
sealer.attach(form); // validates and formats as the shopper types, seals on submit
