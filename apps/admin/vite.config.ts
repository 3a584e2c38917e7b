import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const apiUrl = 'http://127.0.0.1:3000';

// Served by the API under /admin/ in production; in development every path outside /admin/ is an API call.
export default defineConfig({
  base: '/admin/',
  plugins: [react()],
  resolve: {
    // Contracts from their source, as tsconfig's paths have them, so that the bundle takes only the few
    // values the app uses (DOMINANT_ORDER; the package is free of side effects), not all of zod.
    alias: { '@herald/contracts': fileURLToPath(new URL('../../packages/contracts/src/index.ts', import.meta.url)) },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    proxy: {
      '^/(?!admin(/|$)).*': { target: apiUrl, changeOrigin: true },
    },
  },
  // One bundle for an internal tool that is cached after the first visit; Mantine's styles and icons make it large.
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1200 },
});
