// Sealing on the server, e.g. the card a call-centre agent takes over the phone. On the
// server the package loads its wasm itself ("node" condition): no init, no path.
import { CardSeal, CardSealError } from "cardseal";

export async function POST(request: Request) {
  const sealer = await CardSeal.create(process.env.MERCHANT_PUBLIC_KEY!);
  try {
    return Response.json(sealer.seal(await request.json()));
  } catch (e) {
    if (!(e instanceof CardSealError)) throw e;
    return Response.json({ code: e.code, fields: e.fields }, { status: 422 });
  }
}
