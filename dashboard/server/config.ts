// The dashboard server's settings, from the same environment variables as the CLI and the
// Python client, so one shell set-up serves all three.
import { readFileSync } from "node:fs";

export interface Config {
  // investtrackd's host:port.
  server: string;
  // Bearer token sent with every call the browser does not bring its own token for.
  token: string | undefined;
  // PEM CA to verify investtrackd with; set = TLS.
  tlsCa: Buffer | undefined;
  // TLS with the system's roots (INVESTTRACK_TLS=1), as the CLI's --tls.
  tls: boolean;
  tlsServerName: string | undefined;
  listenHost: string;
  listenPort: number;
}

export class ConfigError extends Error {}

// Splits host:port, with [v6]:port allowed; a port 0 asks for a free one.
export function parseListen(value: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(value);
  if (!match) throw new ConfigError(`INVESTTRACK_DASHBOARD_LISTEN: "${value}" is not host:port`);
  const port = Number(match[3]);
  if (port > 65535) throw new ConfigError(`INVESTTRACK_DASHBOARD_LISTEN: port ${port} is out of range`);
  return { host: (match[1] ?? match[2]) as string, port };
}

export function configFromEnv(env: NodeJS.ProcessEnv): Config {
  const listen = parseListen(env.INVESTTRACK_DASHBOARD_LISTEN || "127.0.0.1:8080");
  const caPath = env.INVESTTRACK_TLS_CA || undefined;
  let tlsCa: Buffer | undefined;
  if (caPath) {
    // Checked before serving, as the other clients do, rather than at the first call.
    try {
      tlsCa = readFileSync(caPath);
    } catch (e) {
      throw new ConfigError(`INVESTTRACK_TLS_CA: cannot read ${caPath}: ${(e as Error).message}`);
    }
    if (!tlsCa.toString("latin1").includes("-----BEGIN CERTIFICATE-----")) {
      throw new ConfigError(`INVESTTRACK_TLS_CA: ${caPath} holds no PEM certificate`);
    }
  }
  return {
    server: env.INVESTTRACK_SERVER || "127.0.0.1:50051",
    token: env.INVESTTRACK_TOKEN || undefined,
    tlsCa,
    tls: tlsCa !== undefined || env.INVESTTRACK_TLS === "1" || env.INVESTTRACK_TLS === "true",
    tlsServerName: env.INVESTTRACK_TLS_SERVER_NAME || undefined,
    listenHost: listen.host,
    listenPort: listen.port,
  };
}
