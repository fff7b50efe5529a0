/**
 * Locale negotiation, a line-for-line port of compiler/runtime/locales.py and the
 * negotiation in compiler/runtime/rollout.py (docs/rollout.md, section 5), on the CLDR
 * data minisvc publishes (schema/client-spec/cldr.json), never the platform's own.
 */
import { LIKELY_SCRIPTS, PARENTS } from "./cldr-data.js";

const scripts: Map<string, string> = new Map();
for (const [script, keys] of Object.entries(LIKELY_SCRIPTS)) {
  for (const key of keys.split(" ")) scripts.set(key, script);
}
const parents: Map<string, string | null> = new Map(Object.entries(PARENTS));

/** Python's str.strip(): its whitespace, not String.prototype.trim's. */
export function pyStrip(text: string): string {
  const space = "[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
  return text.replace(new RegExp(`^${space}+|${space}+$`, "g"), "");
}

const TAG = /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8}){0,7}$/;
const LEGACY: Record<string, string> = { iw: "he", in: "id", ji: "yi" };
const ALPHA = /^[A-Za-z]+$/;

/** `zh_hant_mo` -> `zh-Hant-MO`; `iw` -> `he`; anything not tag-shaped -> "". */
export function canonicalTag(tag: string): string {
  tag = pyStrip(tag).replace(/_/g, "-");
  if (!TAG.test(tag)) return "";
  const [first, ...rest] = tag.split("-");
  const lower = first.toLowerCase();
  const out = [Object.prototype.hasOwnProperty.call(LEGACY, lower) ? LEGACY[lower] : lower];
  rest.forEach((sub, i) => {
    if (rest.slice(0, i + 1).some((s) => s.length === 1)) out.push(sub.toLowerCase());
    else if (sub.length === 4 && ALPHA.test(sub)) out.push(sub[0].toUpperCase() + sub.slice(1).toLowerCase());
    else if (sub.length === 2 && ALPHA.test(sub)) out.push(sub.toUpperCase());
    else out.push(sub.toLowerCase());
  });
  return out.join("-");
}

function isScript(sub: string | undefined): boolean {
  return sub !== undefined && sub.length === 4 && ALPHA.test(sub);
}

/** Add the likely script: `zh-TW` -> `zh-Hant-TW`. */
export function maximize(tag: string): string {
  const parts = tag.split("-");
  if (parts.length > 1 && isScript(parts[1])) return tag;
  const byRegion = parts.length > 1 ? scripts.get(parts.slice(0, 2).join("-")) : undefined;
  const script = byRegion ?? scripts.get(parts[0].toLowerCase()) ?? "";
  return script ? [parts[0], script, ...parts.slice(1)].join("-") : tag;
}

/** The CLDR parent, or null at the root (`zh-Hant-MO` -> `zh-Hant-HK`). */
export function cldrParent(tag: string): string | null {
  const exception = parents.get(tag);
  if (exception !== undefined) return exception;
  const parts = tag.split("-");
  if (parts.length === 1) return null;
  if (parts.length === 2 && isScript(parts[1])) {
    const usual = scripts.get(parts[0].toLowerCase());
    if (usual && usual.toLowerCase() !== parts[1].toLowerCase()) return null;
  }
  return parts.slice(0, -1).join("-");
}

function scriptOf(lang: string): string {
  return scripts.get(lang.toLowerCase()) ?? "";
}

export type Fallbacks = Readonly<Record<string, readonly string[]>>;

/** The lookup chain: the tag, its explicit fallbacks, its likely form, CLDR parents,
 * a bare language only of the tag's script, then the default. */
export function chain(locale: string, fallback: string, fallbacks: Fallbacks): string[] {
  const full = maximize(locale);
  const explicit = Object.prototype.hasOwnProperty.call(fallbacks, locale) ? fallbacks[locale] : [];
  const out = [locale, ...explicit, full];
  const script = full !== locale || full.includes("-") ? (full.split("-")[1] ?? "") : "";
  const bare: string[] = [];
  for (const start of new Set([locale, full])) {
    let parent = cldrParent(start);
    while (parent !== null) {
      (parent.includes("-") ? out : bare).push(parent);
      parent = cldrParent(parent);
    }
  }
  for (const lang of bare) if (!script || ["", script].includes(scriptOf(lang))) out.push(lang);
  out.push(fallback);
  return [...new Set(out)];
}

function negotiateChain(requested: string, published: readonly string[], fallback: string,
                        fallbacks: Fallbacks): string {
  const lowered = new Map(published.map((loc) => [loc.toLowerCase(), loc]));
  for (const candidate of chain(requested, fallback, fallbacks)) {
    const found = lowered.get(candidate.toLowerCase());
    if (found !== undefined) return found;
  }
  return fallback;
}

function language(tag: string): string {
  return maximize(tag).toLowerCase().split("-").slice(0, 2).join("-");
}

/** The published locale a user asking for `requested` gets (docs/rollout.md, section 5). */
export function negotiate(requested: string, published: readonly string[], fallback: string,
                          fallbacks: Fallbacks): string {
  requested = canonicalTag(requested);
  const chosen = negotiateChain(requested, published, fallback, fallbacks);
  if (chosen !== fallback || !requested || language(requested) === language(fallback)) return chosen;
  return published.find((tag) => language(tag) === language(requested)) ?? fallback;
}
