import { fileURLToPath } from "node:url";

/** @type {import("next").NextConfig} */
export default {
  // Only because this example lives in a repository with other lockfiles: its
  // node_modules is in the folder above.
  turbopack: { root: fileURLToPath(new URL("..", import.meta.url)) },
};
