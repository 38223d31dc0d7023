// cardseal/frame: the loader for secure-fields mode (issue 15). It runs in the shop's
// page, holds no wasm and never sees a card value: it creates the key holder's iframe,
// hands it one end of a MessageChannel (the handshake, posted to the frame's origin
// only), and from then on talks over that port. Every message carries a version and is
// checked for shape and size; anything else is ignored and counted (`fields.ignored`).

import { CONTACT, FIELDS, LOADER_CODES, V, cleanStyle, contactOk, validMessage } from "./frame-protocol.js";

// The shop's page may call these too (frame.d.ts).
export { cleanStyle, validMessage };

/** The error `seal()` rejects with: `code` as the frame gave it, or the loader's own
 * (LOADER_CODES); `fields` names each failing field with its code (`INVALID_FIELDS`),
 * else null. */
export class CardFieldsError extends Error {
  constructor(code, message, fields = null) {
    super(message);
    this.name = "CardFieldsError";
    this.code = code;
    this.fields = fields;
  }
}

/** Mounts the key holder's card fields into `container`. See frame.d.ts. */
export function mountCardFields(container, { frameUrl, locale: locale0 = "en", style, title = "Card details", timeout = 30000, defaultCountry, theme } = {}) {
  const url = new URL(frameUrl, location.href);
  if (url.protocol != "https:" && !/^(localhost|127\.0\.0\.1|\[::1\])$/.test(url.hostname))
    throw new TypeError("cardseal/frame: frameUrl must be https (or loopback)");
  const origin = url.origin;
  let locale = String(locale0).slice(0, 10);
  const iframe = document.createElement("iframe");
  iframe.src = url.href;
  iframe.title = title;
  iframe.setAttribute("allow", "");
  iframe.setAttribute("referrerpolicy", "origin");
  // Resized by the frame's "resize" messages; CSSOM, never CSS text. Nothing here can make
  // it invisible: the page's style reaches only the frame's allow-list.
  Object.assign(iframe.style, { border: "0", width: "100%", height: "0", display: "block", colorScheme: "normal", opacity: "1" });
  const listeners = { change: new Set(), ready: new Set(), error: new Set(), warning: new Set() };
  const refused = [];
  const clean = cleanStyle(style, refused);
  const pending = new Map();
  const channel = new MessageChannel();
  const port = channel.port1;
  let nextId = 1, ready = false, dead = false, markReady, greeted;
  const readyPromise = new Promise((r) => (markReady = r));
  const error = (code, pre = "") => new CardFieldsError(code, pre + (LOADER_CODES[locale.slice(0, 2)] || LOADER_CODES.en)[code]);
  const emit = (ev, arg) => listeners[ev].forEach((fn) => { try { fn(arg); } catch (e) { setTimeout(() => { throw e; }); } });

  const fields = {
    ignored: 0,
    kid: null,
    holder: null,
    checks: [],
    refused,
    ready: readyPromise,
    iframe,
    on(ev, fn) {
      if (!listeners[ev] || typeof fn != "function") throw new TypeError("cardseal/frame: on(event, fn): event " + Object.keys(listeners));
      listeners[ev].add(fn);
      return () => listeners[ev].delete(fn);
    },
    seal(contact = {}) {
      if (dead) return Promise.reject(error("FRAME_CLOSED"));
      if (!ready) return Promise.reject(error("FRAME_NOT_READY"));
      const c = {};
      for (const k of CONTACT) {
        const v = contact[k];
        if (v == null) continue;
        // An address as its own entries (a plain copy), checked as the frame will.
        const x = k == "address" && v && typeof v == "object" ? Object.fromEntries(Object.entries(v)) : v;
        if (!contactOk({ [k]: x })) return Promise.reject(error("INVALID_CONTACT", "contact." + k));
        c[k] = x;
      }
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => settle(id, null, error("FRAME_TIMEOUT")), timeout);
        pending.set(id, { resolve, reject, timer });
        port.postMessage({ v: V, t: "seal", id, contact: c });
      });
    },
    /** Switches the frame's words and messages ("en" or "id"); the card stays typed. */
    setLocale(to) {
      locale = String(to).slice(0, 10);
      if (ready && !dead) port.postMessage({ v: V, t: "locale", locale });
    },
    focus(field = "number") {
      if (ready && FIELDS.includes(field)) port.postMessage({ v: V, t: "focus", field });
    },
    destroy() {
      if (dead) return;
      dead = true;
      port.close();
      removeEventListener("message", stray);
      iframe.remove();
      for (const id of [...pending.keys()]) settle(id, null, error("FRAME_CLOSED"));
      for (const s of Object.values(listeners)) s.clear();
    },
  };

  function settle(id, value, error) {
    const p = pending.get(id);
    if (!p) return false;
    pending.delete(id);
    clearTimeout(p.timer);
    error ? p.reject(error) : p.resolve(value);
    return true;
  }

  port.onmessage = (e) => {
    const m = e.data;
    // Before "ready", only its size and a frame-level failure (the shopper must see why).
    if (dead || !validMessage(m) || (!ready && !(m.t == "ready" || m.t == "resize" || (m.t == "failed" && !m.id)))) return void fields.ignored++;
    switch (m.t) {
      case "ready":
        if (ready) return void fields.ignored++;
        ready = true;
        fields.kid = m.kid;
        fields.holder = m.holder;
        fields.checks = m.checks;
        refused.push(...m.refused);
        // A setLocale() between the hello and now.
        if (locale !== greeted) port.postMessage({ v: V, t: "locale", locale });
        markReady({ kid: m.kid, holder: m.holder });
        return emit("ready", { kid: m.kid, holder: m.holder });
      case "resize":
        iframe.style.height = Math.ceil(m.height) + "px";
        return;
      case "change":
        return emit("change", { field: m.field, ...m.state });
      case "warning":
        return emit("warning", { code: m.code });
      case "sealed":
        if (!settle(m.id, { jwe: m.jwe, kid: m.kid, summary: m.summary })) fields.ignored++;
        return;
      case "failed": {
        // id 0: the frame itself failed (its key could not be loaded), no seal asked.
        const err = new CardFieldsError(m.code, m.message, m.fields ?? null);
        if (m.id && !settle(m.id, null, err)) fields.ignored++;
        emit("error", err);
      }
    }
  };
  port.onmessageerror = () => fields.ignored++;

  // After the handshake the frame speaks only over the port; a window message that claims
  // to come from it is counted and dropped, as is anything else addressed to the loader.
  function stray(e) {
    if (e.source === iframe.contentWindow) fields.ignored++;
  }
  addEventListener("message", stray);

  // The handshake: the port goes to the frame's origin only (postMessage's targetOrigin);
  // a navigated or substituted frame gets nothing.
  iframe.addEventListener("load", function hello() {
    iframe.removeEventListener("load", hello);
    if (dead) return;
    iframe.contentWindow.postMessage(
      // The default country and the theme go only when given: a frame of before them takes
      // no such key (the frame reads a theme it does not know as "auto", its default).
      { v: V, t: "hello", locale: (greeted = locale), style: clean, ...(defaultCountry && { country: String(defaultCountry).slice(0, 10) }),
        ...(theme && { theme: String(theme).slice(0, 10) }) },
      origin,
      [channel.port2],
    );
  });
  container.appendChild(iframe);
  return fields;
}
