import init, { CardSeal, keyInfo } from "/pkg/index.js";

await init();
const pem = await (await fetch("/demo-public.pem")).text();
const info = keyInfo(pem);
document.getElementById("key").textContent = `${info.bits}-bit RSA, ${info.format}, kid ${info.kid}`;
const sealer = new CardSeal(pem);
const show = () => {
  const { jwe, summary } = sealer.seal({ number: "4111 1111 1111 1111", expiry: "12/34", cvc: "123" });
  document.getElementById("jwe").value = jwe;
  document.getElementById("summary").textContent = JSON.stringify(summary);
};
document.getElementById("again").addEventListener("click", show);
show();
