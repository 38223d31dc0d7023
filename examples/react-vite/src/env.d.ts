/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The merchant's public key (PEM, JWK…), from a .env file. */
  readonly VITE_MERCHANT_PUBLIC_KEY: string;
}
