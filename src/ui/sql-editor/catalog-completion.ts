import type { Completion, CompletionContext, CompletionResult, CompletionSource } from '@codemirror/autocomplete';
import type { FunctionInfo } from '../../worker/protocol.ts';
import type { Catalog } from './catalog.ts';
import { completionPlace, quoteIdentifier, referencedTables } from './completion-context.ts';
import { MACROS } from './timestream-dialect.ts';

function quoted(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function functionCompletion(f: FunctionInfo): Completion {
  const first = f.signatures[0];
  return {
    label: f.name,
    type: 'function',
    detail: f.kind === 'aggregate' ? 'aggregate' : f.kind === 'window' ? 'window' : 'function',
    info: f.signatures.length > 0 ? f.signatures.join('\n') : `${f.name}(…)`,
    apply: `${f.name}(`,
    boost: first?.startsWith(`${f.name}(`) ? 0 : -1,
  };
}

/**
 * Completion from the live catalog: databases after FROM, tables after `"db".`, measure names in
 * `measure_name = '…`, and elsewhere the referenced tables' columns, the engine's functions with
 * their signatures, and the time macros. Keywords come from lang-sql's own source.
 */
export function catalogCompletion(catalog: Catalog): CompletionSource {
  return async (ctx: CompletionContext): Promise<CompletionResult | null> => {
    const before = ctx.state.sliceDoc(Math.max(0, ctx.pos - 4000), ctx.pos);
    const place = completionPlace(before);
    if (place.kind === 'none') return null;
    if (place.kind === 'column' && place.prefix === '' && !ctx.explicit) return null;
    const from = ctx.pos - place.prefix.length;
    try {
      switch (place.kind) {
        case 'database': {
          const dbs = await catalog.databases();
          return {
            from,
            options: dbs.map((d) => ({ label: quoted(d), type: 'namespace', detail: 'database', apply: `${quoted(d)}.` })),
            validFor: /^"?[\w]*"?$/,
          };
        }
        case 'table': {
          const tables = await catalog.tables(place.database);
          return {
            from,
            options: tables.map((t) => ({ label: quoted(t), type: 'class', detail: `table in ${place.database}` })),
            validFor: /^"?[\w]*"?$/,
          };
        }
        case 'measure': {
          const tables = referencedTables(ctx.state.doc.toString());
          const lists = await Promise.all(tables.map((t) => catalog.measures(t.database, t.table).catch(() => [] as string[])));
          const names = [...new Set(lists.flat())];
          return { from, options: names.map((m) => ({ label: m, type: 'constant', detail: 'measure' })), validFor: /^[^']*$/ };
        }
        case 'column': {
          const tables = referencedTables(ctx.state.doc.toString());
          const [columnLists, functions] = await Promise.all([
            Promise.all(tables.map((t) => catalog.columns(t.database, t.table).catch(() => null))),
            catalog.functions().catch(() => [] as FunctionInfo[]),
          ]);
          const options: Completion[] = [];
          const seen = new Set<string>();
          const add = (label: string, detail: string, boost = 2) => {
            if (seen.has(label)) return;
            seen.add(label);
            options.push({ label, type: 'property', detail, boost });
          };
          if (tables.length > 0) {
            add('time', 'column');
            add('measure_name', 'column');
          }
          for (const cols of columnLists) {
            if (!cols) continue;
            for (const v of cols.measureValues) add(v, 'measure value');
            for (const d of cols.dimensions) add(quoteIdentifier(d), 'dimension');
            for (const m of cols.multiMeasures) add(quoteIdentifier(m), 'multi-measure');
          }
          for (const m of MACROS) options.push({ label: m.name, type: 'variable', detail: 'macro', info: m.info });
          for (const f of functions) options.push(functionCompletion(f));
          return { from, options, validFor: /^[\w$:]*$/ };
        }
      }
    } catch {
      return null; // the catalog could not be read (no such database yet): no suggestions, no error
    }
  };
}
