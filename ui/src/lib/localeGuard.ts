// Runs before anything else (first import of main.ts): with no usable system locale (LANG=C or
// unset, common on minimal Linux systems) WebKitGTK reports `navigator.language` as "C", which
// Intl refuses with a RangeError. Libraries that format numbers at load time (uPlot does
// `new Intl.NumberFormat(navigator.language)`) would then stop the whole app from starting, so
// the browser's language is replaced by en-US in that case.
export function usableLocale(tag: string | undefined): boolean {
  if (!tag) return false;
  try {
    new Intl.NumberFormat(tag);
    return true;
  } catch {
    return false;
  }
}

if (typeof navigator !== "undefined" && !usableLocale(navigator.language)) {
  const languages = (navigator.languages ?? []).filter(usableLocale);
  const primary = languages[0] ?? "en-US";
  Object.defineProperty(navigator, "language", { value: primary, configurable: true });
  Object.defineProperty(navigator, "languages", { value: languages.length ? languages : [primary], configurable: true });
}
