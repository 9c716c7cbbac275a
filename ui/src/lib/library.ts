// Words that come from the library crates as data (checklist items, consistency warnings,
// suggested questions and their reasons) in the person's language. Each arrives in English
// with a catalogue key and the values it names; a key the catalogues lack shows the English.
// All return plain strings for the templates to show as text; nothing here produces HTML.
import type { ChecklistItemView, ConsistencyWarningView, QuestionView, WarningParam } from "./api";
import { formatDate, hasMessage, t, type MessageDetail } from "./i18n";
import { factValue } from "./reading";

/** One of a checklist item's texts in the person's language. */
export function itemText(item: ChecklistItemView, field: "title" | "what" | "where" | "why"): string {
  const key = item.text_keys?.[field] ?? "";
  return hasMessage(key) ? t(key) : item[field];
}

/** A value a warning names: a date written out, a list joined the way the English joins it. */
function warningValue(param: WarningParam): string {
  switch (param.kind) {
    case "text":
      return param.text;
    case "date":
      return formatDate(param.date);
    case "list": {
      const counted = param.items.some((item) => item.documents !== null);
      return param.items
        .map(({ value, documents }) => {
          const words = warningValue(value);
          if (documents === null) return words;
          const key = documents === 1 ? "consistency.counted.one" : "consistency.counted.many";
          return t(key, { value: words, count: documents });
        })
        .join(counted ? "; " : ", ");
    }
  }
}

/** A consistency warning in the person's language. */
export function warningText(warning: ConsistencyWarningView): string {
  const { key, params } = warning.detail;
  if (!hasMessage(key)) return warning.message;
  const values: Record<string, string> = {};
  for (const [name, param] of Object.entries(params)) values[name] = warningValue(param);
  return t(key, values);
}

/** "your Surgical Pathology Report (biopsy.pdf)", in the person's language, or null. */
function documentPhrase(file: string | undefined, title: string | undefined): string | null {
  if (file === undefined) return null;
  return title === undefined
    ? t("question.document.untitled", { file })
    : t("question.document.titled", { title, file });
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * A question's words or a reason sentence from its message, or null when the catalogue lacks
 * its key. A `fact` names the fact whose label fills `{label}` (its values are shown as fixed
 * words where they are); `file` and `title` make `{document}` (and `{Document}`, starting a
 * sentence); `item_key` words `{item}`; `cancer` words `{cancer}`.
 */
function questionMessage(message: MessageDetail): string | null {
  if (!hasMessage(message.key)) return null;
  const p = message.params;
  const values: Record<string, string> = { ...p };
  if (p.fact !== undefined) {
    const label = `question.label.${p.fact}`;
    values.label = hasMessage(label) ? t(label) : p.fact;
    if (p.value !== undefined) values.value = factValue(p.fact, p.value);
    if (p.other_value !== undefined) values.other_value = factValue(p.fact, p.other_value);
  }
  const document = documentPhrase(p.file, p.title);
  if (document !== null) {
    values.document = document;
    values.Document = upperFirst(document);
  }
  const other = documentPhrase(p.other_file, p.other_title);
  if (other !== null) values.other_document = other;
  if (p.item_key !== undefined && hasMessage(p.item_key)) values.item = t(p.item_key);
  const cancer = `question.cancer.${p.cancer ?? ""}`;
  if (hasMessage(cancer)) values.cancer = t(cancer);
  return t(message.key, values);
}

/** A question's words: the person's own as they wrote them, a suggested one translated. */
export function questionText(question: QuestionView): string {
  return (question.text_message && questionMessage(question.text_message)) ?? question.text;
}

/** Why a question was suggested, in the person's language ("" for the person's own). */
export function questionReason(question: QuestionView): string {
  const sentences = question.reason_messages.map(questionMessage);
  if (sentences.length === 0 || sentences.some((s) => s === null)) return question.reason ?? "";
  return sentences.join(" ");
}
