/// <reference lib="webworker" />
// ELK's layout engine in a web worker: importing it inside a worker makes it answer ELK's
// own message protocol (elk-api on the main thread talks to it).
import 'elkjs/lib/elk-worker.min.js';
