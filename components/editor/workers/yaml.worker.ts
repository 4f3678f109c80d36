// Worker entry bundled by Next from our own sources (no CDN): monaco-yaml's language server.
import 'monaco-yaml/yaml.worker.js';
