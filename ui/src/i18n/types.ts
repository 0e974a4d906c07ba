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
export type Language = "en" | "ru";
export type Params = Record<string, string | number>;
