#!/usr/bin/env bash
# Minimal demo until the demo shop lands: serves www/ and pkg/ on 127.0.0.1:$PORT with a
# demo key pair generated on first run into the git-ignored .demo/ folder.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-8080}
mkdir -p .demo
if [[ ! -f .demo/public.pem ]]; then
  node -e '
    const { generateKeyPairSync } = require("node:crypto");
    const { writeFileSync } = require("node:fs");
    const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    writeFileSync(".demo/private.pem", privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600, flag: "wx" });
    writeFileSync(".demo/public.pem", publicKey.export({ type: "spki", format: "pem" }));'
  echo "demo: generated a demo key pair into .demo/ (git-ignored)"
fi
exec node scripts/serve.mjs "$port"
