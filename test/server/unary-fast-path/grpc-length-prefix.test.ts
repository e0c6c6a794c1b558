import { describe, expect, it } from "vitest";
import { frameMessage, readLengthPrefix } from "../../../src/server/unary-fast-path/grpc-length-prefix.js";

describe("gRPC length-prefix framing", () => {
  it.each([
    ["an empty message", [], 0, "0000000000"],
    ["a short message", [0xab, 0xcd], 0, "0000000002abcd"],
    ["the compressed flag", [0x01], 1, "010000000101"],
  ] as const)("frames %s as flags, big-endian length, bytes", (_name, bytes, flags, hex) => {
    const framed = frameMessage(Uint8Array.from(bytes), flags);
    expect(framed.toString("hex")).toBe(hex);
    expect(readLengthPrefix(framed)).toEqual({ flags, length: bytes.length });
  });

  it("reads lengths above 2^31 as unsigned", () => {
    expect(readLengthPrefix(Buffer.from("80ffffffff", "hex"))).toEqual({ flags: 0x80, length: 0xffffffff });
  });

  it("refuses a prefix shorter than five bytes", () => {
    expect(() => readLengthPrefix(Buffer.from("00000000", "hex"))).toThrow(/needs 5 bytes, got 4/);
  });
});
