import { Checkout } from "./Checkout";

// A server component: it renders the client component with the merchant's public key.
export default function Page() {
  return (
    <main>
      <h1>Checkout</h1>
      <Checkout publicKey={process.env.MERCHANT_PUBLIC_KEY!} />
    </main>
  );
}
