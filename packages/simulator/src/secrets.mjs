// Secrets kept in the simulated state are stored salted and hashed, so neither a state file nor a
// /__sim/state snapshot ever contains one.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export function hashSecret(secret) {
  const salt = randomBytes(8).toString("hex");
  return `${salt}$${createHash("sha256").update(`${salt}\0${secret}`).digest("hex")}`;
}

export function verifySecret(secret, stored) {
  if (typeof stored !== "string" || typeof secret !== "string") return false;
  const [salt, digest] = stored.split("$");
  const actual = createHash("sha256").update(`${salt}\0${secret}`).digest();
  const expected = Buffer.from(digest ?? "", "hex");
  return expected.length === actual.length && timingSafeEqual(actual, expected);
}

/** Equality of two presented credentials in constant time. */
export function sameSecret(a, b) {
  if (typeof a !== "string" || typeof b !== "string") return false;
  const x = createHash("sha256").update(a).digest();
  const y = createHash("sha256").update(b).digest();
  return timingSafeEqual(x, y);
}

/** A printable random credential, e.g. for key pairs generated at start. */
export function randomToken(bytes = 18, alphabet = "base64url") {
  return randomBytes(bytes).toString(alphabet);
}

/** A deep copy of `value` without the keys named in `keys` (snapshots). */
export function without(value, keys) {
  return JSON.parse(JSON.stringify(value, (key, v) => (keys.includes(key) ? undefined : v)));
}
