import fs from 'node:fs';
import path from 'node:path';

// A rule that fails on every import that closes a circle of files, type-only imports included:
// import-x/no-cycle passes over `import type`, but two files that need each other's types are still one
// tangle. The graph is read from the relative `import … from` and `export … from` lines of the sibling
// files (static imports only: a dynamic import() runs later, so it closes no circle at load time).

const STATIC_IMPORT = /^\s*(?:import|export)\b[^;]*?\bfrom\s*'(\.{1,2}\/[^']+)'/gm;
const REREAD_AFTER_MS = 5_000;

let graph = { root: '', at: 0, edges: new Map() };

function importsOf(file) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return [...text.matchAll(STATIC_IMPORT)].map((match) => path.resolve(path.dirname(file), match[1]));
}

/** Every file's relative imports under `root`, read again once the last reading is a few seconds old. */
function importGraph(root) {
  if (graph.root === root && Date.now() - graph.at < REREAD_AFTER_MS) return graph.edges;
  const edges = new Map();
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.ts$/.test(entry.name)) continue;
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    edges.set(file, importsOf(file));
  }
  graph = { root, at: Date.now(), edges };
  return edges;
}

/** The shortest way of imports from `start` to `goal`, both ends included, or null. */
function pathBetween(edges, start, goal) {
  const cameFrom = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift();
    if (file === goal) {
      const way = [];
      for (let at = goal; at !== null; at = cameFrom.get(at)) way.unshift(at);
      return way;
    }
    for (const next of edges.get(file) ?? []) {
      if (cameFrom.has(next)) continue;
      cameFrom.set(next, file);
      queue.push(next);
    }
  }
  return null;
}

export const noImportCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid an import that closes a circle of files, type-only imports included' },
    schema: [{ type: 'object', properties: { root: { type: 'string' } }, additionalProperties: false }],
    messages: { cycle: 'This import closes a circle: {{circle}}' },
  },
  create(context) {
    const root = path.resolve(context.cwd, context.options[0]?.root ?? 'src');
    const file = context.filename;
    const check = (node) => {
      const source = node.source?.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = path.resolve(path.dirname(file), source);
      const way = pathBetween(importGraph(root), target, file);
      if (!way) return;
      const circle = [file, ...way].map((step) => path.relative(context.cwd, step)).join(' → ');
      context.report({ node, messageId: 'cycle', data: { circle } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
  },
};
