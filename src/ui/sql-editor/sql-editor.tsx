import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { sql } from '@codemirror/lang-sql';
import { bracketMatching, HighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import { Compartment, EditorState, Prec } from '@codemirror/state';
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
  placeholder,
} from '@codemirror/view';
import { tags as t } from '@lezer/highlight';
import { useEffect, useRef } from 'react';
import type { Catalog } from './catalog.ts';
import { catalogCompletion } from './catalog-completion.ts';
import { errorRange } from './error-range.ts';
import { timestreamDialect } from './timestream-dialect.ts';

export interface SqlEditorProps {
  /** The text; a value that differs from the editor's (a history entry loaded) replaces it. */
  value: string;
  onChange: (sql: string) => void;
  /** Ctrl/Cmd+Enter. */
  onRun: () => void;
  /** The engine's error for the last run, marked at its line and column. */
  error: { readonly message: string; readonly position?: { readonly line?: number; readonly column?: number } } | null;
  catalog: Catalog;
  /** Names of the engine's functions, highlighted once known. */
  functionNames: readonly string[];
}

// Colours come from CSS variables (explore.css), so the light and dark themes both read well.
const highlight = HighlightStyle.define([
  { tag: t.keyword, color: 'var(--cm-keyword)', fontWeight: '600' },
  { tag: [t.standard(t.name), t.function(t.name)], color: 'var(--cm-function)' },
  { tag: t.typeName, color: 'var(--cm-type)' },
  { tag: [t.string, t.special(t.string)], color: 'var(--cm-string)' },
  { tag: [t.number, t.bool, t.null], color: 'var(--cm-number)' },
  { tag: [t.special(t.name), t.variableName], color: 'var(--cm-variable)' },
  { tag: t.comment, color: 'var(--cm-comment)', fontStyle: 'italic' },
  { tag: t.operator, color: 'var(--cm-operator)' },
  { tag: t.quote, color: 'var(--cm-identifier)' },
]);

const theme = EditorView.theme({
  '&': {
    backgroundColor: 'var(--surface)',
    color: 'var(--text)',
    fontSize: '13px',
    border: '1px solid var(--border)',
    borderRadius: 'var(--radius)',
  },
  '&.cm-focused': { outline: '2px solid var(--accent)', outlineOffset: '1px' },
  '.cm-content': { fontFamily: 'var(--font-mono)', caretColor: 'var(--text)', minHeight: '120px' },
  '.cm-gutters': { backgroundColor: 'var(--surface-2)', color: 'var(--text-dim)', border: 'none' },
  '.cm-activeLine': { backgroundColor: 'color-mix(in srgb, var(--accent) 6%, transparent)' },
  '.cm-activeLineGutter': { backgroundColor: 'color-mix(in srgb, var(--accent) 12%, transparent)' },
  '&.cm-focused .cm-cursor': { borderLeftColor: 'var(--text)' },
  '.cm-selectionBackground, &.cm-focused .cm-selectionBackground': {
    backgroundColor: 'color-mix(in srgb, var(--accent) 25%, transparent) !important',
  },
  '.cm-tooltip': { backgroundColor: 'var(--surface)', color: 'var(--text)', border: '1px solid var(--border)' },
  '.cm-tooltip-autocomplete ul li[aria-selected]': { backgroundColor: 'var(--accent)', color: 'var(--accent-text)' },
  '.cm-completionInfo': { whiteSpace: 'pre-wrap', fontFamily: 'var(--font-mono)', fontSize: '12px' },
  '.cm-diagnostic-error': { borderLeftColor: 'var(--error)' },
  '.cm-lintRange-error': { backgroundImage: 'none', textDecoration: 'underline wavy var(--error)', textUnderlineOffset: '3px' },
});

function language(functionNames: readonly string[], catalog: Catalog) {
  const dialect = timestreamDialect(functionNames);
  return [sql({ dialect, upperCaseKeywords: true }), dialect.language.data.of({ autocomplete: catalogCompletion(catalog) })];
}

/**
 * The SQL editor on CodeMirror 6: Timestream dialect highlighting, completion from the live
 * catalog, Ctrl/Cmd+Enter to run, the engine's error underlined at its position. Loaded lazily
 * (CodeMirror is its own chunk).
 */
export default function SqlEditor({ value, onChange, onRun, error, catalog, functionNames }: SqlEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const callbacks = useRef({ onChange, onRun });
  callbacks.current = { onChange, onRun };
  const languageSlot = useRef(new Compartment());
  const initial = useRef({ value, functionNames, catalog });

  useEffect(() => {
    if (!host.current) return;
    const { value: doc, functionNames: names, catalog: cat } = initial.current;
    const editor = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          history(),
          drawSelection(),
          indentOnInput(),
          bracketMatching(),
          closeBrackets(),
          autocompletion({ activateOnTyping: true, icons: false }),
          highlightActiveLine(),
          lintGutter(),
          placeholder('SELECT … FROM "database"."table" WHERE $__timeFilter'),
          Prec.highest(
            keymap.of([
              {
                key: 'Mod-Enter',
                run: () => {
                  callbacks.current.onRun();
                  return true;
                },
              },
            ]),
          ),
          keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap, indentWithTab]),
          languageSlot.current.of(language(names, cat)),
          syntaxHighlighting(highlight),
          theme,
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({
            'aria-label': 'SQL query (Ctrl+Enter runs it; Escape then Tab leaves the editor)',
            'data-testid': 'sql-editor',
          }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) callbacks.current.onChange(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
  }, []);

  // A value from outside (history, saved query, URL) replaces the text.
  useEffect(() => {
    const editor = view.current;
    if (!editor || editor.state.doc.toString() === value) return;
    editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    view.current?.dispatch({ effects: languageSlot.current.reconfigure(language(functionNames, catalog)) });
  }, [functionNames, catalog]);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const range = error ? errorRange(editor.state.doc.toString(), error.position) : null;
    editor.dispatch(
      setDiagnostics(
        editor.state,
        error && range
          ? [
              {
                from: range.from,
                to: range.to,
                severity: 'error',
                message: error.message.split('\n')[0] ?? error.message,
                source: 'engine',
              },
            ]
          : [],
      ),
    );
  }, [error]);

  return <div ref={host} className="sql-editor" />;
}
