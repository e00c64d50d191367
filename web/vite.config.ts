// Vite build of the Monitoring hub. `npm run build` writes web/dist, which the SWA front door serves.
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [react()],
  // shared/domain (imported for the API contracts) must use the same zod as web/, not a second copy.
  resolve: { dedupe: ["zod"] },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
  },
});
