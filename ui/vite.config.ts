import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The window loads ui/dist from disk under a CSP of script-src 'self': everything is
// bundled, nothing comes from a CDN, and the dev server is only for `tauri dev`.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  server: { port: 1420, strictPort: true },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'safari15',
    sourcemap: false,
    // One stylesheet, linked from index.html: the app, loaded by boot.ts's
    // dynamic import, has every component's styles in its first frame instead of
    // fetching its own after it has drawn.
    cssCodeSplit: false,
  },
  resolve: process.env.VITEST ? { conditions: ['browser'] } : undefined,
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
