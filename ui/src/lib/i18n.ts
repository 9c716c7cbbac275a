// Message catalogues: every string the UI shows comes from locales/*.json by key. English is
// complete; other languages fall back to English key by key.
import en from "../locales/en.json";
import hi from "../locales/hi.json";

export type MessageKey = keyof typeof en;
type Catalogue = Partial<Record<MessageKey, string>>;

const catalogues: Record<string, Catalogue> = { en, hi };

/** The languages a person can choose, each named in itself. */
export const LANGUAGES = [
  { tag: "en", name: "English" },
  { tag: "hi", name: "हिन्दी" },
] as const;

let active: Catalogue = en;

/** Chooses the catalogue for a language tag such as "en-GB"; unknown languages get English. */
export function setLanguage(tag: string): string {
  const base = tag.toLowerCase().split("-")[0] ?? "en";
  const chosen = base in catalogues ? base : "en";
  active = catalogues[chosen] ?? en;
  document.documentElement.lang = chosen;
  return chosen;
}

/** The language being shown ("en", "hi"). */
export function language(): string {
  return document.documentElement.lang || "en";
}

/** The message for `key`, with `{name}` placeholders filled from `values`. */
export function t(key: MessageKey, values: Record<string, string | number> = {}): string {
  const template = active[key] ?? en[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

/** Whether the catalogues have a message for `key` (for keys built from data, e.g. fact names). */
export function hasMessage(key: string): key is MessageKey {
  return key in en;
}

/** A date (YYYY-MM-DD or an RFC 3339 time) written out for the reader, e.g. "30 April 1961". */
export function formatDate(iso: string): string {
  const day = new Date(iso.length === 10 ? `${iso}T12:00:00` : iso);
  if (Number.isNaN(day.getTime())) return iso;
  return day.toLocaleDateString(document.documentElement.lang || "en", {
    day: "numeric",
    month: "long",
    year: "numeric",
  });
}

/** A file size in the largest whole unit a person reads easily, e.g. "1.4 MB". */
export function formatSize(bytes: number): string {
  const units = [
    ["size.gb", 1e9],
    ["size.mb", 1e6],
    ["size.kb", 1e3],
  ] as const;
  for (const [key, scale] of units) {
    if (bytes >= scale) {
      const value = bytes / scale;
      return t(key, { n: value >= 10 ? Math.round(value) : Math.round(value * 10) / 10 });
    }
  }
  return t("size.bytes", { n: bytes });
}

/** A message from the Rust side in parts: a stable key and the values it names. */
export interface MessageDetail {
  key: string;
  params: Record<string, string>;
}

/** A wait such as "2 minutes", for a number of seconds. */
export function formatWait(seconds: number): string {
  if (seconds < 60) return t(seconds === 1 ? "wait.second" : "wait.seconds", { n: seconds });
  const minutes = Math.ceil(seconds / 60);
  return t(minutes === 1 ? "wait.minute" : "wait.minutes", { n: minutes });
}

/**
 * A message from the Rust side in the person's language: the catalogue's `error.KEY.FIELD` or
 * `error.KEY`, filled with the detail's values (a field by its label, a size or a wait written
 * out), or `english`, the Rust side's own message, when the catalogue lacks the key.
 */
export function fromDetail(detail: MessageDetail | null | undefined, english: string): string {
  if (!detail) return english;
  const { field, limit, size, seconds } = detail.params;
  const specific = `error.${detail.key}.${field ?? ""}`;
  const key = hasMessage(specific) ? specific : `error.${detail.key}`;
  if (!hasMessage(key)) return english;
  const values: Record<string, string> = { ...detail.params };
  const fieldKey = `field.${field ?? ""}`;
  if (hasMessage(fieldKey)) values.field = t(fieldKey);
  if (limit !== undefined) values.limit = formatSize(Number(limit));
  if (size !== undefined) values.size = formatSize(Number(size));
  if (seconds !== undefined) values.wait = formatWait(Number(seconds));
  return t(key, values);
}

/** A case's type of cancer in the person's language: a known type by its name in the
 * catalogue, one in the person's own words as typed. */
export function cancerTypeLabel(kase: { cancer_type: string | null; cancer_type_slug: string | null }): string {
  if (kase.cancer_type === null) return t("case.cancerUnknown");
  const key = `cancer.${kase.cancer_type_slug}`;
  return kase.cancer_type_slug !== null && hasMessage(key) ? t(key) : kase.cancer_type;
}
