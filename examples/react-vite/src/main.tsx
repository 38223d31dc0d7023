import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { Checkout } from "./Checkout";

const publicKey = import.meta.env.VITE_MERCHANT_PUBLIC_KEY;

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <Checkout publicKey={publicKey} />
  </StrictMode>,
);
