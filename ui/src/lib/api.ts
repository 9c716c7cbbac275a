// The desktop app's commands, typed. Mirrors src-tauri/src/wire.rs; every call either returns
// its value or throws an AppError carrying a stable code and a message fit to show a person.
import { invoke } from "@tauri-apps/api/core";

/** A case's details as shown, and as the "new case" form sends them. */
export interface CaseDetails {
  patient_name: string;
  date_of_birth: string | null;
  /** Shown: a plain-language label. Sent: the words typed. */
  cancer_type: string | null;
  reason: string | null;
  provider: string | null;
  appointment: string | null;
}

export interface CaseView extends CaseDetails {
  id: string;
  status: "gathering" | "exported" | "closed";
  created_at: string;
}

export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function isWireError(value: unknown): value is { code: string; message: string } {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { code?: unknown }).code === "string" &&
    typeof (value as { message?: unknown }).message === "string"
  );
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    if (isWireError(error)) throw new AppError(error.code, error.message);
    throw new AppError("internal", String(error));
  }
}

export const api = {
  listCases: () => call<CaseView[]>("list_cases"),
  createCase: (form: CaseDetails) => call<CaseView>("create_case", { form }),
};
