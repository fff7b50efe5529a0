/** @minisvc/client: the reference web client of minisvc (docs/rollout.md). */
export { IntegrityError, MemoryStore, MiniServiceClient } from "./client.js";
export type { ClientOptions, KeyValueStore, Page, Refresh } from "./client.js";
export { canonicalTag, chain, cldrParent, maximize, negotiate } from "./locales.js";
export {
  bucket,
  bucketHash,
  inRollout,
  InvalidUserIdError,
  normalizeEmail,
  resolve,
  sha256Hex,
  testerEntry,
  testerToken,
  threshold,
} from "./rollout.js";
export type { Who } from "./rollout.js";
export { parseInstant, shown, slidesAt, visibleSlides } from "./slides.js";
export type * from "./types.js";
