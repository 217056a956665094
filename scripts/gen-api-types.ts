// `npm run gen:api-types`: writes web/api/schema.gen.ts from the server's OpenAPI document (see api-types.ts).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { API_TYPES_FILE, apiDocument, renderApiTypes } from './api-types.js';

const text = await renderApiTypes(await apiDocument());
await mkdir(dirname(API_TYPES_FILE), { recursive: true });
await writeFile(API_TYPES_FILE, text);
process.stdout.write(`wrote ${relative(process.cwd(), API_TYPES_FILE)}\n`);
