/**
 * The transport floor: a bare node:http2 server (no Connect, no router, no interceptors) that
 * reads each request to its end and answers with a canned gRPC unary response, a
 * grpc.health.v1.HealthCheckResponse{status: SERVING}. Driven by the same grpc-js client as the
 * service, its CPU per call is what Node's HTTP/2 plus gRPC framing cost on this machine.
 *
 * Run as its own process (`node --import tsx bench/service/bare-grpc-server.ts`): prints the
 * bound port on stdout, serves until SIGTERM.
 */
import http2 from "node:http2";
import type { AddressInfo } from "node:net";

/** Length-prefixed message: not compressed, 2 bytes long, field 1 (status) = 1 (SERVING). */
const RESPONSE = Buffer.from([0, 0, 0, 0, 2, 0x08, 0x01]);
const HEADERS = { ":status": 200, "content-type": "application/grpc+proto" } as const;
const TRAILERS = { "grpc-status": "0" } as const;

const server = http2.createServer();
server.on("stream", (stream) => {
  stream.on("data", () => undefined);
  stream.once("end", () => {
    stream.respond(HEADERS, { waitForTrailers: true });
    stream.once("wantTrailers", () => stream.sendTrailers(TRAILERS));
    stream.end(RESPONSE);
  });
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.once("SIGTERM", () => {
  server.close();
  process.exit(0);
});
