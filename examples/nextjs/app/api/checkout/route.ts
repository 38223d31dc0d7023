// Where the checkout posts the sealed card: the shop keeps the JWE with the order and
// passes it to the processor, which alone can open it.
export async function POST(request: Request) {
  const { jwe, summary } = await request.json();
  if (typeof jwe !== "string" || jwe.split(".").length !== 5) {
    return Response.json({ ok: false }, { status: 400 });
  }
  return Response.json({ ok: true, brand: summary.brand, last4: summary.last4 });
}
