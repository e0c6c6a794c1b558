/**
 * gRPC server reflection, grpc.reflection.v1 and its older twin v1alpha (which grpcurl and many
 * tools still try first). Both share one implementation written against v1: the two protocols are
 * identical on the wire, so v1alpha messages are transcoded through their binary form.
 * Lookups that find nothing answer with an error_response on the stream, never a stream failure.
 */
import { create, fromBinary, toBinary, type DescService } from "@bufbuild/protobuf";
import { Code, type ConnectRouter, type ServiceImpl } from "@connectrpc/connect";
import {
  ServerReflection as ServerReflectionV1,
  ServerReflectionRequestSchema as RequestV1Schema,
  ServerReflectionResponseSchema as ResponseV1Schema,
  type ServerReflectionRequest as RequestV1,
  type ServerReflectionResponse as ResponseV1,
} from "../../gen/grpc/reflection/v1/reflection_pb.js";
import {
  ServerReflection as ServerReflectionV1alpha,
  ServerReflectionRequestSchema as RequestV1alphaSchema,
  ServerReflectionResponseSchema as ResponseV1alphaSchema,
  type ServerReflectionRequest as RequestV1alpha,
  type ServerReflectionResponse as ResponseV1alpha,
} from "../../gen/grpc/reflection/v1alpha/reflection_pb.js";
import { ReflectionIndex } from "./reflection-index.js";

/** The reflection services themselves, always listed alongside the exposed ones. */
export const REFLECTION_SERVICES: readonly DescService[] = [ServerReflectionV1, ServerReflectionV1alpha];

/**
 * Registers both reflection services on `router`, describing `services` plus the reflection
 * services themselves.
 */
export function registerReflection(router: ConnectRouter, services: readonly DescService[]): void {
  const index = new ReflectionIndex([...services, ...REFLECTION_SERVICES]);
  router.service(ServerReflectionV1, createReflectionServiceV1(index));
  router.service(ServerReflectionV1alpha, createReflectionServiceV1alpha(index));
}

/** grpc.reflection.v1.ServerReflection answering from `index`. */
export function createReflectionServiceV1(index: ReflectionIndex): ServiceImpl<typeof ServerReflectionV1> {
  return {
    async *serverReflectionInfo(requests: AsyncIterable<RequestV1>): AsyncIterable<ResponseV1> {
      const sent = new Set<string>();
      for await (const request of requests) yield answer(index, request, sent);
    },
  };
}

/** grpc.reflection.v1alpha.ServerReflection answering from `index`. */
export function createReflectionServiceV1alpha(index: ReflectionIndex): ServiceImpl<typeof ServerReflectionV1alpha> {
  return {
    async *serverReflectionInfo(requests: AsyncIterable<RequestV1alpha>): AsyncIterable<ResponseV1alpha> {
      const sent = new Set<string>();
      for await (const request of requests) {
        const v1Request = fromBinary(RequestV1Schema, toBinary(RequestV1alphaSchema, request));
        const v1Response = answer(index, v1Request, sent);
        yield fromBinary(ResponseV1alphaSchema, toBinary(ResponseV1Schema, v1Response));
      }
    },
  };
}

type MessageResponse = ResponseV1["messageResponse"];

/** Answers one request; `sent` holds the files already sent on this stream. */
function answer(index: ReflectionIndex, request: RequestV1, sent: Set<string>): ResponseV1 {
  return create(ResponseV1Schema, {
    validHost: request.host,
    originalRequest: request,
    messageResponse: respond(index, request.messageRequest, sent),
  });
}

function respond(index: ReflectionIndex, request: RequestV1["messageRequest"], sent: Set<string>): MessageResponse {
  switch (request.case) {
    case "listServices":
      return {
        case: "listServicesResponse",
        value: { $typeName: "grpc.reflection.v1.ListServiceResponse", service: index.serviceNames().map((name) => ({ $typeName: "grpc.reflection.v1.ServiceResponse", name })) },
      };
    case "fileByFilename": {
      const file = index.fileByName(request.value);
      return file ? files(index.fileWithImports(file, sent)) : notFound(`file not found: ${request.value}`);
    }
    case "fileContainingSymbol": {
      const file = index.fileContainingSymbol(request.value);
      return file ? files(index.fileWithImports(file, sent)) : notFound(`symbol not found: ${request.value}`);
    }
    case "fileContainingExtension": {
      const { containingType, extensionNumber } = request.value;
      const file = index.fileContainingExtension(containingType, extensionNumber);
      return file
        ? files(index.fileWithImports(file, sent))
        : notFound(`extension not found: ${extensionNumber} of ${containingType}`);
    }
    case "allExtensionNumbersOfType": {
      const numbers = index.extensionNumbersOf(request.value);
      return numbers
        ? {
            case: "allExtensionNumbersResponse",
            value: { $typeName: "grpc.reflection.v1.ExtensionNumberResponse", baseTypeName: request.value, extensionNumber: numbers },
          }
        : notFound(`type not found: ${request.value}`);
    }
    case undefined:
      return errorResponse(Code.InvalidArgument, "message_request is not set");
    default: {
      const unhandled: never = request;
      throw new Error(`unhandled reflection request ${JSON.stringify(unhandled)}`);
    }
  }
}

function files(fileDescriptorProto: Uint8Array[]): MessageResponse {
  return { case: "fileDescriptorResponse", value: { $typeName: "grpc.reflection.v1.FileDescriptorResponse", fileDescriptorProto } };
}

function notFound(message: string): MessageResponse {
  return errorResponse(Code.NotFound, message);
}

function errorResponse(code: Code, errorMessage: string): MessageResponse {
  return { case: "errorResponse", value: { $typeName: "grpc.reflection.v1.ErrorResponse", errorCode: code, errorMessage } };
}
