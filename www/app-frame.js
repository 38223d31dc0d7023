// The Toko Senja checkout in frame mode (`/?mode=frame`, issue 15): the card fields are
// the processor's iframe (cardseal/frame); this page holds no card input and no wasm. On
// Pay, the frame seals the card with the contact and the address this page passes in,
// and the page posts only the JWE (and the address in plain, as in in-page mode).
import { mountCardFields } from "/pkg/frame.js";
import { setPageLanguage } from "/static/i18n.js";

const form = document.getElementById("checkout");
const pay = document.getElementById("pay");
const slot = document.getElementById("card-frame");
const error = document.getElementById("card-error");
const lang = setPageLanguage(document.documentElement.lang);

const fields = mountCardFields(slot, { frameUrl: slot.dataset.frameUrl, locale: lang, style: { fontFamily: "system-ui", fontSize: "16px" } });
// The language buttons switch the page's words and the frame's (labels and messages).
for (const b of document.querySelectorAll("[data-lang]")) {
  b.addEventListener("click", () => fields.setLocale(setPageLanguage(b.dataset.lang)));
}
fields.on("error", (e) => (error.textContent = e.message));
fields.ready.then(() => (pay.disabled = false));

function hidden(name, value) {
  const input = document.createElement("input");
  Object.assign(input, { type: "hidden", name, value });
  form.append(input);
}

form.addEventListener("submit", async (e) => {
  e.preventDefault();
  const value = (name) => form.querySelector(`[data-cardseal="${name}"]`).value;
  const address = {};
  for (const el of form.querySelectorAll("[data-address]")) if (el.value) address[el.dataset.address] = el.value;
  pay.disabled = true;
  error.textContent = "";
  try {
    const { jwe, summary } = await fields.seal({ name: value("name"), email: value("email"), phone: value("phone"), address });
    hidden("cardseal", jwe);
    hidden("cardseal_brand", summary.brand ?? "");
    hidden("cardseal_last4", summary.last4 ?? "");
    fields.destroy();
    form.submit();
  } catch (err) {
    error.textContent = err.message;
    pay.disabled = false;
  }
});
// WebKit (Safari) keeps the page in its back/forward cache, no-store or not: Back would
// show it as it was posted (the frame destroyed, Pay disabled). Load it afresh instead.
addEventListener("pageshow", (e) => e.persisted && location.reload());
