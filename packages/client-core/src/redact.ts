export const REDACTED = "***";

/**
 * Replace every occurrence of each secret (and its URL-encoded, JSON-escaped and base64 forms, which is how tokens and
 * `user:password` pairs travel in URLs and Basic auth) with `***`. Secrets shorter than 3 characters are
 * ignored: redacting "a" everywhere would destroy the text without protecting anything.
 */
export function redact(text: string, secrets: Iterable<string | undefined | null>): string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (!secret || secret.length < 3) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(JSON.stringify(secret).slice(1, -1)); // as echoed inside a JSON string: `"` and `\` escaped
    forms.add(Buffer.from(secret).toString("base64"));
  }
  let out = text;
  // Longest first, so a secret that contains another is replaced whole.
  for (const form of [...forms].sort((a, b) => b.length - a.length)) {
    out = out.split(form).join(REDACTED);
  }
  return out;
}
