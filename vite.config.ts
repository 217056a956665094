import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web app (web/) is built into dist/web, which `ttads serve` serves at `/`. In development,
// `npx vite --config vite.config.ts` proxies the API to a `ttads serve` on port 8080.
export default defineConfig({
  root: 'web',
  base: '/',
  plugins: [react()],
  build: { outDir: '../dist/web', emptyOutDir: true, sourcemap: true },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080', '/oauth': 'http://127.0.0.1:8080' },
  },
});
