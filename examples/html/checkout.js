import { CardSeal } from "cardseal";

const form = document.getElementById("pay");
const sealer = await CardSeal.create(form.dataset.merchantKey);
sealer.attach(form); // validates and formats as the shopper types, seals on submit
