/**
 * The versions of connect the fast path was proven byte-identical against
 * (test/server/direct-unary-grpc.test.ts). The fast path imports exports connect marks private
 * (`@connectrpc/connect/protocol`, `@connectrpc/connect/protocol-grpc`) and copies behaviour of
 * connect-node (reset codes, header conversion, context signals), so any other installed version
 * fails test/server/unary-fast-path-version.test.ts until the proof was run again and checked.
 */
export const PROVEN_CONNECT_VERSIONS = {
  "@connectrpc/connect": "2.1.2",
  "@connectrpc/connect-node": "2.1.2",
} as const;
