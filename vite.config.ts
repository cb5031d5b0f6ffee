import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web app lives in web/ and is built next to the server build, which serves it from dist/web.
// The server's CSP allows only same-origin scripts, so nothing here may inline a script into index.html.
export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    // Keeps the HTML free of the inline modulepreload polyfill; every browser we target has modulepreload.
    modulePreload: { polyfill: false },
    // Libraries change less often than the app: their own chunks stay cached across releases, and no
    // chunk comes near the 500 kB warning. test/web-bundle.test.ts holds the first load under 250 kB gzipped.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 3 },
            { name: 'router', test: /node_modules[\\/](react-router|cookie|set-cookie-parser)[\\/]/, priority: 2 },
            { name: 'vendor', test: /node_modules[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
