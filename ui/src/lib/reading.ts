// Helpers for showing what reading a document found: the parts of a search snippet, the words
// of a page to highlight, and the two readings of an unclear date. All return plain strings
// for the templates to show as text; nothing here ever produces HTML.
import type { DiscView, DocumentView } from "./api";
import { formatDate, fromDetail, hasMessage, t, type MessageDetail } from "./i18n";

/** A run of text, marked when it is a match. */
export interface Part {
  text: string;
  mark: boolean;
}

/**
 * Splits a search snippet ("…invasive [carcinoma] of…") into text and matched parts. The
 * brackets are the search's markers; a bracket left open runs to the end.
 */
export function snippetParts(snippet: string): Part[] {
  const parts: Part[] = [];
  let current = "";
  let inMark = false;
  for (const ch of snippet) {
    if (ch === "[" && !inMark) {
      if (current) parts.push({ text: current, mark: false });
      current = "";
      inMark = true;
    } else if (ch === "]" && inMark) {
      if (current) parts.push({ text: current, mark: true });
      current = "";
      inMark = false;
    } else {
      current += ch;
    }
  }
  if (current) parts.push({ text: current, mark: inMark });
  return parts;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Splits a page's text into parts, marking the words that begin with a word of `query` (the
 * way the search matches them). With no query the whole text is one unmarked part.
 */
export function highlightParts(text: string, query: string): Part[] {
  const words = query
    .split(/[^\p{L}\p{N}\p{M}]+/u)
    .filter((w) => w !== "")
    .map(escapeRegExp);
  if (words.length === 0) return [{ text, mark: false }];
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}\\p{M}])(?:${words.join("|")})[\\p{L}\\p{N}\\p{M}]*`, "giu");
  const parts: Part[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const at = match.index ?? 0;
    if (at > last) parts.push({ text: text.slice(last, at), mark: false });
    parts.push({ text: match[0], mark: true });
    last = at + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), mark: false });
  return parts;
}

/** The plain-language label of a fact name (docs/facts.md), or the name itself if unknown. */
export function factLabel(name: string): string {
  const key = `fact.${name}`;
  return hasMessage(key) ? t(key) : name;
}

/** The facts whose values are fixed words (docs/facts.md), shown in the person's language. */
const WORDED_FACTS = new Set(["cancer_type", "laterality", "er", "pr", "her2", "her2_fish", "margins"]);

/** A fact's value as shown: a fixed word in the person's language, anything else as found. */
export function factValue(name: string, value: string): string {
  const key = `fact.value.${value.replace(/ /g, "_")}`;
  return WORDED_FACTS.has(name) && hasMessage(key) ? t(key) : value;
}

/** The warning for a date that could be read two ways, or "" when the date is clear. */
export function dateWarning(doc: DocumentView): string {
  if (!doc.date_ambiguous || !doc.document_date) return "";
  const other = doc.facts.find((f) => f.name === "document_date_ambiguous")?.value;
  if (!other) return t("doc.date.unclear.unknown");
  const values = { date: formatDate(doc.document_date), other: formatDate(other) };
  // The date as printed, e.g. "04/05/2025", from the words it was read from.
  const source = doc.facts.find((f) => f.name === "document_date_ambiguous" || f.name === "document_date");
  const written = source?.snippet.match(/\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}/)?.[0];
  return written ? t("doc.date.unclear", { ...values, written }) : t("doc.date.unclear.nowritten", values);
}

/** Why a document's text could not be read, in the person's language ("" when it could). */
export function textErrorReason(reading: { text_error: string | null; text_error_detail: MessageDetail | null }): string {
  return reading.text_error ? fromDetail(reading.text_error_detail, reading.text_error) : "";
}

/** A short note on how the text was read, or "" when there is nothing to say. A scan disc
 * holds pictures, not text: its note is about its files instead (see `discProblem`). */
export function textStatus(doc: DocumentView): string {
  if (doc.text_source === null) return t("doc.text.unread");
  if (doc.disc) return discProblem(doc.disc);
  const reason = textErrorReason(doc);
  if (doc.text_source === "none") {
    return reason ? t("doc.text.none", { reason }) : t("doc.text.none.noreason");
  }
  const partial = reason ? t("doc.text.partial", { reason }) : "";
  if (doc.text_source === "ocr") return partial ? `${t("doc.text.ocr")}. ${partial}` : t("doc.text.ocr");
  return partial;
}

/** What is wrong with a read scan disc and what to do about it, or "" when all its files
 * could be read. */
export function discProblem(disc: DiscView): string {
  if (!disc.read) return "";
  const bad = disc.unreadable_files + disc.missing_files;
  if (bad === 1) return t("disc.problem.files.one");
  if (bad > 1) return t("disc.problem.files", { count: bad });
  if (disc.problem) return t("disc.problem.index");
  return "";
}

/** A scan's kind in plain words ("CT scan" for CT), or the disc's own code when unknown. */
export function modalityLabel(code: string): string {
  const key = `modality.${code.toUpperCase()}`;
  return hasMessage(key) ? t(key) : code;
}
