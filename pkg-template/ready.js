// How the wasm is loaded without init(): the Node entry (pkg-template/node.js, built into
// node.mjs) sets `load` to instantiate the wasm it carries, which the package entry then
// calls on first use.
// The browser entry leaves it unset (and the bundler drops it).
export let load;
export const lazy = (f) => {
  load = f;
};
