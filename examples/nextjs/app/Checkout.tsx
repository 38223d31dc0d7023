"use client";

import { useEffect, useRef, useState } from "react";
import { CardSeal, type Binding, type SealedDetail, type Summary } from "cardseal";

export function Checkout({ publicKey }: { publicKey: string }) {
  const form = useRef<HTMLFormElement>(null);
  const [paid, setPaid] = useState<Summary | null>(null);

  useEffect(() => {
    const el = form.current;
    if (!el) return;
    let binding: Binding | undefined;
    let cancelled = false;
    const onSealed = async (e: CustomEvent<SealedDetail>) => {
      e.preventDefault(); // post it ourselves, as JSON
      await fetch("/api/checkout", { method: "POST", body: JSON.stringify(e.detail) });
      setPaid(e.detail.summary);
    };
    el.addEventListener("cardseal:sealed", onSealed);
    CardSeal.create(publicKey).then((sealer) => {
      if (!cancelled) binding = sealer.attach(el);
    });
    // StrictMode runs this effect twice: the cleanup undoes the first run.
    return () => {
      cancelled = true;
      binding?.detach();
      el.removeEventListener("cardseal:sealed", onSealed);
    };
  }, [publicKey]);

  if (paid) return <p id="paid">Paid with {paid.brand} ending in {paid.last4}</p>;
  // Uncontrolled inputs: no value, no onChange. cardseal formats and clears them itself;
  // React state would keep the card number and write it back.
  return (
    <form ref={form}>
      <label>Card number <input data-cardseal="number" /></label>
      <label>Expiry <input data-cardseal="expiry" placeholder="MM/YY" /></label>
      <label>Security code <input data-cardseal="cvc" /></label>
      <label>Name on card <input data-cardseal="name" /></label>
      <button id="pay-button">Pay</button>
    </form>
  );
}
