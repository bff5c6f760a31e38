// Keeps a WatchProjects stream open: when it breaks (server restart, network, a proxy's idle
// timeout) it reconnects with the change_token of the last change it delivered, so nothing is
// missed or shown twice. Waits grow 0.5 s, 1 s, 2 s ... up to 10 s and start over once a
// change arrives.
import { Code, ConnectError } from "@connectrpc/connect";
import type { ProjectChange } from "./gen/investtrack/v1/project_service_pb.js";
import { ErrorInfoSchema } from "./gen/google/rpc/error_details_pb.js";

export type WatchFn = (resumeToken: string, signal: AbortSignal) => AsyncIterable<ProjectChange>;

export type FeedStatus =
  | { state: "connecting" }
  | { state: "live" }
  | { state: "retrying"; delayMs: number; error: unknown }
  | { state: "stopped"; error?: unknown };

export interface FeedOptions {
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  maxDelayMs?: number;
  firstDelayMs?: number;
}

// Retrying these cannot succeed: a token that is refused or a filter the server rejects.
const permanent = new Set<Code>([Code.Unauthenticated, Code.PermissionDenied, Code.Unimplemented]);

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

// A server that shuts down ends each watch UNAVAILABLE with the stream's position in an
// ErrorInfo's resumeToken: at or past the last change sent (past it when changes this stream's
// filter left out came after), so resuming there loses nothing and skips what was already read.
export function resumeTokenOf(error: unknown): string | undefined {
  for (const info of ConnectError.from(error).findDetails(ErrorInfoSchema)) {
    const token = info.metadata["resumeToken"];
    if (token) return token;
  }
  return undefined;
}

export function retryDelay(attempt: number, firstDelayMs = 500, maxDelayMs = 10_000): number {
  return Math.min(maxDelayMs, firstDelayMs * 2 ** attempt);
}

export class ChangeFeed {
  private controller = new AbortController();
  private token = "";
  private running = false;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly firstDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(
    private readonly watch: WatchFn,
    private readonly onChange: (change: ProjectChange) => void,
    private readonly onStatus: (status: FeedStatus) => void,
    options: FeedOptions = {},
  ) {
    this.sleep = options.sleep ?? defaultSleep;
    this.firstDelayMs = options.firstDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 10_000;
  }

  // The token of the last change delivered: where a reconnect resumes.
  get resumeToken(): string {
    return this.token;
  }

  // Runs until stop(); resolves then, or when the server refuses the caller for good.
  async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const signal = this.controller.signal;
    let attempt = 0;
    while (!signal.aborted) {
      this.onStatus({ state: "connecting" });
      let error: unknown = new ConnectError("watch stream ended", Code.Unavailable);
      try {
        const stream = this.watch(this.token, signal);
        // A watch sends nothing until something changes, so "live" means listening; a refused or
        // broken connection shows up as an error from the stream right after.
        this.onStatus({ state: "live" });
        for await (const change of stream) {
          this.token = change.changeToken;
          attempt = 0;
          this.onChange(change);
        }
      } catch (e) {
        error = e;
      }
      if (signal.aborted) break;
      const code = ConnectError.from(error).code;
      if (permanent.has(code)) {
        this.onStatus({ state: "stopped", error });
        this.running = false;
        return;
      }
      // A token the server no longer accepts (signed by a server with another page-token key)
      // would be refused forever: start from now instead, which may skip changes made while
      // disconnected; the table and figures are read again on reconnect anyway.
      if (code === Code.InvalidArgument && this.token !== "") this.token = "";
      else this.token = resumeTokenOf(error) ?? this.token;
      const delayMs = retryDelay(attempt, this.firstDelayMs, this.maxDelayMs);
      attempt += 1;
      this.onStatus({ state: "retrying", delayMs, error });
      await this.sleep(delayMs, signal);
    }
    this.running = false;
    this.onStatus({ state: "stopped" });
  }

  stop(): void {
    this.controller.abort();
  }
}
