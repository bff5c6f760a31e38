import { defineConfig } from "vitest/config";

// The page is built into dist/web, which the Node server serves; `vite dev` is not used because
// the page needs the server's Connect routes on its own origin.
export default defineConfig({
  build: {
    outDir: "dist/web",
    emptyOutDir: true,
    // ECharts alone is ~600 kB minified; the page is served from the office's own machine.
    chunkSizeWarningLimit: 1500,
  },
  test: {
    include: ["src/**/*.test.ts", "server/**/*.test.ts"],
    environment: "node",
  },
});
