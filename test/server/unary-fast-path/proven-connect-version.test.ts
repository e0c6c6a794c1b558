/**
 * The fast path uses exports connect marks private and mirrors connect-node's behaviour, so it is
 * only trusted with the connect versions test/server/direct-unary-grpc.test.ts was proven against.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROVEN_CONNECT_VERSIONS } from "../../../src/server/unary-fast-path/proven-connect-version.js";

const require = createRequire(import.meta.url);

/** The version in node_modules/<pkg>/package.json, as Node resolves the package from here. */
function installedVersion(pkg: string): string {
  const entry = require.resolve(pkg);
  let dir = dirname(entry);
  while (!dir.endsWith(join("node_modules", pkg))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package folder of ${pkg} above ${entry}`);
    dir = parent;
  }
  return (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string }).version;
}

describe("the connect version the unary fast path was proven against", () => {
  it.each(Object.entries(PROVEN_CONNECT_VERSIONS))("%s is installed at %s", (pkg, proven) => {
    const installed = installedVersion(pkg);
    expect(
      installed,
      `${pkg} ${installed} is installed, but the unary fast path (src/server/unary-fast-path/) was proven ` +
        `byte-identical to connect ${proven}. Re-run test/server/direct-unary-grpc.test.ts, check that the ` +
        `private exports it imports (@connectrpc/connect/protocol, /protocol-grpc) and the connect-node ` +
        `behaviour it mirrors (reset codes, context signals, header conversion) are unchanged, then bump ` +
        `PROVEN_CONNECT_VERSIONS in src/server/unary-fast-path/proven-connect-version.ts.`,
    ).toBe(proven);
  });
});
