// Drawing a PDF's pages onto canvases with pdf.js (WebKitGTK has no PDF viewer of its own).
// Loaded on demand (a dynamic import), so the first screens do not carry it. Everything comes
// from the app itself: the worker script and pdf.js's own data (fonts a PDF names without
// embedding them, image decoders) are bundled into ui/dist by vite.config.ts; nothing is
// fetched from anywhere else, and no PDF script, link or form is ever run or followed.
import {
  GlobalWorkerOptions,
  RenderingCancelledException,
  getDocument,
  type PDFDocumentProxy,
  type RenderTask,
} from "pdfjs-dist/legacy/build/pdf.mjs";
import workerUrl from "pdfjs-dist/legacy/build/pdf.worker.min.mjs?url";

GlobalWorkerOptions.workerSrc = workerUrl;

/** Where vite.config.ts puts pdf.js's data in the built app (the dev server serves it from the package). */
const DATA = import.meta.env.DEV ? "/node_modules/pdfjs-dist/" : "/pdfjs/";

/** A page's size in CSS pixels at 100%. */
export interface PageSize {
  width: number;
  height: number;
}

/** A page being drawn: `done` says whether it was drawn (false: cancelled first). */
export interface Drawing {
  done: Promise<boolean>;
  cancel(): void;
}

/** An open PDF: its page count, each page's size, and drawing a page. */
export interface OpenPdf {
  pages: number;
  /** Page `page`'s size (1-based). */
  size(page: number): Promise<PageSize>;
  /** Draws page `page` into `canvas`, `width` CSS pixels wide, sharp on this screen. */
  draw(page: number, canvas: HTMLCanvasElement, width: number): Drawing;
  close(): Promise<void>;
}

/** Opens a PDF from its bytes (which pdf.js takes over). */
export async function openPdf(bytes: ArrayBuffer): Promise<OpenPdf> {
  const loading = getDocument({
    data: new Uint8Array(bytes),
    enableXfa: false,
    // An image in a PDF declaring more pixels than a 600 dpi scan of an A3 page is not drawn
    // (the rest of the page is): a hostile file cannot make the window allocate gigabytes.
    maxImageSize: 100_000_000,
    standardFontDataUrl: `${DATA}standard_fonts/`,
    wasmUrl: `${DATA}wasm/`,
    cMapUrl: `${DATA}cmaps/`,
    iccUrl: `${DATA}iccs/`,
    disableWorkerRendering: true,
  });
  const pdf: PDFDocumentProxy = await loading.promise;
  const size = async (page: number) => {
    const viewport = (await pdf.getPage(page)).getViewport({ scale: 1 });
    return { width: viewport.width, height: viewport.height };
  };
  return {
    pages: pdf.numPages,
    size,
    draw(page, canvas, width) {
      let task: RenderTask | null = null;
      let cancelled = false;
      const done = (async () => {
        const proxy = await pdf.getPage(page);
        if (cancelled) return false;
        const natural = proxy.getViewport({ scale: 1 });
        const viewport = proxy.getViewport({ scale: (width / natural.width) * (window.devicePixelRatio || 1) });
        canvas.width = Math.floor(viewport.width);
        canvas.height = Math.floor(viewport.height);
        task = proxy.render({ canvas, viewport });
        try {
          await task.promise;
          return true;
        } catch (error) {
          if (error instanceof RenderingCancelledException) return false;
          throw error;
        }
      })();
      return {
        done,
        cancel() {
          cancelled = true;
          task?.cancel();
        },
      };
    },
    close: () => loading.destroy(),
  };
}
