// The error class every cardseal failure is thrown as. Kept in JS so that
// `err instanceof CardSealError` works and `err.stack` is a real stack.
export class CardSealError extends Error {
  constructor(code, message, fields) {
    super(message);
    this.name = "CardSealError";
    this.code = code;
    if (fields !== undefined) this.fields = fields;
  }
}
