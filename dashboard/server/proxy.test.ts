import { describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, createContextValues, createRouterTransport, type HandlerContext } from "@connectrpc/connect";
import { BulletinService } from "../src/gen/investtrack/v1/bulletin_service_pb.js";
import { CallerRole, CallerSchema, CallerService } from "../src/gen/investtrack/v1/caller_service_pb.js";
import { outgoingHeaders, registerForwarding, upstreamError } from "./proxy.js";
import { parseListen } from "./config.js";

function ctx(authorization?: string): HandlerContext {
  const requestHeader = new Headers();
  if (authorization) requestHeader.set("authorization", authorization);
  return { requestHeader, values: createContextValues() } as unknown as HandlerContext;
}

describe("the proxy", () => {
  it("sends the browser's own token, else the server's", () => {
    expect(outgoingHeaders(ctx("Bearer mine"), "server").get("authorization")).toBe("Bearer mine");
    expect(outgoingHeaders(ctx(), "server").get("authorization")).toBe("Bearer server");
    expect(outgoingHeaders(ctx(), undefined).get("authorization")).toBeNull();
  });

  it("passes an error on with its code and message but not gRPC's headers", () => {
    const upstream = new ConnectError("etag mismatch", Code.Aborted, new Headers({ "content-type": "application/grpc", "grpc-status": "10" }));
    const e = upstreamError(upstream, false);
    expect(e.code).toBe(Code.Aborted);
    expect(e.rawMessage).toBe("etag mismatch");
    expect([...e.metadata.keys()]).toEqual([]);
  });

  it("explains connection failures as UNAVAILABLE", () => {
    const tls = Object.assign(new Error("unable to verify the first certificate"), { code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE" });
    const refused = upstreamError(new ConnectError("unable to verify the first certificate", Code.Internal, undefined, undefined, tls), false);
    expect(refused.code).toBe(Code.Unavailable);
    expect(refused.rawMessage).toMatch(/INVESTTRACK_TLS_CA/);
    const closed = new ConnectError("http/2 stream closed with error code CANCEL (0x8)", Code.Canceled);
    expect(upstreamError(closed, false).code).toBe(Code.Unavailable);
    // A browser that went away cancelled the call itself.
    expect(upstreamError(closed, true).code).toBe(Code.Canceled);
  });

  it("forwards GetCaller with the caller's token, and no BulletinService", async () => {
    // investtrackd, in memory: the caller is whoever the token names.
    const investtrackd = createRouterTransport((router) => {
      router.service(CallerService, {
        getCaller: (_request, ctx) => {
          const token = ctx.requestHeader.get("authorization");
          if (token !== "Bearer editor-token") throw new ConnectError("the access token is not valid", Code.Unauthenticated);
          return create(CallerSchema, { displayName: "王编辑", role: CallerRole.EDITOR });
        },
      });
    });
    const dashboard = (token: string | null) =>
      createRouterTransport((router) => registerForwarding(router, investtrackd, "server-token"), {
        transport: {
          interceptors: [
            (next) => async (request) => {
              if (token) request.header.set("authorization", `Bearer ${token}`);
              return next(request);
            },
          ],
        },
      });
    const caller = await createClient(CallerService, dashboard("editor-token")).getCaller({});
    expect([caller.displayName, caller.role]).toEqual(["王编辑", CallerRole.EDITOR]);
    // Without the page's own token the dashboard's applies, which this investtrackd refuses.
    await expect(createClient(CallerService, dashboard(null)).getCaller({})).rejects.toMatchObject({ code: Code.Unauthenticated });
    await expect(createClient(BulletinService, dashboard("editor-token")).ingestBulletin({})).rejects.toMatchObject({
      code: Code.Unimplemented,
    });
  });

  it("reads the listen address", () => {
    expect(parseListen("127.0.0.1:8080")).toEqual({ host: "127.0.0.1", port: 8080 });
    expect(parseListen("[::1]:0")).toEqual({ host: "::1", port: 0 });
    expect(() => parseListen("8080")).toThrow(/host:port/);
  });
});
