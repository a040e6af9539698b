import { createContext, useContext } from "react";

// The per-request CSP nonce, set by server.js and handed to Remix's inline scripts.
const NonceContext = createContext<string>("");

export const NonceProvider = NonceContext.Provider;

export function useNonce() {
  return useContext(NonceContext);
}
