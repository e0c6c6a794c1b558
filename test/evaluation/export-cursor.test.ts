/** The inline-predicate digest of export cursors: cursors issued before stay valid. */
import { fromJson } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { PredicateSchema } from "../../gen/kontorion/segments/v1/predicate_pb.js";
import { predicateDigest } from "../../src/evaluation/export-cursor.js";
import { encodePredicate } from "../../src/lower/stored-predicate.js";

const predicate = (json: unknown) => encodePredicate(fromJson(PredicateSchema, json as never));

describe("predicateDigest", () => {
  it("is the digest cursors have always carried: 22 base64url characters of the SHA-256 of the protobuf binary", () => {
    const p = predicate({
      and: { predicates: [{ condition: { field: "country", operator: "OPERATOR_EQ", value: { stringValue: "DE" } } }, { segment: { segmentId: "seg_a" } }] },
    });
    expect(predicateDigest(p)).toBe("l7YNahzS9KxvAYPgiFXsi1");
  });

  it("tells predicates apart", () => {
    const de = predicate({ condition: { field: "country", operator: "OPERATOR_EQ", value: { stringValue: "DE" } } });
    const fr = predicate({ condition: { field: "country", operator: "OPERATOR_EQ", value: { stringValue: "FR" } } });
    expect(predicateDigest(de)).not.toBe(predicateDigest(fr));
  });
});
