// Forwards the browser's Connect calls to investtrackd's gRPC methods of the same name. The
// server validates and authorizes everything itself, so nothing here looks inside a message;
// an error from investtrackd reaches the browser with its code, message and details
// (upstreamError).
import type { DescMethodServerStreaming, DescMethodUnary, DescService } from "@bufbuild/protobuf";
import { Code, ConnectError, type ConnectRouter, type HandlerContext, type Transport } from "@connectrpc/connect";
import { createAsyncIterable } from "@connectrpc/connect/protocol";
import { CallerService } from "../src/gen/investtrack/v1/caller_service_pb.js";
import { ProjectService } from "../src/gen/investtrack/v1/project_service_pb.js";
import { ReportService } from "../src/gen/investtrack/v1/report_service_pb.js";

// What the browser may reach: the register, its reports, and who the caller is (the page shows
// the controls of the caller's role). BulletinService is left out: ingesting is the CLI's and
// scripts' job, and a dashboard that cannot ingest cannot be made to.
export const forwardedServices: readonly DescService[] = [ProjectService, ReportService, CallerService];

// The token the browser brought (typed into the page) wins over the server's own, so an editor
// can act as themselves on a dashboard that otherwise reads with a reader token.
export function outgoingHeaders(ctx: HandlerContext, defaultToken: string | undefined): Headers {
  const headers = new Headers();
  const fromBrowser = ctx.requestHeader.get("authorization");
  if (fromBrowser) headers.set("authorization", fromBrowser);
  else if (defaultToken) headers.set("authorization", `Bearer ${defaultToken}`);
  return headers;
}

// Node's codes for a certificate that cannot be verified against the CA or for the name.
const tlsVerifyFailure = /^(UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|CERT_|ERR_TLS_)/;

// What the browser gets for a failed upstream call. investtrackd's own errors keep their code,
// message and details, without the upstream response's metadata: that holds gRPC's headers
// (content-type: application/grpc, grpc-status), which the router would copy onto the Connect
// response and so make it unreadable to the browser. Failures of the connection itself are
// UNAVAILABLE with what to check, as the CLI explains them, instead of the transport's INTERNAL
// (a certificate it cannot verify) or CANCELED (a TLS server that closed a plaintext connection).
export function upstreamError(error: unknown, callerGone: boolean): ConnectError {
  const e = ConnectError.from(error);
  const causeCode = (e.cause as { code?: unknown } | undefined)?.code;
  if (typeof causeCode === "string" && tlsVerifyFailure.test(causeCode)) {
    return new ConnectError(
      `cannot verify investtrackd's TLS certificate (${e.rawMessage}): check INVESTTRACK_TLS_CA and INVESTTRACK_TLS_SERVER_NAME`,
      Code.Unavailable,
    );
  }
  if (e.code === Code.Canceled && !callerGone) {
    return new ConnectError(
      `investtrackd closed the connection (${e.rawMessage}); if it speaks TLS, set INVESTTRACK_TLS_CA or INVESTTRACK_TLS=1`,
      Code.Unavailable,
    );
  }
  for (const key of [...e.metadata.keys()]) e.metadata.delete(key);
  return e;
}

function forwardUnary(method: DescMethodUnary, transport: Transport, token: string | undefined) {
  return async (request: unknown, ctx: HandlerContext) => {
    try {
      const response = await transport.unary(
        method,
        ctx.signal,
        ctx.timeoutMs(),
        outgoingHeaders(ctx, token),
        request as never,
      );
      return response.message;
    } catch (e) {
      throw upstreamError(e, ctx.signal.aborted);
    }
  };
}

function forwardServerStream(method: DescMethodServerStreaming, transport: Transport, token: string | undefined) {
  return async function* (request: unknown, ctx: HandlerContext) {
    // ctx.signal ends when the browser goes away, which cancels the upstream stream too, so a
    // closed tab does not hold one of investtrackd's watch streams.
    try {
      const response = await transport.stream(
        method,
        ctx.signal,
        ctx.timeoutMs(),
        outgoingHeaders(ctx, token),
        createAsyncIterable([request as never]),
      );
      yield* response.message;
    } catch (e) {
      throw upstreamError(e, ctx.signal.aborted);
    }
  };
}

export function registerForwarding(router: ConnectRouter, transport: Transport, token: string | undefined): void {
  for (const service of forwardedServices) {
    const impl: Record<string, unknown> = {};
    for (const method of service.methods) {
      // DescMethod's kind does not narrow the type in a switch, hence the casts that follow it.
      switch (method.methodKind) {
        case "unary":
          impl[method.localName] = forwardUnary(method as DescMethodUnary, transport, token);
          break;
        case "server_streaming":
          impl[method.localName] = forwardServerStream(method as DescMethodServerStreaming, transport, token);
          break;
        default:
          // The API has no client or bidirectional streams; if one is added, it is not forwarded
          // until someone decides how the browser (which cannot send streams) should use it.
          break;
      }
    }
    router.service(service, impl as never);
  }
}
