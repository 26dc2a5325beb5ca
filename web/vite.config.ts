import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In development the API runs on its own port (`npm start`); Vite proxies everything that is not the web app.
const server = 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: {
    proxy: {
      '/api': { target: server, changeOrigin: true },
      '/health': { target: server, changeOrigin: true },
      '/metrics': { target: server, changeOrigin: true },
      '/gateway': { target: server, changeOrigin: true, ws: true },
    },
  },
});
