import { statSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import ts from 'typescript';

/**
 * `no-import-cycle`: reports an import that is part of a cycle of relative imports between the project's
 * TypeScript files. Unlike `import-x/no-cycle`, type-only imports count: a type in the wrong file is what
 * makes two modules know each other, and it is how the code's cycles began.
 *
 * The linted file's imports come from its AST (so `lintText` sees unsaved text); every other file's from
 * `ts.preProcessFile` on disk, resolved as a bundler resolves (`.js` to `.ts`, `index`, no extension),
 * cached by modification time for the lifetime of the process.
 */

const RESOLUTION = {
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowImportingTsExtensions: true,
  noEmit: true,
};

/** file -> { mtimeMs, imports: resolved files } */
const graph = new Map();

function resolveImport(specifier, fromFile) {
  if (!specifier.startsWith('.')) return undefined;
  const { resolvedModule } = ts.resolveModuleName(specifier, fromFile, RESOLUTION, ts.sys);
  const file = resolvedModule?.resolvedFileName;
  if (!file || resolvedModule.isExternalLibraryImport || file.endsWith('.d.ts')) return undefined;
  return /\.tsx?$/.test(file) ? file : undefined;
}

function importsOnDisk(file) {
  let mtimeMs;
  try {
    mtimeMs = statSync(file).mtimeMs;
  } catch {
    return [];
  }
  const known = graph.get(file);
  if (known && known.mtimeMs === mtimeMs) return known.imports;
  const text = readFileSync(file, 'utf8');
  const imports = [
    ...new Set(
      ts
        .preProcessFile(text, true, true)
        .importedFiles.map((f) => resolveImport(f.fileName, file))
        .filter((f) => f !== undefined),
    ),
  ];
  graph.set(file, { mtimeMs, imports });
  return imports;
}

/** The shortest chain of imports from `start` back to `target`, or undefined. */
function pathBack(start, target) {
  const parent = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift();
    for (const next of importsOnDisk(file)) {
      if (next === target) {
        const chain = [file];
        for (let at = parent.get(file); at !== undefined; at = parent.get(at)) chain.unshift(at);
        return chain;
      }
      if (!parent.has(next)) {
        parent.set(next, file);
        queue.push(next);
      }
    }
  }
  return undefined;
}

/** @type {import('eslint').Rule.RuleModule} */
export const noImportCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid import cycles between project files, type-only imports included.' },
    schema: [],
    messages: {
      cycle: 'Import cycle: {{chain}}. Move what both need into a module below them.',
    },
  },
  create(context) {
    const file = context.physicalFilename;
    const cwd = context.cwd;
    const seen = new Set();
    function check(node, source) {
      if (!source || typeof source.value !== 'string') return;
      const target = resolveImport(source.value, file);
      if (!target || target === file || seen.has(target)) return;
      seen.add(target);
      const chain = pathBack(target, file);
      if (!chain) return;
      const names = [file, ...chain, file].map((f) => relative(cwd, f));
      context.report({ node, messageId: 'cycle', data: { chain: names.join(' -> ') } });
    }
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      TSImportType: (node) => check(node, node.source ?? node.argument?.literal),
    };
  },
};

export default { meta: { name: 'ttads' }, rules: { 'no-import-cycle': noImportCycle } };
