#!/usr/bin/env node
// The bundled CLI (dist/bundle/, see scripts/cli-bundle.ts); `npm install` builds dist/ through the prepare script.
import '../dist/bundle/ttads.js';
