import { formatInstant } from "./instant-format";

/** A token as its list shows it: times in the reader's zone, no secret (only a hash is stored). */
export type TokenRow = {
  id: number;
  name: string;
  createdAt: string;
  createdByName: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

type StoredToken = {
  id: number;
  name: string;
  createdAt: Date;
  createdByName: string | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

export function tokenRow(token: StoredToken, timeZone: string): TokenRow {
  const when = (d: Date | null) => (d ? formatInstant(d, timeZone) : null);
  return {
    id: token.id,
    name: token.name,
    createdAt: formatInstant(token.createdAt, timeZone),
    createdByName: token.createdByName,
    lastUsedAt: when(token.lastUsedAt),
    revokedAt: when(token.revokedAt),
  };
}
