// The page's Connect clients. They talk to the dashboard server on the page's own origin, which
// forwards every call to investtrackd; a token typed into the page rides along as a bearer token.
import { createClient, type Client, type Interceptor } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-web";
import { CallerService } from "./gen/investtrack/v1/caller_service_pb.js";
import { ProjectService } from "./gen/investtrack/v1/project_service_pb.js";
import { ReportService } from "./gen/investtrack/v1/report_service_pb.js";

export interface Api {
  projects: Client<typeof ProjectService>;
  reports: Client<typeof ReportService>;
  caller: Client<typeof CallerService>;
}

export function bearer(token: () => string | null): Interceptor {
  return (next) => async (request) => {
    const t = token();
    if (t) request.header.set("authorization", `Bearer ${t}`);
    return next(request);
  };
}

export function createApi(baseUrl: string, token: () => string | null): Api {
  const transport = createConnectTransport({ baseUrl, interceptors: [bearer(token)] });
  return {
    projects: createClient(ProjectService, transport),
    reports: createClient(ReportService, transport),
    caller: createClient(CallerService, transport),
  };
}
