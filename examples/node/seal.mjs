// Node 20: seal on the server or in a script. The "node" condition of the package's
// exports loads the wasm itself: no init(), no path to the wasm.
//   MERCHANT_PUBLIC_KEY="$(cat key.pem)" node seal.mjs
import { CardSeal } from "cardseal";

const key = process.env.MERCHANT_PUBLIC_KEY; // PEM (\n escapes too), JWK…; unset: INVALID_ARGUMENT
const sealer = await CardSeal.create(/** @type {string} */ (key));
const { jwe, summary } = sealer.seal({ number: "4111 1111 1111 1111", expiry: "12/34", cvc: "123" });
console.log(JSON.stringify({ jwe, summary }));
