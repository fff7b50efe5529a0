/** The documents minisvc publishes, format 2 (schema/manifest.schema.json, runtime.schema.json). */

export type Channel = "testing" | "releasing" | "released";

export interface FileRef {
  path: string;
  sha256: string;
}

export interface ChannelEntry {
  version: number;
  files: Record<string, FileRef>;
}

export interface ReleasingEntry extends ChannelEntry {
  ratio: number;
  group: string;
}

export interface TestingEntry extends ChannelEntry {
  salt: string;
  testers: string[];
  public_token_key: string | null;
}

export interface Manifest {
  format: 2;
  service: string;
  default_locale: string;
  locales: string[];
  fallbacks: Record<string, string[]>;
  released: ChannelEntry | null;
  releasing: ReleasingEntry | null;
  testing: TestingEntry | null;
}

export interface Slide {
  id: string;
  image: string;
  alt?: string;
  link?: Record<string, string>;
  start?: string;
  end?: string;
}

export interface Section {
  id: string;
  type: "carousel" | "banner" | "favorites" | "recently_used" | "custom";
  slides?: Slide[];
  [field: string]: unknown;
}

/** One per-locale file: every string already resolved. */
export interface PageDocument {
  format: 2;
  service: string;
  version: number;
  locale: string;
  dir: "ltr" | "rtl";
  title: string;
  sections: Section[];
}

export interface Resolution {
  version: number;
  channel: Channel;
  /** Relative to the manifest: `v2/en-US.<hash>.json`. */
  path: string;
  locale: string;
  sha256: string;
}
