// Worker entry bundled by Next from our own sources (no CDN): Monaco's core editor worker.
import 'monaco-editor/esm/vs/editor/editor.worker.js';
