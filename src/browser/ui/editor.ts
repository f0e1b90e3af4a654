/**
 * A text editor with a line-number gutter and its diagnostics: the gutter marks each line that
 * has a finding, and the list under the editor names the line; choosing an entry selects that
 * line in the editor.
 */
import type { Diagnostic } from "../session.js";
import { h, uid } from "./dom.js";

export interface Editor {
  root: HTMLElement;
  textarea: HTMLTextAreaElement;
  setDiagnostics(list: Diagnostic[]): void;
  selectLine(line: number): void;
}

export function createEditor(label: string, value: string, onInput: (text: string) => void, opts: { rows?: number; name: string }): Editor {
  const id = uid("ed");
  const gutter = h("div", { className: "gutter", "aria-hidden": "true" });
  const textarea = h("textarea", { id, rows: opts.rows ?? 10, spellcheck: "false", autocapitalize: "off", "data-editor": opts.name, wrap: "off" });
  textarea.value = value;
  const diags = h("ul", { className: "diags", "aria-live": "polite", "data-diags": opts.name });
  let marks = new Map<number, Diagnostic["severity"]>();
  const paintGutter = (): void => {
    const n = textarea.value.split("\n").length;
    gutter.replaceChildren(
      ...Array.from({ length: n }, (_, i) => {
        const sev = marks.get(i + 1);
        return h("div", { className: sev ? `ln mark-${sev}` : "ln" }, String(i + 1));
      }),
    );
    gutter.scrollTop = textarea.scrollTop;
  };
  textarea.addEventListener("input", () => {
    paintGutter();
    onInput(textarea.value);
  });
  textarea.addEventListener("scroll", () => (gutter.scrollTop = textarea.scrollTop));
  const selectLine = (line: number): void => {
    const lines = textarea.value.split("\n");
    let start = 0;
    for (let i = 0; i < line - 1 && i < lines.length; i++) start += lines[i].length + 1;
    const end = start + (lines[line - 1]?.length ?? 0);
    textarea.focus();
    textarea.setSelectionRange(start, end);
    const lh = textarea.scrollHeight / Math.max(1, lines.length);
    textarea.scrollTop = Math.max(0, (line - 3) * lh);
  };
  paintGutter();
  return {
    root: h("div", { className: "editor" }, h("label", { for: id }, label), h("div", { className: "editor-box" }, gutter, textarea), diags),
    textarea,
    selectLine,
    setDiagnostics(list) {
      marks = new Map();
      const rank = { error: 3, warning: 2, note: 1 } as const;
      for (const d of list) {
        if (d.line === null) continue;
        const prev = marks.get(d.line);
        if (!prev || rank[d.severity] > rank[prev]) marks.set(d.line, d.severity);
      }
      paintGutter();
      diags.replaceChildren(
        ...list.map((d) =>
          h(
            "li",
            { className: `diag diag-${d.severity}`, "data-line": d.line ?? "", "data-severity": d.severity },
            d.line !== null ? h("button", { type: "button", className: "linkish", onclick: () => selectLine(d.line as number) }, `${d.file}:${d.line}`) : h("span", {}, d.file),
            ` ${d.severity}: `,
            h("span", { className: "msg" }, d.message),
          ),
        ),
      );
    },
  };
}
