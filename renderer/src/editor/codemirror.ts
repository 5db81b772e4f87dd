// CodeMirror 6 for notebook cells: Scheme highlighting (the legacy stream mode), bracket matching, auto-indent,
// completion from the kernel, and the notebook's own chords (Shift/Ctrl/Alt+Enter, Escape, split: the command
// registry's, see commands/keymap.ts editorKeys) taken before CodeMirror's defaults. Modules are imported one by
// one so the bundle carries only what cells use.

import { Compartment, EditorState, Prec, type Extension } from "@codemirror/state";
import { EditorView, keymap, drawSelection, highlightSpecialChars, placeholder } from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import {
  StreamLanguage,
  bracketMatching,
  indentOnInput,
  syntaxHighlighting,
  type LanguageSupport,
} from "@codemirror/language";
import {
  autocompletion,
  closeBrackets,
  closeBracketsKeymap,
  closeCompletion,
  completionKeymap,
  startCompletion,
  type CompletionContext,
  type CompletionResult,
} from "@codemirror/autocomplete";
import { scheme } from "@codemirror/legacy-modes/mode/scheme";
import { classHighlighter, highlightCode, tagHighlighter, tags } from "@lezer/highlight";
import type { CommandId } from "../../../contract/commands.js";
import { codeMirrorKey, editorKeys } from "../commands/keymap.js";

export const schemeLanguage = StreamLanguage.define(scheme);

/** The scheme mode marks special forms and standard procedures (define, lambda, car…) as "builtin"; CodeMirror's
 * class highlighter would give them the plain variable class, so they get their own, ahead of it. */
const builtinHighlighter = tagHighlighter([{ tag: tags.standard(tags.variableName), class: "tok-builtin" }]);
const highlighters = [builtinHighlighter, classHighlighter];

const labelSlot = new Compartment();

export type CellLanguage = "scheme" | "markdown";

export interface CellEditorHooks {
  /** The keys of a notebook command were pressed while typing; `cursor` is the caret's offset. */
  onCommand(id: CommandId, cursor: number): void;
  onChange(source: string): void;
  onFocus(): void;
  complete(code: string, cursor: number): Promise<{ matches: readonly string[]; start: number; end: number }>;
  /** Up at the first line / Down at the last line: move to the neighbouring cell, as Jupyter does. */
  onLeaveEdge(direction: -1 | 1): boolean;
}

function kernelCompletion(hooks: CellEditorHooks) {
  return async (context: CompletionContext): Promise<CompletionResult | null> => {
    const word = context.matchBefore(/[^\s()[\]{}"';`,]+/);
    if (!context.explicit && (!word || word.from === word.to)) return null;
    const reply = await hooks.complete(context.state.doc.toString(), context.pos).catch(() => null);
    // The kernel may answer after the user has moved on: never open a list in an editor that lost the keyboard.
    if (!reply || context.aborted || !context.view?.hasFocus || reply.matches.length === 0) return null;
    return {
      from: reply.start,
      to: reply.end,
      options: reply.matches.map((label) => ({ label, type: "variable" })),
      validFor: /^[^\s()[\]{}"';`,]*$/,
    };
  };
}

function notebookKeys(hooks: CellEditorHooks): Extension {
  const command = (id: CommandId) => (view: EditorView) => {
    closeCompletion(view);
    hooks.onCommand(id, view.state.selection.main.head);
    return true;
  };
  return Prec.highest(
    keymap.of([
      ...editorKeys().map(({ keys, command: id }) => ({ key: codeMirrorKey(keys), run: command(id) })),
      {
        key: "ArrowUp",
        run: (view) => view.state.selection.main.empty && view.state.doc.lineAt(view.state.selection.main.head).number === 1 && hooks.onLeaveEdge(-1),
      },
      {
        key: "ArrowDown",
        run: (view) =>
          view.state.selection.main.empty &&
          view.state.doc.lineAt(view.state.selection.main.head).number === view.state.doc.lines &&
          hooks.onLeaveEdge(1),
      },
      // Tab completes after a name (as in Jupyter) and indents elsewhere.
      {
        key: "Tab",
        run: (view) => {
          const head = view.state.selection.main;
          if (!head.empty || head.head === 0) return false;
          const before = view.state.sliceDoc(head.head - 1, head.head);
          return /[^\s()[\]{}"']/.test(before) ? startCompletion(view) : false;
        },
      },
    ]),
  );
}

export function createCellEditor(
  parent: HTMLElement,
  source: string,
  language: CellLanguage,
  label: string,
  hooks: CellEditorHooks,
): EditorView {
  const extensions: Extension[] = [
    notebookKeys(hooks),
    highlightSpecialChars(),
    history(),
    drawSelection(),
    indentOnInput(),
    EditorView.lineWrapping,
    keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap, indentWithTab]),
    labelSlot.of(EditorView.contentAttributes.of({ "aria-label": label })),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) hooks.onChange(update.state.doc.toString());
      if (update.focusChanged && update.view.hasFocus) hooks.onFocus();
    }),
  ];
  if (language === "scheme") {
    extensions.push(
      schemeLanguage,
      ...highlighters.map((h) => syntaxHighlighting(h)),
      bracketMatching(),
      closeBrackets(),
      // As in Jupyter, the kernel is asked only on Tab (or Ctrl+Space): Enter always means a new line, and typing
      // never waits on a round trip.
      autocompletion({ override: [kernelCompletion(hooks)], activateOnTyping: false }),
    );
  } else {
    extensions.push(placeholder("Markdown: *emphasis*, lists, $math$…"));
  }
  return new EditorView({ parent, state: EditorState.create({ doc: source, extensions }) });
}

/** Replace the editor's text when the model changed underneath it (undo of a type change, a merge…). */
export function syncEditor(view: EditorView, source: string): void {
  if (view.state.doc.toString() === source) return;
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: source } });
}

/** The accessible name follows the cell's position, so it changes when cells move. */
export function setEditorLabel(view: EditorView, label: string): void {
  if (view.contentDOM.getAttribute("aria-label") === label) return;
  view.dispatch({ effects: labelSlot.reconfigure(EditorView.contentAttributes.of({ "aria-label": label })) });
}

export interface HighlightedSpan {
  readonly text: string;
  /** CodeMirror's class names (tok-keyword…), the same the live editor uses, or "" for plain text. */
  readonly classes: string;
}

/**
 * Scheme highlighted as lines of spans, for the cheap static view shown until a cell scrolls near the screen
 * and gets a real editor. Same parser and classes as the editor, so the switch is invisible.
 */
export function highlightScheme(source: string): HighlightedSpan[][] {
  const lines: HighlightedSpan[][] = [[]];
  const tree = (schemeLanguage as unknown as LanguageSupport["language"]).parser.parse(source);
  highlightCode(
    source,
    tree,
    highlighters,
    (text, classes) => lines[lines.length - 1]!.push({ text, classes }),
    () => lines.push([]),
  );
  return lines;
}
