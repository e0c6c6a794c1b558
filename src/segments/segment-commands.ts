/**
 * Use cases of segment definitions: validate a request, lower its predicate against the field
 * catalog (which rejects bad predicates with paths), and persist through the repository.
 * RPC handlers call these and only translate messages.
 */
import type { CatalogAccess } from "../catalog/catalog-access.js";
import { invalidArgument } from "../errors/user-error.js";
import type { EvaluationCost } from "../explain/evaluation-cost.js";
import type { Expr } from "../ir/nodes.js";
import { lowerStoredWithCatalog, type StoredPredicate } from "../lower/stored-predicate.js";
import type { TokenSigner } from "../tokens/signed-token.js";
import { referencesInExpr } from "./references-in-expr.js";
import type { SegmentRecord } from "./segment-record.js";
import type { SegmentListOrder, SegmentListPosition, SegmentRepository } from "./segment-repository.js";
import { newSegmentId } from "./segment-id.js";

/** What segment commands need. */
export interface SegmentCommandDeps {
  readonly repository: SegmentRepository;
  /** The current field catalog (built-ins + custom field definitions). */
  readonly catalog: CatalogAccess;
  readonly tokens: TokenSigner;
  /** Estimates the cost of a validated predicate for storing with its version; undefined when unavailable. */
  readonly estimateCost: (expr: Expr) => Promise<EvaluationCost | undefined>;
  readonly now: () => number;
}

const MAX_NAME = 200;
const MAX_DESCRIPTION = 2000;
const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;

/** Segment definition use cases. */
export class SegmentCommands {
  constructor(private readonly deps: SegmentCommandDeps) {}

  /** Validates and saves a new segment. */
  async create(input: { name: string; description: string; predicate: StoredPredicate | undefined }): Promise<SegmentRecord> {
    const name = checkName(input.name, "name");
    checkDescription(input.description, "description");
    const expr = await this.lower(input.predicate);
    return this.deps.repository.create({
      id: newSegmentId(this.deps.now()),
      name,
      description: input.description,
      predicate: input.predicate!,
      references: referencesInExpr(expr),
      cost: await this.deps.estimateCost(expr),
      nowMs: this.deps.now(),
    });
  }

  /** A segment at a version (0 = current). */
  async get(id: string, version: bigint): Promise<SegmentRecord> {
    return this.deps.repository.get(checkId(id, "id"), checkVersion(version, "version", true));
  }

  /** Saves a new version if `expectedVersion` is current. */
  async update(input: {
    id: string;
    expectedVersion: bigint;
    name: string | undefined;
    description: string | undefined;
    predicate: StoredPredicate | undefined;
  }): Promise<SegmentRecord> {
    const id = checkId(input.id, "id");
    const expectedVersion = checkVersion(input.expectedVersion, "expected_version", false);
    const name = input.name === undefined ? undefined : checkName(input.name, "name");
    if (input.description !== undefined) checkDescription(input.description, "description");
    let predicate: { predicate: StoredPredicate; references: ReturnType<typeof referencesInExpr> } | undefined;
    let cost: EvaluationCost | undefined;
    if (input.predicate) {
      const expr = await this.lower(input.predicate);
      predicate = { predicate: input.predicate, references: referencesInExpr(expr) };
      cost = await this.deps.estimateCost(expr);
    }
    return this.deps.repository.update({
      id,
      expectedVersion,
      name,
      description: input.description,
      predicate,
      cost,
      nowMs: this.deps.now(),
    });
  }

  /** Deletes a segment that nothing references; returns the version it was at. */
  async delete(id: string, expectedVersion: bigint): Promise<number> {
    return this.deps.repository.delete(checkId(id, "id"), checkVersion(expectedVersion, "expected_version", true), this.deps.now());
  }

  /** One page of segments and the token of the next page ("" when last). */
  async list(input: { pageSize: number; pageToken: string; order: SegmentListOrder }): Promise<{ segments: SegmentRecord[]; nextPageToken: string }> {
    const pageSize = checkPageSize(input.pageSize, "page_size");
    let after: SegmentListPosition | undefined;
    if (input.pageToken !== "") {
      const payload = this.deps.tokens.open("segments page token", input.pageToken, "page_token") as { o?: unknown; k?: unknown; i?: unknown };
      if (payload.o !== input.order) throw invalidArgument("page_token", "page token was issued for another order_by", "INVALID_TOKEN");
      if ((typeof payload.k !== "string" && typeof payload.k !== "number") || typeof payload.i !== "string") {
        throw invalidArgument("page_token", "malformed segments page token", "INVALID_TOKEN");
      }
      after = { key: payload.k, id: payload.i };
    }
    const rows = await this.deps.repository.list(input.order, pageSize + 1, after);
    const segments = rows.slice(0, pageSize);
    const last = segments[segments.length - 1];
    const nextPageToken =
      rows.length > pageSize && last
        ? this.deps.tokens.seal("segments page token", { o: input.order, ...positionPayload(this.deps.repository.positionOf(input.order, last)) })
        : "";
    return { segments, nextPageToken };
  }

  /** One page of a segment's versions, newest first. */
  async listVersions(input: { id: string; pageSize: number; pageToken: string }): Promise<{ versions: SegmentRecord[]; nextPageToken: string }> {
    const id = checkId(input.id, "id");
    const pageSize = checkPageSize(input.pageSize, "page_size");
    let before: number | undefined;
    if (input.pageToken !== "") {
      const payload = this.deps.tokens.open("versions page token", input.pageToken, "page_token") as { s?: unknown; v?: unknown };
      if (payload.s !== id || typeof payload.v !== "number") throw invalidArgument("page_token", "page token was issued for another segment", "INVALID_TOKEN");
      before = payload.v;
    }
    const rows = await this.deps.repository.listVersions(id, pageSize + 1, before);
    const versions = rows.slice(0, pageSize);
    const last = versions[versions.length - 1];
    const nextPageToken = rows.length > pageSize && last ? this.deps.tokens.seal("versions page token", { s: id, v: last.version }) : "";
    return { versions, nextPageToken };
  }

  private async lower(predicate: StoredPredicate | undefined): Promise<Expr> {
    return lowerStoredWithCatalog(predicate, "predicate", this.deps.catalog);
  }
}

function positionPayload(p: SegmentListPosition): { k: string | number; i: string } {
  return { k: p.key, i: p.id };
}

function checkName(name: string, path: string): string {
  if (name.trim() === "") throw invalidArgument(path, "name is required");
  if ([...name].length > MAX_NAME) throw invalidArgument(path, `name is longer than ${MAX_NAME} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) throw invalidArgument(path, "name must not contain control characters");
  if (name !== name.trim()) throw invalidArgument(path, "name must not start or end with white space");
  return name;
}

function checkDescription(description: string, path: string): void {
  if ([...description].length > MAX_DESCRIPTION) throw invalidArgument(path, `description is longer than ${MAX_DESCRIPTION} characters`);
}

/** Checks a segment id argument; ids that cannot exist are reported as not found by the store. */
export function checkId(id: string, path: string): string {
  if (id === "") throw invalidArgument(path, "segment id is required");
  if (id.length > 40) throw invalidArgument(path, "segment id is longer than 40 characters");
  return id;
}

function checkVersion(version: bigint, path: string, zeroAllowed: boolean): number {
  if (version < 0n || version > 2_000_000_000n) throw invalidArgument(path, "version must be between 1 and 2000000000");
  if (version === 0n && !zeroAllowed) throw invalidArgument(path, "expected_version is required (the version you last read)");
  return Number(version);
}

function checkPageSize(size: number, path: string): number {
  if (size < 0 || size > MAX_PAGE) throw invalidArgument(path, `page_size must be between 0 and ${MAX_PAGE}`);
  return size === 0 ? DEFAULT_PAGE : size;
}
