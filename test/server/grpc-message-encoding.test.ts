import { describe, expect, it } from "vitest";
import { toSpecGrpcMessage } from "../../src/server/grpc-message-encoding.js";

describe("toSpecGrpcMessage", () => {
  it.each([
    ["keeps printable ASCII the spec allows raw", encodeURIComponent("predicate.and[2]: a/b, c=d"), "predicate.and[2]: a/b, c=d"],
    ["escapes percent signs", encodeURIComponent("100% sure"), "100%25 sure"],
    ["escapes UTF-8 bytes", encodeURIComponent("Größe"), "Gr%C3%B6%C3%9Fe"],
    ["escapes control characters", encodeURIComponent("line\nbreak"), "line%0Abreak"],
    ["leaves a malformed encoding as it is", "%E0%A4%A", "%E0%A4%A"],
    ["escapes a trailing space, which nghttp2 rejects in a field value", encodeURIComponent("cut here "), "cut here%20"],
    ["escapes a leading space", encodeURIComponent(" x y"), "%20x y"],
  ])("%s", (_behaviour, input, expected) => {
    expect(toSpecGrpcMessage(input)).toBe(expected);
  });
});
