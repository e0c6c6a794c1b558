/**
 * The layers of src/ and what each may import, checked against the imports of every file, so
 * the picture in README.md "How it works" stays true. A layer is a folder of src/ (or a file at
 * its top); `gen` is the generated protobuf code.
 */
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), "../..");
const SRC = join(ROOT, "src");

/**
 * What each layer may import besides itself. Generated protobuf types (`gen`) are read in
 * `lower` (predicates) and `rpc` (requests), written in `rpc` (responses) and carried by the
 * transport (`server`: health, reflection, the unary fast path) and looked at by `auth` (an RPC's
 * access rule depends on its request: a saved segment or an inline predicate); every other layer works on
 * plain types (a saved predicate is opaque bytes outside `lower`, see
 * src/lower/stored-predicate.ts). The composition root (`app`, `main`) wires everything.
 * README.md "How it works" shows this table; change both together.
 */
const MAY_IMPORT: Readonly<Record<string, readonly string[] | "anything">> = {
  ir: [],
  errors: [],
  // Settings are checked against the shapes and defaults of the layers they configure.
  config: ["server", "db", "auth", "errors"],
  regex: ["errors"],
  tokens: ["errors"],
  db: ["errors"],
  catalog: ["ir", "errors"],
  lower: ["gen", "ir", "catalog", "regex", "errors"],
  compile: ["ir", "catalog", "regex", "db", "errors"],
  explain: ["compile", "ir", "catalog", "db", "errors"],
  segments: ["lower", "explain", "ir", "catalog", "db", "tokens", "errors"],
  evaluation: ["segments", "compile", "lower", "ir", "catalog", "db", "tokens", "errors"],
  rpc: ["gen", "evaluation", "segments", "explain", "lower", "ir", "catalog", "db", "tokens", "auth", "errors"],
  server: ["gen", "db", "errors"],
  // Callers and scopes: reads api_callers, runs as an interceptor of the server, one rule per RPC.
  auth: ["gen", "server", "db"],
  datagen: ["catalog", "ir", "db"],
  demo: ["datagen", "segments", "lower", "db"],
  cli: ["db", "config", "auth"],
  app: "anything",
  main: "anything",
};

/**
 * Packages only some layers may use: protobuf and connect belong to the edges, like `gen`; the
 * database driver to `db` (the compiler builds SQL with knex but never connects).
 */
const PACKAGE_USERS: Readonly<Record<string, readonly string[]>> = {
  "@bufbuild/protobuf": ["lower", "rpc", "server", "auth", "app"],
  "@connectrpc/connect": ["rpc", "server", "auth", "app", "main"],
  "@connectrpc/connect-node": ["server", "app", "main"],
  mysql2: ["db"],
};

/** Layers that import no package at all: plain data and errors. */
const NO_PACKAGES: readonly string[] = ["ir", "errors", "regex"];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** The layer of a file under src/: its top folder, or its name for a file at the top. */
function layerOf(file: string): string {
  const parts = relative(SRC, file).split(sep);
  return parts.length > 1 ? parts[0]! : parts[0]!.replace(/\.[jt]s$/, "");
}

/** Every module a file imports or re-exports, dynamic imports included. */
function importsOf(file: string): string[] {
  return ts.preProcessFile(readFileSync(file, "utf8"), true, true).importedFiles.map((f) => f.fileName);
}

/** What an import names: a layer for relative imports (`gen` for generated code), else the package. */
function targetOf(file: string, specifier: string): { layer: string } | { pkg: string } {
  if (!specifier.startsWith(".")) {
    const parts = specifier.split("/");
    return { pkg: specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]! };
  }
  const target = resolve(dirname(file), specifier);
  const fromRoot = relative(ROOT, target).split(sep);
  if (fromRoot[0] === "gen") return { layer: "gen" };
  if (fromRoot[0] !== "src") throw new Error(`${relative(ROOT, file)} imports ${specifier}, outside src/ and gen/`);
  return { layer: layerOf(target) };
}

/** Every import the tables forbid among `files` (absolute paths with their imports), as `src/file.ts -> target`. */
function violations(files: ReadonlyArray<{ file: string; imports: readonly string[] }>): string[] {
  const found: string[] = [];
  for (const { file, imports } of files) {
    const layer = layerOf(file);
    const allowed = MAY_IMPORT[layer];
    if (allowed === undefined) throw new Error(`layer ${layer} (${relative(ROOT, file)}) is missing from MAY_IMPORT`);
    for (const specifier of imports) {
      const target = targetOf(file, specifier);
      const name = relative(ROOT, file);
      if ("pkg" in target) {
        const users = PACKAGE_USERS[target.pkg];
        if ((users && !users.includes(layer)) || NO_PACKAGES.includes(layer)) found.push(`${name} -> ${target.pkg}`);
      } else if (target.layer !== layer && allowed !== "anything" && !allowed.includes(target.layer)) {
        found.push(`${name} -> ${target.layer}`);
      }
    }
  }
  return [...new Set(found)].sort();
}

describe("layer imports", () => {
  it("every file imports only what its layer may (MAY_IMPORT, PACKAGE_USERS)", () => {
    expect(violations(sourceFiles(SRC).map((file) => ({ file, imports: importsOf(file) })))).toEqual([]);
  });

  it("reports imports against the table: up the pipeline, generated code and edge packages in the domain", () => {
    const at = (path: string, ...imports: string[]) => ({ file: join(SRC, path), imports });
    expect(
      violations([
        at("compile/a.ts", "../evaluation/b.js", "../ir/nodes.js", "./c.js", "knex"),
        at("ir/nodes.ts", "../catalog/field-types.js"),
        at("explain/d.ts", "../../gen/kontorion/segments/v1/segment_pb.js", "@bufbuild/protobuf/wkt"),
        at("rpc/e.ts", "../../gen/kontorion/segments/v1/segment_pb.js", "@connectrpc/connect"),
        at("app.ts", "./server/f.js", "../gen/g_pb.js"),
        at("compile/g.ts", "mysql2/promise"),
        at("ir/h.ts", "node:crypto"),
      ]),
    ).toEqual([
      "src/compile/a.ts -> evaluation",
      "src/compile/g.ts -> mysql2",
      "src/explain/d.ts -> @bufbuild/protobuf",
      "src/explain/d.ts -> gen",
      "src/ir/h.ts -> node:crypto",
      "src/ir/nodes.ts -> catalog",
    ]);
    expect(() => violations([at("newfolder/x.ts")])).toThrow("layer newfolder (src/newfolder/x.ts) is missing from MAY_IMPORT");
  });

  it("the layers form no cycle", () => {
    const state = new Map<string, "visiting" | "done">();
    const visit = (layer: string, chain: readonly string[]): void => {
      if (state.get(layer) === "done") return;
      if (state.get(layer) === "visiting") throw new Error(`layer cycle: ${[...chain, layer].join(" -> ")}`);
      state.set(layer, "visiting");
      const allowed = MAY_IMPORT[layer];
      if (Array.isArray(allowed)) for (const next of allowed) if (next !== "gen") visit(next, [...chain, layer]);
      state.set(layer, "done");
    };
    for (const layer of Object.keys(MAY_IMPORT)) visit(layer, []);
    for (const [layer, allowed] of Object.entries(MAY_IMPORT)) {
      if (Array.isArray(allowed)) for (const next of allowed) expect(next === "gen" || next in MAY_IMPORT, `${layer} -> ${next}`).toBe(true);
    }
  });

  it("the check sees relative, type-only, re-exported and dynamic imports", () => {
    const text = [
      `import type { A } from "../gen/a_pb.js";`,
      `import {\n  B,\n} from "./b.js";`,
      `export { C } from "../ir/c.js";`,
      `const d = await import("@bufbuild/protobuf");`,
    ].join("\n");
    const names = ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
    expect(names).toEqual(["../gen/a_pb.js", "./b.js", "../ir/c.js", "@bufbuild/protobuf"]);
  });
});
