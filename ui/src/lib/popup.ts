// Keyboard behaviour shared by the popups (alerts panel, export dialog, layer menu, shortcut sheet):
// focus moves in when it opens, Escape closes it, Tab stays inside a modal one, and focus goes back
// to what opened it when it closes. A Svelte action: `use:popup={{ onClose, trap }}`.

export interface PopupOptions {
  /** Closes the popup (Escape). */
  onClose: () => void;
  /** Keep Tab inside (modal dialogs). */
  trap?: boolean;
  /** What gets focus first (a selector inside the popup); else the first focusable element. */
  initial?: string;
  /** Where focus returns when nothing was focused at opening (a click that does not focus, as on macOS). */
  opener?: () => HTMLElement | null;
}

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** The elements Tab visits inside `root`, in order (hidden ones left out). */
export function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.getClientRects().length > 0);
}

export function popup(node: HTMLElement, options: PopupOptions) {
  let opts = options;
  const active = document.activeElement;
  const opener = active instanceof HTMLElement && active !== document.body && !node.contains(active) ? active : (opts.opener?.() ?? null);

  const first = (opts.initial ? node.querySelector<HTMLElement>(opts.initial) : null) ?? focusables(node)[0] ?? node;
  if (first === node && !node.hasAttribute("tabindex")) node.tabIndex = -1;
  first.focus({ preventScroll: true });

  function onKey(e: KeyboardEvent): void {
    if (e.key === "Escape" && !e.defaultPrevented) {
      // The window's Escape (deselect the object, …) must not run as well.
      e.preventDefault();
      e.stopPropagation();
      opts.onClose();
    } else if (e.key === "Tab" && opts.trap) {
      const items = focusables(node);
      const head = items[0], tail = items[items.length - 1];
      if (!head || !tail) {
        e.preventDefault();
        return;
      }
      if (e.shiftKey && (document.activeElement === head || !node.contains(document.activeElement))) {
        e.preventDefault();
        tail.focus();
      } else if (!e.shiftKey && (document.activeElement === tail || !node.contains(document.activeElement))) {
        e.preventDefault();
        head.focus();
      }
    }
  }
  node.addEventListener("keydown", onKey);

  return {
    update(next: PopupOptions) {
      opts = next;
    },
    destroy() {
      node.removeEventListener("keydown", onKey);
      // Back to the opener, unless the user has moved on to something else meanwhile.
      const now = document.activeElement;
      if (opener?.isConnected && (now === null || now === document.body || node.contains(now))) opener.focus({ preventScroll: true });
    },
  };
}
