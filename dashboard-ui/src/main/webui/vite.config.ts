import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

// Maven passes WEBUI_OUT_DIR (target/classes/META-INF/resources): Quarkus serves static files from there.
const outDir = process.env.WEBUI_OUT_DIR
  ?? fileURLToPath(new URL('../../../target/classes/META-INF/resources', import.meta.url));

export default defineConfig({
  plugins: [react()],
  base: './',
  build: {
    outDir,
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    sourcemap: false,
  },
  server: {
    // `npm run dev` against a running gateway (./traverse up): same origin for /api as in production
    proxy: { '/api': 'http://127.0.0.1:8080', '/ui-config.json': 'http://127.0.0.1:8080' },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
