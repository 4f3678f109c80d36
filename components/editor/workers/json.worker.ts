// Worker entry bundled by Next from our own sources (no CDN): Monaco's JSON language service.
import 'monaco-editor/esm/vs/language/json/json.worker.js';
