// Types for what Vite's bundler supplies: imported images and `?url` imports (the pdf.js
// worker) become URLs, and `import.meta.env` says whether this is the dev server.
/// <reference types="vite/client" />
