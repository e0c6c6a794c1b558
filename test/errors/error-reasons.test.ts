import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ERROR_REASONS } from "../../src/errors/error-reasons.js";

describe("error reasons", () => {
  it("README's reason table lists exactly the reasons of src/errors/error-reasons.ts", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const section = readme.slice(readme.indexOf("#### Error details"));
    const listed = [...section.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(listed).toEqual(Object.keys(ERROR_REASONS));
  });
});
