/** The carousel's slides of the moment: shown when `start <= now < end` (docs/rollout.md 5a). */
import type { PageDocument, Slide } from "./types.js";

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(Z|([+-])(\d{2}):(\d{2}))$/;

/** An RFC 3339 time with its offset -> microseconds since the epoch (exact, unlike
 * Date.parse, which keeps milliseconds). Anything else throws a RangeError. */
export function parseInstant(text: string): number {
  const m = INSTANT.exec(text);
  if (!m) throw new RangeError(`not an RFC 3339 time with an offset: ${JSON.stringify(text)}`);
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const date = new Date(0);  // not Date.UTC, which reads the years 0 to 99 as 1900 to 1999
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  const ms = date.getTime();
  if (year < 1 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || hour > 23
      || minute > 59 || second > 59 || Number(m[10] ?? 0) > 23 || Number(m[11] ?? 0) > 59) {
    throw new RangeError(`not a valid time: ${JSON.stringify(text)}`);
  }
  const offset = m[8] === "Z" ? 0 : (m[9] === "-" ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
  const micro = Number((m[7] ?? "").padEnd(6, "0"));
  return (ms - offset * 60_000) * 1000 + micro;
}

export function shown(slide: Slide, nowMicros: number): boolean {
  return (slide.start === undefined || parseInstant(slide.start) <= nowMicros)
    && (slide.end === undefined || nowMicros < parseInstant(slide.end));
}

/** Ids of the carousel's slides shown at `nowMicros` (microseconds since the epoch). */
export function slidesAt(doc: PageDocument, nowMicros: number): string[] {
  const carousel = doc.sections.find((s) => s.type === "carousel");
  return (carousel?.slides ?? []).filter((s) => shown(s, nowMicros)).map((s) => s.id);
}

/** Ids of the carousel's slides shown at `now`: a Date, epoch milliseconds, or an
 * RFC 3339 string (which keeps microseconds). */
export function visibleSlides(doc: PageDocument, now: Date | number | string): string[] {
  return slidesAt(doc, typeof now === "string" ? parseInstant(now) : Number(now) * 1000);
}
