// Shapes of message catalogues: a plain template or plural forms (Intl.PluralRules categories).
export interface PluralForms {
  zero?: string;
  one?: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
}
export type Message = string | PluralForms;
export type Catalogue = Record<string, Message>;
/** The interface languages (generated from the Rust `Language`: settings carry them). */
export type { Language } from "../api";
export type Params = Record<string, string | number>;
