// investtrack dashboard server: serves the built page and forwards its Connect calls to
// investtrackd over gRPC. Reads INVESTTRACK_SERVER, INVESTTRACK_TOKEN, INVESTTRACK_TLS_CA (and
// INVESTTRACK_TLS, INVESTTRACK_TLS_SERVER_NAME) and INVESTTRACK_DASHBOARD_LISTEN.
import { fileURLToPath } from "node:url";
import path from "node:path";
import { existsSync } from "node:fs";
import { fastify } from "fastify";
import fastifyStatic from "@fastify/static";
import { fastifyConnectPlugin } from "@connectrpc/connect-fastify";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { ConfigError, configFromEnv, type Config } from "./config.js";
import { registerForwarding } from "./proxy.js";

function upstreamTransport(config: Config) {
  return createGrpcTransport({
    baseUrl: `${config.tls ? "https" : "http"}://${config.server}`,
    nodeOptions: config.tls
      ? { ...(config.tlsCa ? { ca: config.tlsCa } : {}), ...(config.tlsServerName ? { servername: config.tlsServerName } : {}) }
      : {},
    // Long watch streams sit idle between changes; pings keep NATs and proxies from dropping them.
    pingIntervalMs: 30_000,
  });
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = configFromEnv(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`investtrack-dashboard: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
  // dist/node/server/main.js -> dist/web
  const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../web");
  if (!existsSync(path.join(webRoot, "index.html"))) {
    console.error(`investtrack-dashboard: no built page in ${webRoot}: run npm run build`);
    process.exit(2);
  }
  const app = fastify({
    logger: { level: process.env.INVESTTRACK_DASHBOARD_LOG_LEVEL || "warn" },
    // Open pages hold a WatchProjects stream each, which would keep close() waiting forever:
    // on stop, drop every connection (pages reconnect and resume on their own).
    forceCloseConnections: true,
  });
  const transport = upstreamTransport(config);
  await app.register(fastifyConnectPlugin, {
    routes: (router) => registerForwarding(router, transport, config.token),
  });
  await app.register(fastifyStatic, { root: webRoot });
  const address = await app.listen({ host: config.listenHost, port: config.listenPort });
  // One line the scripts and tests read to learn the address (port 0 picks a free one).
  console.log(`investtrack-dashboard listening on ${address} (investtrackd at ${config.server}${config.tls ? ", TLS" : ""})`);
  const stop = () => {
    void app.close().then(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

void main();
